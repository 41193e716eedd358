import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { SIM_CLIENT_ID, SIM_USER } from '../../simulator/identity';
import type { Simulator } from '../../simulator/server';
import type { ExtensionGlobal } from './extension-global';

/**
 * Steps the Chrome and Firefox sign-in tests share. Either browser's extension fits: the probe
 * page's `evaluate` runs in an extension page, where Firefox offers `browser` and Chrome `chrome`.
 */
export interface SignInTarget {
  probe(): Promise<{ evaluate(fn: (clientId: string) => Promise<void>, clientId: string): Promise<unknown> }>;
  send(command: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** The options as the options page would save them, with the simulator's client ID. */
export async function configureClientId(target: SignInTarget): Promise<void> {
  await (
    await target.probe()
  ).evaluate((clientId) => {
    const g = globalThis as unknown as Partial<ExtensionGlobal>;
    return (g.browser ?? g.chrome)!.storage.local.set({
      settings: {
        v: 1,
        clientId,
        tenant: 'common',
        useAllFilesScope: false,
        notifyOn: { completed: true, failed: true, expired: true },
        pollWhilePopupClosed: true,
      },
    });
  }, SIM_CLIENT_ID);
}

/** Token requests as "grant status [AADSTS code]", in order. */
export const tokenLog = (sim: Simulator): string[] =>
  sim.identity.tokenRequests.map((t) => `${t.grantType} ${t.status}${t.errorCode === null ? '' : ` ${t.errorCode}`}`);

/**
 * Signs in, closes the browser, starts it again on the same profile: the account must still be
 * signed in, renewed silently (one refresh-token redemption) with no authorize request.
 */
export async function expectSignInSurvivesRestart(
  sim: Simulator,
  launch: (profile: string) => Promise<SignInTarget>,
): Promise<void> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'copy-e2e-restart-'));
  try {
    const first = await launch(profile);
    await configureClientId(first);
    expect(await first.send({ type: 'signIn' })).toEqual({ ok: true, data: { username: SIM_USER.preferredUsername } });
    await first.close();

    const authorizeBefore = sim.identity.authorizeRequests.length;
    const tokensBefore = sim.identity.tokenRequests.length;
    const second = await launch(profile);
    try {
      expect(await second.send({ type: 'authStatus' })).toMatchObject({
        ok: true,
        data: { signedIn: true, state: 'signedIn', username: SIM_USER.preferredUsername },
      });
      expect(sim.identity.authorizeRequests).toHaveLength(authorizeBefore);
      expect(tokenLog(sim).slice(tokensBefore)).toEqual(['refresh_token 200']);
    } finally {
      await second.close();
    }
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
