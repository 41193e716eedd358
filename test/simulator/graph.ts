import { randomBytes, randomUUID } from 'node:crypto';
import type { IdentityPlatform } from './identity';
import { SIM_USER } from './identity';
import type { CreatedJob, JobRegistry } from './jobs';
import type { SimResponse } from './responses';
import { resolveScenario, type Scenario } from './scenario';
import { corsHeaders, jsonAnswer, preflight, type SimRequest } from './web';

/**
 * A fake Microsoft Graph, just the OneDrive part the extension needs to start copies:
 *   GET  /v1.0/me                                         the signed-in user
 *   GET  /v1.0/me/drive, /v1.0/drives/{d}                 a drive
 *   GET  /v1.0/me/drive/root, /v1.0/drives/{d}/root       its root folder
 *   GET  /v1.0/me/drive/items/{id}, /v1.0/drives/{d}/items/{id}            an item ("root" works too)
 *   GET  .../root/children, .../items/{id}/children       a folder's children (no paging)
 *   GET  /v1.0/shares/{u!base64url(sharing URL)}/driveItem                 what a sharing link points to
 *   POST /v1.0/drives/{d}/items/{id}/copy, /v1.0/me/drive/items/{id}/copy  202 + Location: a new monitor job
 * Every call needs `Authorization: Bearer <access token from the identity fake>` (401
 * InvalidAuthenticationToken otherwise; OPTIONS preflights excepted). Answers carry CORS headers
 * for whatever Origin asked. The copy's result item appears when its job completes, under the
 * id the monitor reports as `resourceId`.
 */

const ROOT = 'root';
const WEB = 'https://contoso-my.sharepoint.com/personal';
const id34 = (tag: string): string => `01${tag.toUpperCase().padEnd(32, 'A')}`;

/** Adele's own OneDrive (`/me/drive`). */
export const SIM_DRIVE_ID = 'b!SimAdeleVDrive7kQvYx3Lw9Hn2Rj5Ud8Fa1Zc6Tb4Mp0Eg2Xs5Wq8Ko3Ni7Ph1J';
/** Megan's OneDrive, which Adele can read (through a sharing link) but not write to. */
export const SIM_SHARED_DRIVE_ID = 'b!SimMeganBDrive2pLr8Ty4Ua6Ic0Ox3Ev9Bn1Km5Jh7Gf2Ds4Aq6Zw8Xe0Rt3Y';

/** Ids of the fixed tree (see `initialTree`). */
export const SIM_ITEMS = {
  root: id34('ROOTADELE'),
  reports: id34('REPORTS'),
  report: id34('QONEREPORT'),
  budget: id34('BUDGET'),
  photos: id34('PHOTOS'),
  holiday: id34('HOLIDAY'),
  beach: id34('BEACHJPG'),
  projects: id34('PROJECTS'),
  apollo: id34('APOLLO'),
  plan: id34('PLANMD'),
  notes: id34('NOTESTXT'),
  sharedRoot: id34('ROOTMEGAN'),
  sharedPlans: id34('SHAREDPLANS'),
  roadmap: id34('ROADMAP'),
} as const;

/** Sharing links that `/shares/{encoded}/driveItem` knows (item webUrls resolve too). */
export const SIM_SHARING_URLS = {
  projects: `https://contoso-my.sharepoint.com/:f:/g/personal/adelev_contoso_onmicrosoft_com/EsimProjectsLinkQ7vWm2Xb9Kc4Tn?e=Pr0j3c`,
  report: `https://contoso-my.sharepoint.com/:w:/g/personal/adelev_contoso_onmicrosoft_com/EsimReportLinkH3sLk8Vd1Qa6Yr?e=R3p0rt`,
  sharedPlans: `https://contoso-my.sharepoint.com/:f:/g/personal/meganb_contoso_onmicrosoft_com/EsimPlansLinkZ5nBc2Pw7Jf4Mg?e=Pl4n5x`,
} as const;

/** The `{encoded}` of `/shares/{encoded}/driveItem`: "u!" + unpadded base64url of the URL. */
export const encodeSharingUrl = (url: string): string => `u!${Buffer.from(url, 'utf8').toString('base64url')}`;

export interface GraphOptions {
  /** Scenario for jobs started by a copy when none was queued. Default: Business host, 5 s. */
  copyScenario?: Scenario;
}

