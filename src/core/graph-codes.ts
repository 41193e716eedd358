/**
 * What pages need from the Graph module without its request builders: error codes (also locale
 * keys), input limits and the item-name rule. Kept apart so that a page importing them never
 * carries the builders, whatever chunk the bundler puts this module in.
 */

/**
 * Error codes double as locale message keys. `graphNetwork` is a fetch that threw (pass
 * `null` as the response) or an opaque status 0.
 */
export const GRAPH_ERROR_CODES = [
  'graphBadRequest',
  'graphUnauthorized',
  'graphForbidden',
  'graphNotFound',
  'graphNameConflict',
  'graphInsufficientStorage',
  'graphThrottled',
  'graphServerError',
  'graphBadResponse',
  'graphNetwork',
] as const;
export type GraphErrorCode = (typeof GRAPH_ERROR_CODES)[number];

/** Codes for a sharing link or copy name the user typed. Also locale keys. */
export const GRAPH_INPUT_ERROR_CODES = [
  'shareUrlEmpty',
  'shareUrlTooLong',
  'shareUrlInvalid',
  'shareUrlNotHttps',
  'shareUrlHostNotAllowed',
  'copyNameInvalid',
] as const;
export type GraphInputErrorCode = (typeof GRAPH_INPUT_ERROR_CODES)[number];

/** Longest sharing link accepted. */
export const MAX_SHARE_URL_LENGTH = 4096;

export const MAX_ITEM_NAME_LENGTH = 255;

/**
 * A name OneDrive and SharePoint both accept: no `" * : < > ? / \ |`, no control characters,
 * no leading or trailing blanks, no trailing dot, not `.` or `..`, at most 255 characters.
 */
export function isValidItemName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= MAX_ITEM_NAME_LENGTH &&
    name.trim() === name &&
    !name.endsWith('.') &&
    !/["*:<>?/\\|\x00-\x1f\x7f]/.test(name)
  );
}
