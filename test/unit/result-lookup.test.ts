import { describe, expect, it } from 'vitest';
import { idsFromItemUrl, resultLookupRequest } from '../../src/core/result-lookup';

const none = { resourceId: null, resourceUrl: null } as const;
const copy = { destination: { driveId: 'b!DEST', folderId: '01FOLDER' }, folderName: 'Archive' };

describe('finding the item a finished copy produced', () => {
  it('reads both ids from an item URL on Graph, OneDrive or SharePoint', () => {
    expect(idsFromItemUrl('https://graph.microsoft.com/v1.0/drives/b!abc/items/01XYZ')).toEqual({
      driveId: 'b!abc',
      itemId: '01XYZ',
    });
    expect(idsFromItemUrl('https://api.onedrive.com/v1.0/drives/1234ABCD/items/1234ABCD!105')).toEqual({
      driveId: '1234ABCD',
      itemId: '1234ABCD!105',
    });
    expect(
      idsFromItemUrl('https://contoso.sharepoint.com/_api/v2.0/drives/b%21abc/items/01XYZ?tempauth=SECRET'),
    ).toEqual({ driveId: 'b!abc', itemId: '01XYZ' });
  });

  it('refuses URLs that do not name one item', () => {
    expect(idsFromItemUrl(null)).toBeNull();
    expect(idsFromItemUrl('not a url')).toBeNull();
    expect(idsFromItemUrl('https://graph.microsoft.com/v1.0/drives/b!abc/items/01XYZ/children')).toBeNull();
    expect(idsFromItemUrl('https://graph.microsoft.com/v1.0/drives/b!abc/items/%2e%2e')).toBeNull();
    expect(idsFromItemUrl('https://graph.microsoft.com/v1.0/drives/%E0%A4%A/items/1')).toBeNull();
  });

  it('asks Graph (never the monitor host) by URL ids, then by the destination drive, then by the own drive', () => {
    expect(
      resultLookupRequest({
        ...none,
        resourceId: 'IGNORED',
        resourceUrl: 'https://contoso.sharepoint.com/_api/v2.0/drives/b!abc/items/01XYZ',
        copy,
      })?.url,
    ).toBe(
      'https://graph.microsoft.com/v1.0/drives/b!abc/items/01XYZ?$select=id,name,webUrl,size,folder,file,parentReference,remoteItem',
    );
    expect(resultLookupRequest({ ...none, resourceId: '01NEW', copy })?.url).toMatch(
      /^https:\/\/graph\.microsoft\.com\/v1\.0\/drives\/b!DEST\/items\/01NEW\?/,
    );
    expect(resultLookupRequest({ ...none, resourceId: 'ABC!12' })?.url).toMatch(
      /^https:\/\/graph\.microsoft\.com\/v1\.0\/me\/drive\/items\/ABC!12\?/,
    );
  });

  it('has nothing to ask without an id, or with an id that could escape its path segment', () => {
    expect(resultLookupRequest(none)).toBeNull();
    expect(resultLookupRequest({ ...none, resourceId: '..' })).toBeNull();
    expect(resultLookupRequest({ ...none, resourceId: ' 01A' })).toBeNull();
  });
});
