import browser from 'webextension-polyfill';
import { CommandResultSchema, fail, type Command, type CommandResult } from '../core/messages';

/**
 * Sends one command to the background. Never throws: no answer, a rejected promise or an
 * answer of the wrong shape all count as `internal`.
 */
export async function sendCommand(command: Command): Promise<CommandResult> {
  let answer: unknown;
  try {
    answer = await browser.runtime.sendMessage(command);
  } catch {
    return fail('internal');
  }
  const parsed = CommandResultSchema.safeParse(answer);
  return parsed.success ? parsed.data : fail('internal');
}

export type SendCommand = typeof sendCommand;