interface DriveInfo {
  id: string;
  name: string;
  owner: { id: string; displayName: string; email: string };
  webUrl: string;
  rootId: string;
  readOnly: boolean;
}

interface Node {
  id: string;
  driveId: string;
  name: string;
  parentId: string | null;
  kind: 'folder' | 'file';
  size: number;
  mimeType: string | null;
  createdAt: number;
  /** Made by a copy: visible only once that job has completed. */
  pendingJobId: string | null;
  /** Replaced by a copy with conflictBehavior=replace: hidden once the replacement is visible. */
  replacedBy: string | null;
}

/** One accepted copy (202). */
export interface CopyRecord {
  time: number;
  jobId: string;
  sourceId: string;
  /** The id the monitor reports as `resourceId` and GET .../items/{id} answers once complete. */
  newItemId: string;
  targetDriveId: string;
  targetParentId: string;
  name: string;
  conflictBehavior: string | null;
}

export interface GraphResult {
  answer: SimResponse;
  jobId: string | null;
  /** Path to log instead of the real one (sharing URLs are kept out of the log). */
  logPath?: string;
}

interface Throttle {
  count: number;
  status: 429 | 503;
  retryAfterS: number;
  only: 'copy' | 'all';
}

const EXPOSE = ['Location', 'Retry-After', 'request-id', 'client-request-id', 'WWW-Authenticate'];
const READ_SCOPE =
  /^(?:https:\/\/graph\.microsoft\.com\/)?(?:Files\.(?:Read|ReadWrite)(?:\.All)?|Sites\.\w+\.All|\.default)$/i;
const WRITE_SCOPE =
  /^(?:https:\/\/graph\.microsoft\.com\/)?(?:Files\.ReadWrite(?:\.All)?|Sites\.(?:ReadWrite|Manage|FullControl)\.All|\.default)$/i;

function newItemId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return `01${[...randomBytes(32)].map((b) => alphabet[b % 32]).join('')}`;
}

const MIME: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  jpg: 'image/jpeg',
  md: 'text/markdown',
  txt: 'text/plain',
};

function initialTree(now: number): { drives: DriveInfo[]; nodes: Node[] } {
  const created = now - 30 * 24 * 60 * 60 * 1000;
  const drives: DriveInfo[] = [
    {
      id: SIM_DRIVE_ID,
      name: 'OneDrive',
      owner: { id: SIM_USER.oid, displayName: SIM_USER.name, email: SIM_USER.preferredUsername },
      webUrl: `${WEB}/adelev_contoso_onmicrosoft_com/Documents`,
      rootId: SIM_ITEMS.root,
      readOnly: false,
    },
    {
      id: SIM_SHARED_DRIVE_ID,
      name: 'OneDrive',
      owner: {
        id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        displayName: 'Megan Bowen',
        email: 'MeganB@contoso.onmicrosoft.com',
      },
      webUrl: `${WEB}/meganb_contoso_onmicrosoft_com/Documents`,
      rootId: SIM_ITEMS.sharedRoot,
      readOnly: true,
    },
  ];
  const n = (driveId: string, id: string, parentId: string | null, name: string, size?: number): Node => ({
    id,
    driveId,
    name,
    parentId,
    kind: size === undefined ? 'folder' : 'file',
    size: size ?? 0,
    mimeType: size === undefined ? null : (MIME[name.split('.').at(-1) ?? ''] ?? 'application/octet-stream'),
    createdAt: created,
    pendingJobId: null,
    replacedBy: null,
  });
  const a = SIM_DRIVE_ID;
  const m = SIM_SHARED_DRIVE_ID;
  const i = SIM_ITEMS;
  return {
    drives,
    nodes: [
      n(a, i.root, null, 'root'),
      n(a, i.reports, i.root, 'Reports'),
      n(a, i.report, i.reports, 'Q1 Report.docx', 24_576),
      n(a, i.budget, i.reports, 'Budget 2025.xlsx', 18_230),
      n(a, i.photos, i.root, 'Photos'),
      n(a, i.holiday, i.photos, 'Holiday'),
      n(a, i.beach, i.holiday, 'beach.jpg', 2_345_678),
      n(a, i.projects, i.root, 'Projects'),
      n(a, i.apollo, i.projects, 'Apollo'),
      n(a, i.plan, i.apollo, 'plan.md', 1_204),
      n(a, i.notes, i.root, 'Notes.txt', 512),
      n(m, i.sharedRoot, null, 'root'),
      n(m, i.sharedPlans, i.sharedRoot, 'Shared Plans'),
      n(m, i.roadmap, i.sharedPlans, 'Roadmap.pptx', 1_048_576),
    ],
  };
}

