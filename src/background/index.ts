// Chrome service worker entry: MSAL lives in an offscreen document (sign-in.md "Where MSAL can
// run"), reached through the token provider. Wiring only.
import { startBackground } from './main';
import { createChromeTokenProvider, type ChromeAuthApi } from './token-provider-chrome';

const chromeApi = (globalThis as { chrome?: Partial<ChromeAuthApi> }).chrome;
startBackground({
  auth:
    chromeApi?.offscreen !== undefined && chromeApi.identity !== undefined
      ? createChromeTokenProvider(chromeApi as ChromeAuthApi)
      : undefined,
});
