import { isGraphId, itemRequest, myItemRequest, type GraphRequest } from './graph';
import type { Job } from './job';

/**
 * Which Graph request names the item a finished copy produced, from what the monitor told us:
 *  1. the redirect target or `resourceLocation` (`…/drives/{d}/items/{id}` on Graph, OneDrive
 *     or SharePoint's `_api/v2.x`): both ids, whatever the host was;
 *  2. `resourceId` with the destination drive we chose, for copies started here;
 *  3. `resourceId` alone: the user's own drive (a pasted personal-OneDrive job).
 * Null when there is nothing to go on. The request goes to Graph only, never to the host the
 * monitor named (that host's URL is pre-authenticated and must not see a token).
 */
export function resultLookupRequest(job: Pick<Job, 'resourceId' | 'resourceUrl' | 'copy'>): GraphRequest | null {
  const fromUrl = idsFromItemUrl(job.resourceUrl);
  if (fromUrl !== null) return itemRequest(fromUrl.driveId, fromUrl.itemId);
  const id = job.resourceId;
  if (id === null || !isGraphId(id)) return null;
  if (job.copy !== undefined) return itemRequest(job.copy.destination.driveId, id);
  return myItemRequest(id);
}

const ITEM_PATH = /\/drives\/([^/?#]+)\/items\/([^/?#]+)\/?$/;

/** `{driveId, itemId}` from an item URL's path, or null. */
export function idsFromItemUrl(url: string | null): { driveId: string; itemId: string } | null {
  if (url === null) return null;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const match = ITEM_PATH.exec(path);
  if (match === null) return null;
  let driveId: string;
  let itemId: string;
  try {
    driveId = decodeURIComponent(match[1] as string);
    itemId = decodeURIComponent(match[2] as string);
  } catch {
    return null;
  }
  return isGraphId(driveId) && isGraphId(itemId) ? { driveId, itemId } : null;
}
