/**
 * Keys the background keeps in storage.local beside `job:<id>`. Apart from stored-jobs.ts so a
 * page that only needs a key does not load the record readers (Firefox's event page shares
 * chunks with the popup).
 */
export const HOST_GATES_KEY = 'hostGates';
export const NOTIFICATION_KEY_PREFIX = 'notification:';
export const QUARANTINE_KEY_PREFIX = 'quarantine:';
