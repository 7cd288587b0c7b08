/**
 * @tracehub/gateway: the single door. Composes nothing at run time: it serves the checked-in supergraph.
 */
export { startGateway } from "./gateway";
export type { GatewayOptions, RunningGateway, GatewayContext } from "./gateway";
export { composeSupergraph, SUBGRAPHS } from "./compose";
export type { SubgraphSdl, SubgraphName } from "./compose";
export { loadGatewayEnv, GATEWAY_ENV_KEYS, DEV_JWT_SECRET, DEV_PRINCIPAL_KEY } from "./env";
export type { GatewayEnv } from "./env";
export { SubscriptionCloseCode, SubscriptionFanout } from "./subscriptions/fanout";
export { gatewayInternals, PINNED_GATEWAY_VERSION } from "./subscriptions/gateway-internals";
export type { GatewaySubscriptions } from "./subscriptions/server";
export { measureOperation, isPublicOperation, assertWithinLimits, PUBLIC_ROOT_FIELDS, DEFAULT_QUERY_LIMITS, DEFAULT_LIST_ALLOWANCES, FIELD_COSTS } from "./limits";
export type { QueryLimits, OperationSize } from "./limits";
export { GatewayErrorCode } from "./errors";
export { DEFAULT_RATE_LIMITS, UNLIMITED, RateLimiter, TokenBuckets } from "./rate-limit";
export type { RateLimits, BucketSettings } from "./rate-limit";
export { CircuitBreaker, DEFAULT_SUBGRAPH_RESILIENCE } from "./resilience";
export type { SubgraphResilienceOptions, BreakerState } from "./resilience";
export { DEFAULT_WEBSOCKET_LIMITS } from "./subscriptions/server";
export type { WebSocketLimits } from "./subscriptions/server";
export { gatewayLimitsFromEnv, jwtSettingsFromEnv } from "./env";
export { ApiKeyDirectory, ApiKeyLookupUnavailable } from "./api-keys";
export type { ApiKeyDirectoryOptions } from "./api-keys";
export { Authenticator, API_KEY_REFUSED, apiKeyScopeRefusal } from "./authenticate";
export type { Authentication } from "./authenticate";

import path from "node:path";

/** Path of the checked-in supergraph. */
export const SUPERGRAPH_PATH = path.resolve(__dirname, "..", "supergraph.graphql");