export class GraphService {
  /** Every accepted copy, oldest first. */
  readonly copies: CopyRecord[] = [];

  private readonly drives = new Map<string, DriveInfo>();
  private readonly nodes = new Map<string, Node>();
  private readonly sharingUrls = new Map<string, string>();
  private readonly queuedScenarios: Scenario[] = [];
  private readonly throttles: Throttle[] = [];
  private readonly defaultScenario: Scenario;

  constructor(
    private readonly ctx: {
      clock: () => number;
      identity: IdentityPlatform;
      jobs: JobRegistry;
      createJob: (scenario: Scenario) => CreatedJob;
    },
    options: GraphOptions = {},
  ) {
    const tree = initialTree(ctx.clock());
    for (const d of tree.drives) this.drives.set(d.id, d);
    for (const node of tree.nodes) this.nodes.set(node.id, node);
    this.sharingUrls.set(SIM_SHARING_URLS.projects, SIM_ITEMS.projects);
    this.sharingUrls.set(SIM_SHARING_URLS.report, SIM_ITEMS.report);
    this.sharingUrls.set(SIM_SHARING_URLS.sharedPlans, SIM_ITEMS.sharedPlans);
    this.defaultScenario = options.copyScenario ?? { host: 'business', durationMs: 5_000, label: 'graph copy' };
    resolveScenario(this.defaultScenario);
  }

  // ---- scripting, for tests ----

  /** The next copy starts a job with this scenario (queued; one per copy). Validated now. */
  nextCopyScenario(scenario: Scenario): void {
    resolveScenario(scenario);
    this.queuedScenarios.push(scenario);
  }

  /** The next `count` copies (or, with only: 'all', any Graph calls) answer 429/503 with Retry-After. */
  throttleNext(count = 1, options: { status?: 429 | 503; retryAfterS?: number; only?: 'copy' | 'all' } = {}): void {
    this.throttles.push({
      count,
      status: options.status ?? 429,
      retryAfterS: options.retryAfterS ?? 1,
      only: options.only ?? 'copy',
    });
  }

  /** The item as Graph would answer it now, or null if it does not exist (yet). */
  item(id: string): Record<string, unknown> | null {
    const node = this.nodes.get(id);
    return node && this.visible(node) ? this.itemJson(node) : null;
  }

  /** Items in a folder right now (names only), for assertions. */
  childNames(folderId: string): string[] {
    return this.children(folderId).map((c) => c.name);
  }

  /** A sharing link that resolves to `itemId` through /shares. */
  addSharingUrl(url: string, itemId: string): void {
    this.sharingUrls.set(url, itemId);
  }

  // ---- HTTP ----

