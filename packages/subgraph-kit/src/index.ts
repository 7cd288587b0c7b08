/**
 * @tracehub/subgraph-kit: one way to build a tracehub subgraph. type-graphql classes become a Federation 2
 * subgraph; the server verifies the gateway's signed principal; errors carry `extensions.code`; per-request
 * DataLoaders and Relay pagination are shared.
 */
export { buildFederatedSchema, printSubgraphSdl, FEDERATION_LINK } from "./federation";
export type { ReferenceResolver } from "./federation";
export { startSubgraphServer } from "./server";
export { MAX_OPERATION_LABELS, observability, outboxGauges, poolGauges, serviceMetrics } from "./metrics";
export type { OutboxCounts } from "./metrics";
export type { ServiceMetrics } from "./metrics";
export type { SubgraphContext, SubgraphServerOptions, RunningSubgraph, InternalHandler } from "./server";
export { authChecker } from "./auth-checker";
export {
  ErrorCode,
  DomainError,
  BadUserInput,
  Unauthenticated,
  Forbidden,
  NotFound,
  Conflict,
  LimitExceeded,
  formatError,
  defineReasons,
  isDomainReason,
} from "./errors";
export type { DomainReason, Reasons, ReasonOf } from "./errors";
export {
  ConnectionArgs,
  PageInfo,
  connectionType,
  toPage,
  pageSize,
  encodeCursor,
  decodeCursor,
  MAX_PAGE_SIZE,
  DEFAULT_PAGE_SIZE,
} from "./pagination";
export type { Page, CursorPart } from "./pagination";
export { isUuid, uuidArgument } from "./ids";
export { loaderByKey, loaderOfMany, MAX_BATCH } from "./loaders";
export { Backoff, ConnectionState, isConnectionError, retryOnConnectionLoss } from "./reconnect";
export { currentTraceParent, inSpan, injectTraceContext, startTracing, tracedRequests, tracingConfigured } from "./tracing";
export { logLine } from "./log";
export type { BackoffOptions } from "./reconnect";
export { parseEnv, subgraphEnvShape, requireProductionSecret, defineSubgraphEnv, DEV_PRINCIPAL_KEY } from "./env";
export { runSubgraphProcess, runMigrationProcess } from "./process";
export type { SubgraphProcessEnv, SubgraphProcessParts } from "./process";
export { parseUnitCode, unitId, normalizeGtin, anyUnitId, locationId } from "./unit-code";
export type { UnitKey } from "./unit-code";
export { assertMayWrite, assertMayWriteGtin, writeRefusal, ownedKeyOf, ownedKeyOfIdentifier, scopeOwns, scopeMayCapture } from "./ownership";
export type { WriteRight, OwnedKey } from "./ownership";
export { identifierReader, readScopeOf, scopeMayReadKey } from "./visibility";
export type { ReadGrant, ReadScope } from "./visibility";
export { OutboxRelay, exactlyOnceHandler, defaultBackoffMs } from "./outbox-relay";
export type { OutboxRelayOptions, OutboxSource, RelayedMessage, RelayTx, Transactional } from "./outbox-relay";
export { outboxResolver, OutboxMessageStatus, OutboxMessageType, OutboxReportType } from "./outbox-query";
export type { OutboxReader } from "./outbox-query";
