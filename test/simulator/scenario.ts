import { z } from 'zod';

/**
 * What a simulated copy job does over its life. Every option is optional; `resolveScenario`
 * fills in defaults. All times are milliseconds since the job was created (real time unless the
 * simulator was given a clock). The schema doubles as validation for the `/__sim/jobs` control call.
 */

const ms = z.number().finite().nonnegative();

/** A time range since creation; no `toMs` means "until the end of time". */
const WindowSchema = z.strictObject({ fromMs: ms, toMs: ms.optional() });

const ThrottleSchema = WindowSchema.extend({
  status: z.union([z.literal(429), z.literal(503)]).optional(),
  /** Seconds, may be fractional (Microsoft's own sample says 2.128). Default: the rest of the window. */
  retryAfterS: z.number().finite().nonnegative().optional(),
  /** `date` sends an HTTP date (1 s resolution, rounded up); `none` omits the header. */
  retryAfterFormat: z.enum(['seconds', 'date', 'none']).optional(),
});

const GlitchSchema = WindowSchema.extend({
  kind: z.enum([
    'nonJson', // 200 with an HTML body
    'status500', // 500 whose body is an error, not a status
    'consumer500', // 500 whose body IS a valid status: must count as a status
    'unknownStatus', // a status word nobody has seen yet
  ]),
  /** For `unknownStatus`: the word; default "reticulating". */
  value: z.string().min(1).max(60).optional(),
});

export const ScenarioSchema = z.strictObject({
  /** Only for simulator log lines; never sent to the browser. */
  label: z.string().max(60).optional(),
  /** Which kind of monitor URL to hand out (monitor-api.md "Where monitor URLs live"). */
  host: z.enum(['personal', 'sharepoint', 'business', 'graph']).optional(),
  /** Tenant part of SharePoint host names. */
  tenant: z
    .string()
    .regex(/^[a-z0-9]{1,30}$/)
    .optional(),
  /** Running time from first progress to the end (stall windows add to it). */
  durationMs: ms.optional(),
  /** Time spent `notStarted` (or `waiting`) before it runs. */
  startDelayMs: ms.optional(),
  pendingStatus: z.enum(['notStarted', 'waiting']).optional(),
  /** linear: smooth; steps: only the listed percentages; jump: 0 until done. */
  progress: z.enum(['linear', 'steps', 'jump']).optional(),
  steps: z.array(z.number().min(0).max(100)).min(1).optional(),
  /** Windows in which progress freezes; they push the end back by their length. */
  stalls: z.array(WindowSchema).optional(),
  /** graph: notStarted/inProgress/completed, double percent. sharepoint: running/succeeded, integer. */
  vocabulary: z.enum(['graph', 'sharepoint']).optional(),
  /** Status code for pending/running answers: 202 in the docs, 200 seen from Business. */
  runningHttpStatus: z.union([z.literal(200), z.literal(202)]).optional(),
  /** How a finished copy announces itself (monitor-api.md "Completion comes in three shapes"). */
  completion: z.enum(['redirect303', 'json303', 'json200', 'json202']).optional(),
  /**
   * complete; fail / cancel at `failAtPercent`; expire: 404 at `expireAfterMs` without ever
   * completing; operationNotFound: the same but 500 {"error":{"code":"operationNotFound"}}.
   */
  outcome: z.enum(['complete', 'fail', 'cancel', 'expire', 'operationNotFound']).optional(),
  failAtPercent: z.number().min(0).max(100).optional(),
  errorCode: z.string().max(200).optional(),
  statusDescription: z.string().max(500).optional(),
  expireAfterMs: ms.optional(),
  /** Any finished job answers 404 this long after it ended (the real service: about 4 hours). */
  goneAfterEndMs: ms.optional(),
  throttle: z.array(ThrottleSchema).optional(),
  glitches: z.array(GlitchSchema).optional(),
  /** Milliseconds the monitor takes to answer (the state is that of the request's arrival). Default 0. */
  latencyMs: ms.max(60_000).optional(),
});

export type Scenario = z.input<typeof ScenarioSchema>;
export type TimeWindow = z.infer<typeof WindowSchema>;
export type ThrottleWindow = z.infer<typeof ThrottleSchema>;
export type GlitchWindow = z.infer<typeof GlitchSchema>;
export type MonitorHostKind = NonNullable<Scenario['host']>;
export type Vocabulary = NonNullable<Scenario['vocabulary']>;
export type Outcome = NonNullable<Scenario['outcome']>;
export type CompletionShape = NonNullable<Scenario['completion']>;

/** A scenario with every default filled in. */
export interface ResolvedScenario {
  label: string | null;
  host: MonitorHostKind;
  tenant: string;
  durationMs: number;
  startDelayMs: number;
  pendingStatus: 'notStarted' | 'waiting';
  progress: 'linear' | 'steps' | 'jump';
  steps: number[];
  stalls: TimeWindow[];
  vocabulary: Vocabulary;
  runningHttpStatus: 200 | 202;
  completion: CompletionShape;
  outcome: Outcome;
  failAtPercent: number;
  errorCode: string;
  statusDescription: string;
  expireAfterMs: number;
  goneAfterEndMs: number | null;
  throttle: ThrottleWindow[];
  glitches: GlitchWindow[];
  latencyMs: number;
}

export const DEFAULT_DURATION_MS = 20_000;

/** Throws a ZodError on bad input (unknown keys included, so typos do not pass silently). */
export function resolveScenario(input: Scenario = {}): ResolvedScenario {
  const s = ScenarioSchema.parse(input);
  const host = s.host ?? 'sharepoint';
  // Business monitors are the ones seen to speak SharePoint's vocabulary and answer 200.
  const business = host === 'business';
  const vocabulary = s.vocabulary ?? (business ? 'sharepoint' : 'graph');
  const durationMs = s.durationMs ?? DEFAULT_DURATION_MS;
  const startDelayMs = s.startDelayMs ?? 0;
  return {
    label: s.label ?? null,
    host,
    tenant: s.tenant ?? 'contoso',
    durationMs,
    startDelayMs,
    pendingStatus: s.pendingStatus ?? 'notStarted',
    progress: s.progress ?? 'linear',
    steps: [...(s.steps ?? [0, 25, 50, 75])].sort((a, b) => a - b),
    stalls: s.stalls ?? [],
    vocabulary,
    runningHttpStatus: s.runningHttpStatus ?? (business ? 200 : 202),
    completion: s.completion ?? (business ? 'json200' : 'json202'),
    outcome: s.outcome ?? 'complete',
    failAtPercent: s.failAtPercent ?? 40,
    errorCode: s.errorCode ?? 'AccessDenied_xyz',
    statusDescription: s.statusDescription ?? 'Access denied to the destination folder.',
    expireAfterMs: s.expireAfterMs ?? startDelayMs + durationMs / 2,
    goneAfterEndMs: s.goneAfterEndMs ?? null,
    throttle: s.throttle ?? [],
    glitches: s.glitches ?? [],
    latencyMs: s.latencyMs ?? 0,
  };
}

export const inWindow = (w: TimeWindow, t: number): boolean => t >= w.fromMs && (w.toMs === undefined || t < w.toMs);
