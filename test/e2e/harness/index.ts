/** What end-to-end tests import: launch helpers for each browser, plus the simulator. */
export { launchChromium, type ChromiumExtension, type LaunchChromiumOptions } from './chromium';
export {
  launchFirefox,
  FIREFOX_TEST_UUID,
  type FirefoxExtension,
  type LaunchFirefoxOptions,
  type NotificationEvent,
} from './firefox';
export type { BadgeState, ExtensionApi, ExtensionGlobal } from './extension-global';
export { jobRecords, type StoredJob } from './stored-jobs';
export { DIST_CHROME, DIST_FIREFOX, REPO_ROOT, RESULTS_DIR, resultPath } from './paths';
export { startSimulator, type Simulator } from '../../simulator/server';
export { fillByLabel, clickButton, selectByLabel, findGroup, type FindOptions } from './firefox-dom';
export { alertWindows, clickAlertWindow, type AlertWindow } from './firefox-alerts';
export { readRows, trackFormIdle, waitForValue, type RowView } from './popup-rows';
export { EN, PT, type MessageKey } from './messages';
