/**
 * Keys the background keeps in storage.local beside `job:<id>`. Apart from stored-jobs.ts so a
 * page that only needs a key never carries the record readers.
 */
export const HOST_GATES_KEY = 'hostGates';
export const NOTIFICATION_KEY_PREFIX = 'notification:';
export const QUARANTINE_KEY_PREFIX = 'quarantine:';
