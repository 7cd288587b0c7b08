/**
 * Every error code a tracehub API answers with, in `extensions.code` of a GraphQL error (over HTTP and over
 * graphql-ws), whichever process produced it: the gateway, its WebSocket path, or a subgraph. The strings are a
 * public contract: clients branch on them, so a value never changes. A domain failure may add a finer
 * `extensions.reason` beside its code (see {@link defineReasons}); the code stays one of these.
 */
export enum ErrorCode {
  /** An argument or variable is wrong: the message names it and the rule it broke (HTTP 200 from a subgraph, 400 before execution). */
  BadUserInput = "BAD_USER_INPUT",
  /** The request itself is malformed: a body that is not JSON, an operation that cannot be identified (HTTP 400). */
  BadRequest = "BAD_REQUEST",
  /** No, or an invalid, credential for an operation that needs one (HTTP 401 at the gateway). */
  Unauthenticated = "UNAUTHENTICATED",
  /** The caller is authenticated but not allowed to do this. */
  Forbidden = "FORBIDDEN",
  /** A named thing does not exist; at the gateway, a path other than /graphql and /health (HTTP 404). */
  NotFound = "NOT_FOUND",
  /** The request conflicts with the current state (e.g. a serial already issued); `extensions.reason` says which state. */
  Conflict = "CONFLICT",
  /**
   * The operation or request is larger than a configured limit: depth, fields, aliases, root fields, tokens,
   * list length, cost, body size or a capture limit (HTTP 400, or 413 for the body). The message names the limit.
   */
  LimitExceeded = "LIMIT_EXCEEDED",
  /** Too many requests from this client address or principal: retry after the `Retry-After` seconds (HTTP 429). */
  RateLimited = "RATE_LIMITED",
  /** A service lost its database for a moment: the request may not have completed; retry it (captures are idempotent). */
  Unavailable = "SERVICE_UNAVAILABLE",
  /** A subgraph did not answer within SUBGRAPH_TIMEOUT_MS. The fields it owns are null; `extensions.serviceName` names it. */
  SubgraphTimeout = "SUBGRAPH_TIMEOUT",
  /**
   * A subgraph could not be reached, failed (HTTP 5xx), or its circuit breaker is open after repeated failures,
   * so the gateway did not call it. The fields it owns are null; `extensions.serviceName` names it.
   */
  SubgraphUnavailable = "SUBGRAPH_UNAVAILABLE",
  /** A subscription operation sent over HTTP: subscriptions are served over graphql-ws on the same path (HTTP 400). */
  SubscriptionOverHttp = "SUBSCRIPTION_OVER_HTTP",
  /** A live subscription's upstream stream ended (a subgraph restarted): subscribe again with `after` = your last cursor. */
  UpstreamEnded = "UPSTREAM_ENDED",
  /** A live subscription's upstream failed otherwise; the message says how. Subscribe again with `after`. */
  UpstreamError = "UPSTREAM_ERROR",
  /** Anything unexpected; the details are logged, not returned. */
  Internal = "INTERNAL_SERVER_ERROR",
  /** graphql-js could not parse the document (passed through as Apollo Server reports it). */
  GraphqlParseFailed = "GRAPHQL_PARSE_FAILED",
  /** The document does not validate against the schema (passed through as Apollo Server reports it). */
  GraphqlValidationFailed = "GRAPHQL_VALIDATION_FAILED",
  /** An automatic persisted query hash the server does not know yet: send the full document (Apollo Server). */
  PersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND",
  /** Persisted queries are turned off on this server (Apollo Server). */
  PersistedQueryNotSupported = "PERSISTED_QUERY_NOT_SUPPORTED",
  /** The document holds several operations and `operationName` picks none of them (Apollo Server). */
  OperationResolutionFailure = "OPERATION_RESOLUTION_FAILURE",
}

const CODES = new Set<string>(Object.values(ErrorCode));

/** True when `value` is one of the {@link ErrorCode} strings. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && CODES.has(value);
}

/**
 * WebSocket close codes the graphql-ws endpoints (the gateway's, and a subgraph's) use besides the graphql-ws
 * protocol's own (4400, 4401, 4408, ...).
 */
export enum SubscriptionCloseCode {
  /** RFC 6455 "going away": the server is shutting down. Reconnect (to another replica) and resume with `after`. */
  GoingAway = 1001,
  /**
   * RFC 6455 "policy violation": the subscriber read too slowly and its buffer overflowed. graphql-ws clients
   * treat it as fatal (they do not re-subscribe with stale variables); resume with `after` = your last cursor.
   */
  SlowConsumer = 1008,
  /** RFC 6455 "message too big": a message over WS_MAX_PAYLOAD_BYTES (WS_MAX_PREAUTH_PAYLOAD_BYTES before connection_init is accepted). */
  MessageTooBig = 1009,
  /** RFC 6455 (IANA) "try again later": too many unauthenticated sockets from this client address. */
  TryAgainLater = 1013,
  /** graphql-ws "forbidden": a bad token or principal at connection_init, or the connection's token expired (the reason says which). */
  Forbidden = 4403,
}