  handle(req: SimRequest): GraphResult {
    const rest = req.url.pathname.slice('/v1.0'.length);
    const shareMatch = /^\/shares\/([^/]+)\/driveItem$/.exec(rest);
    const logPath = shareMatch ? '/v1.0/shares/{encoded}/driveItem' : undefined;
    const done = (answer: SimResponse, jobId: string | null = null): GraphResult => ({
      answer: { ...answer, headers: { ...answer.headers, ...corsHeaders(req, EXPOSE), 'request-id': randomUUID() } },
      jobId,
      ...(logPath !== undefined ? { logPath } : {}),
    });
    if (req.method === 'OPTIONS')
      return done(preflight(req, 'GET, POST, PUT, PATCH, DELETE, OPTIONS', 'graph preflight'));

    const auth = this.ctx.identity.checkAccessToken(req.headers.authorization);
    if (!auth.ok) {
      const message = {
        missing: 'Access token is empty.',
        malformed: 'IDX14100: JWT is not well formed, there are no dots (.).',
        unknown: 'Invalid signature.',
        expired: 'Lifetime validation failed, the token is expired.',
      }[auth.reason];
      return done(
        graphError(401, 'InvalidAuthenticationToken', message, `401 ${auth.reason} token`, {
          'www-authenticate':
            'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
        }),
      );
    }
    const scopes = auth.grant.scopes;
    const isCopy = /\/copy$/.test(rest);
    const throttle = this.throttles.find((t) => t.count > 0 && (t.only === 'all' || isCopy));
    if (throttle) {
      throttle.count--;
      const body =
        throttle.status === 429
          ? { code: 'activityLimitReached', message: 'The request has been throttled' }
          : { code: 'serviceNotAvailable', message: 'Service Unavailable' };
      return done(
        graphError(throttle.status, body.code, body.message, `throttled ${throttle.status}`, {
          'retry-after': String(throttle.retryAfterS),
        }),
      );
    }

    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (rest === '/me') {
      if (method !== 'GET') return done(notAllowed(req.method));
      return done(
        graphJson(
          200,
          {
            id: SIM_USER.oid,
            displayName: SIM_USER.name,
            userPrincipalName: SIM_USER.preferredUsername,
            mail: SIM_USER.preferredUsername,
          },
          'me',
        ),
      );
    }
    const canRead = scopes.some((s) => READ_SCOPE.test(s));
    const denied = (): GraphResult =>
      done(graphError(403, 'accessDenied', 'Either scp or roles claim need to be present in the token.', '403 scope'));

    if (shareMatch?.[1]) {
      if (method !== 'GET') return done(notAllowed(req.method));
      if (!canRead) return denied();
      const share = this.resolveShare(decodeURIComponent(shareMatch[1]));
      if (share.bad) return done(graphError(400, 'invalidRequest', 'Invalid shares key.', 'share bad key'));
      const node = share.id === null ? undefined : this.nodes.get(share.id);
      if (!node || !this.visible(node)) return done(itemNotFound('share unknown'));
      return done(graphJson(200, this.itemJson(node), 'share'));
    }

    const m = /^\/(?:me\/drive|drives\/([^/]+))(?:\/(root|items\/([^/]+)))?(?:\/(children|copy))?$/.exec(rest);
    if (!m)
      return done(
        graphError(
          400,
          'BadRequest',
          `Resource not found for the segment '${rest.split('/')[1] ?? ''}'.`,
          'unknown path',
        ),
      );
    const drive = this.drives.get(m[1] === undefined ? SIM_DRIVE_ID : decodeURIComponent(m[1]));
    if (!drive) return done(itemNotFound('unknown drive'));
    const suffix = m[4] ?? null;
    if (m[2] === undefined) {
      if (suffix !== null)
        return done(graphError(400, 'BadRequest', 'Resource not found for the segment.', 'bad path'));
      if (method !== 'GET') return done(notAllowed(req.method));
      if (!canRead) return denied();
      return done(graphJson(200, this.driveJson(drive), 'drive'));
    }
    const rawId = m[3] === undefined ? ROOT : decodeURIComponent(m[3]);
    const node = this.nodes.get(rawId === ROOT ? drive.rootId : rawId);
    const found = node && node.driveId === drive.id && this.visible(node) ? node : null;

    if (suffix === 'copy') {
      if (method !== 'POST') return done(notAllowed(req.method));
      if (!scopes.some((s) => WRITE_SCOPE.test(s))) return denied();
      if (!found) return done(itemNotFound('copy: unknown source'));
      return this.copy(req, found, done);
    }
    if (method !== 'GET') return done(notAllowed(req.method));
    if (!canRead) return denied();
    if (!found) return done(itemNotFound('unknown item'));
    if (suffix === 'children') {
      if (found.kind !== 'folder')
        return done(graphError(400, 'invalidRequest', 'The item is not a folder.', 'children of a file'));
      const value = this.children(found.id).map((c) => this.itemJson(c));
      return done(graphJson(200, { value }, `children ${value.length}`));
    }
    return done(graphJson(200, this.itemJson(found), 'item'));
  }

