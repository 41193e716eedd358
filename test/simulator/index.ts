/** Public surface of the copy-monitor simulator (see server.ts for the overview). */
export { startSimulator, MAPPED_HOSTS, type Simulator, type SimulatorOptions } from './server';
export { requestVia, SimControl, type SimHttpResponse } from './client';
export { resolveScenario, ScenarioSchema, type Scenario, type ResolvedScenario } from './scenario';
export { stateAt, timelineOf, type JobState, type Timeline } from './timeline';
export type { CreatedJob } from './jobs';
export type { LoggedRequest, RequestKind } from './request-log';
export {
  IdentityPlatform,
  SIM_CLIENT_ID,
  SIM_TENANT_ID,
  SIM_USER,
  authorityMetadata,
  type IdentityOptions,
  type AuthorizeRecord,
  type TokenRecord,
  type MintedTokens,
} from './identity';
export {
  GraphService,
  SIM_DRIVE_ID,
  SIM_SHARED_DRIVE_ID,
  SIM_ITEMS,
  SIM_SHARING_URLS,
  encodeSharingUrl,
  type GraphOptions,
  type CopyRecord,
} from './graph';
