import { CommandSchema, type Command } from '../core/command-schema';
import { fail, type CommandResult } from '../core/messages';

export interface SenderInfo {
  id?: string | undefined;
  url?: string | undefined;
}

/**
 * Validates a runtime message before anything acts on it: it must come from this extension's
 * own pages (not a content script, not another extension) and match a known command.
 */
export function createMessageRouter(options: {
  extensionId: string;
  extensionOrigin: string;
  run: (command: Command) => Promise<CommandResult>;
}) {
  return async (message: unknown, sender: SenderInfo): Promise<CommandResult> => {
    if (!isOwnPage(sender, options.extensionId, options.extensionOrigin)) return fail('forbiddenSender');
    const parsed = CommandSchema.safeParse(message);
    if (!parsed.success) return fail('badMessage');
    try {
      return await options.run(parsed.data);
    } catch (error) {
      console.error('Copy Progress: command failed', parsed.data.type, error instanceof Error ? error.name : 'unknown');
      return fail('internal');
    }
  };
}

export function isOwnPage(sender: SenderInfo, extensionId: string, extensionOrigin: string): boolean {
  if (sender.id !== extensionId) return false;
  // Extension pages have a URL on our own origin; anything else (a content script in a web
  // page) is refused.
  return typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}