  private copy(
    req: SimRequest,
    source: Node,
    done: (a: SimResponse, jobId?: string | null) => GraphResult,
  ): GraphResult {
    const invalid = (why: string): GraphResult => done(graphError(400, 'invalidRequest', why, `copy 400 ${why}`));
    let body: unknown;
    try {
      body = req.body.trim() === '' ? {} : JSON.parse(req.body);
    } catch {
      return invalid('Invalid request body.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalid('Invalid request body.');
    const b = body as { parentReference?: unknown; name?: unknown };
    if (source.parentId === null) return invalid('Cannot copy the root folder.');
    if (b.name !== undefined && (typeof b.name !== 'string' || !/^[^/\\:*?"<>|]+$/.test(b.name.trim()))) {
      return invalid('Invalid name.');
    }
    if (b.parentReference === undefined && b.name === undefined) {
      return invalid('Either parentReference or name must be specified.');
    }
    let targetDriveId = source.driveId;
    let targetId: string = source.parentId;
    if (b.parentReference !== undefined) {
      const raw: unknown = b.parentReference;
      if (typeof raw !== 'object' || raw === null) return invalid('Invalid parentReference.');
      const pr = raw as { driveId?: unknown; id?: unknown };
      if (pr.driveId !== undefined && typeof pr.driveId !== 'string')
        return invalid('Invalid parentReference.driveId.');
      if (pr.id !== undefined && typeof pr.id !== 'string') return invalid('Invalid parentReference.id.');
      targetDriveId = pr.driveId ?? source.driveId;
      const drive = this.drives.get(targetDriveId);
      if (!drive) return done(itemNotFound('copy: unknown target drive'));
      targetId = pr.id === undefined || pr.id === ROOT ? drive.rootId : pr.id;
    }
    const targetDrive = this.drives.get(targetDriveId);
    const target = this.nodes.get(targetId);
    if (!targetDrive || !target || target.driveId !== targetDriveId || !this.visible(target)) {
      return done(itemNotFound('copy: unknown target'));
    }
    if (target.kind !== 'folder') return invalid('The target is not a folder.');
    if (targetDrive.readOnly) {
      return done(
        graphError(
          403,
          'accessDenied',
          'Access denied. You do not have permission to perform this action.',
          'copy 403 read-only target',
        ),
      );
    }
    for (let at: Node | undefined = target; at; at = at.parentId === null ? undefined : this.nodes.get(at.parentId)) {
      if (at.id === source.id) return invalid('Cannot copy a folder into itself.');
    }
    let name = typeof b.name === 'string' ? b.name.trim() : source.name;
    const behaviour = req.url.searchParams.get('@microsoft.graph.conflictBehavior');
    if (behaviour !== null && !['fail', 'replace', 'rename'].includes(behaviour)) {
      return invalid(`Invalid conflictBehavior '${behaviour}'.`);
    }
    const clash = this.children(target.id).find((c) => c.name.toLowerCase() === name.toLowerCase());
    let replaced: Node | null = null;
    if (clash) {
      if (behaviour === null || behaviour === 'fail') {
        return done(
          graphError(409, 'nameAlreadyExists', 'The specified item name already exists.', 'copy 409 nameAlreadyExists'),
        );
      }
      if (behaviour === 'replace') {
        if (clash.kind === 'folder' || source.kind === 'folder')
          return invalid('Replace is not supported for folders.');
        replaced = clash;
      } else {
        name = this.freeName(target.id, name);
      }
    }
    const scenario = this.queuedScenarios.shift() ?? this.defaultScenario;
    const created = this.ctx.createJob(scenario);
    // Graph-host monitors point their result at this drive rather than the placeholder "d1".
    const job = this.ctx.jobs.get(created.id);
    if (job) job.address.itemPath = job.address.itemPath.replace('/drives/d1/', `/drives/${targetDriveId}/`);
    this.cloneInto(source, target, name, created.resourceId, created.id);
    if (replaced) replaced.replacedBy = created.resourceId;
    this.copies.push({
      time: this.ctx.clock(),
      jobId: created.id,
      sourceId: source.id,
      newItemId: created.resourceId,
      targetDriveId,
      targetParentId: target.id,
      name,
      conflictBehavior: behaviour,
    });
    return done(
      {
        status: 202,
        headers: { location: created.monitorUrl, 'content-length': '0', 'cache-control': 'no-store' },
        body: '',
        summary: `copy 202 -> ${created.id}`,
        retryAt: null,
      },
      created.id,
    );
  }

  private cloneInto(source: Node, parent: Node, name: string, id: string, jobId: string): void {
    const now = this.ctx.clock();
    const copy: Node = {
      ...source,
      id,
      driveId: parent.driveId,
      parentId: parent.id,
      name,
      createdAt: now,
      pendingJobId: jobId,
      replacedBy: null,
    };
    this.nodes.set(id, copy);
    for (const child of this.children(source.id)) this.cloneInto(child, copy, child.name, newItemId(), jobId);
  }

  private freeName(folderId: string, name: string): string {
    const taken = new Set(this.children(folderId).map((c) => c.name.toLowerCase()));
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    for (let i = 1; ; i++) {
      const candidate = `${stem} ${i}${ext}`;
      if (!taken.has(candidate.toLowerCase())) return candidate;
    }
  }

  /** The item a `u!...` share key points to; `bad` for keys that are not encoded https URLs. */
  private resolveShare(encoded: string): { bad: true } | { bad: false; id: string | null } {
    if (!encoded.startsWith('u!')) return { bad: true };
    const url = Buffer.from(encoded.slice(2), 'base64url').toString('utf8');
    if (!/^https:\/\//.test(url)) return { bad: true };
    const known = this.sharingUrls.get(url);
    if (known !== undefined) return { bad: false, id: known };
    for (const node of this.nodes.values()) {
      if (this.visible(node) && this.webUrl(node) === url) return { bad: false, id: node.id };
    }
    return { bad: false, id: null };
  }

  /** Copies appear when their job completes; items they replace disappear then. */
  private visible(node: Node): boolean {
    if (node.pendingJobId !== null && !this.jobCompleted(node.pendingJobId)) return false;
    if (node.replacedBy !== null) {
      const by = this.nodes.get(node.replacedBy);
      if (by && this.visible(by)) return false;
    }
    return true;
  }

  private jobCompleted(jobId: string): boolean {
    const job = this.ctx.jobs.get(jobId);
    if (!job || job.scenario.outcome !== 'complete') return false;
    const end = this.ctx.jobs.timelineOf(job).endsAtMs;
    return end !== null && this.ctx.clock() - job.createdAt >= end;
  }

  private children(folderId: string): Node[] {
    return [...this.nodes.values()]
      .filter((c) => c.parentId === folderId && this.visible(c))
      .sort((x, y) => x.name.localeCompare(y.name));
  }

  private pathOf(node: Node): string[] {
    const names: string[] = [];
    for (let at: Node | undefined = node; at && at.parentId !== null; at = this.nodes.get(at.parentId)) {
      names.unshift(at.name);
    }
    return names;
  }

  private webUrl(node: Node): string {
    const drive = this.drives.get(node.driveId);
    return [drive?.webUrl ?? WEB, ...this.pathOf(node).map(encodeURIComponent)].join('/');
  }

  private sizeOf(node: Node): number {
    return node.kind === 'file' ? node.size : this.children(node.id).reduce((sum, c) => sum + this.sizeOf(c), 0);
  }

  private itemJson(node: Node): Record<string, unknown> {
    const when = new Date(node.createdAt).toISOString();
    const parent = node.parentId === null ? null : this.nodes.get(node.parentId);
    const parentPath = parent ? this.pathOf(parent) : [];
    return {
      id: node.id,
      name: node.name,
      size: this.sizeOf(node),
      webUrl: this.webUrl(node),
      createdDateTime: when,
      lastModifiedDateTime: when,
      parentReference: {
        driveId: node.driveId,
        driveType: 'business',
        ...(parent
          ? {
              id: parent.id,
              name: parent.parentId === null ? 'Documents' : parent.name,
              path: `/drives/${node.driveId}/root:${parentPath.map((p) => `/${p}`).join('')}`,
            }
          : {}),
      },
      ...(node.kind === 'folder'
        ? { folder: { childCount: this.children(node.id).length } }
        : { file: { mimeType: node.mimeType ?? 'application/octet-stream' } }),
      ...(node.parentId === null ? { root: {} } : {}),
    };
  }

  private driveJson(drive: DriveInfo): Record<string, unknown> {
    return {
      id: drive.id,
      driveType: 'business',
      name: drive.name,
      webUrl: drive.webUrl,
      owner: { user: drive.owner },
      quota: { total: 1_099_511_627_776, used: 3_438_200, remaining: 1_099_508_189_576, deleted: 0, state: 'normal' },
    };
  }
}

const GRAPH_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function graphJson(status: number, value: unknown, summary: string, headers: Record<string, string> = {}): SimResponse {
  return jsonAnswer(status, value, summary, headers, GRAPH_JSON);
}

function graphError(
  status: number,
  code: string,
  message: string,
  summary: string,
  headers: Record<string, string> = {},
): SimResponse {
  const innerError = { date: new Date().toISOString().replace(/\.\d+Z$/, ''), 'request-id': randomUUID() };
  return graphJson(status, { error: { code, message, innerError } }, summary, headers);
}

const itemNotFound = (summary: string): SimResponse =>
  graphError(404, 'itemNotFound', 'The resource could not be found.', summary);

const notAllowed = (method: string): SimResponse =>
  graphError(405, 'BadRequest', `Request method '${method}' is not supported for this resource.`, 'method not allowed');
