// Firefox event page entry (background.page, which has a DOM): MSAL runs right here behind the
// same AuthCommands as Chrome's offscreen document, loaded on the first call that needs it.
// Wiring only; startBackground registers every listener synchronously.
import browser from 'webextension-polyfill';
import { startBackground } from '../background/main';
import { createFirefoxAuthHost } from './auth-host-firefox';
import { loadMsalAuth } from './load-msal';

startBackground({ auth: createFirefoxAuthHost(browser, loadMsalAuth) });
