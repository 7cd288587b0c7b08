import { GraphQLError } from "graphql";

/**
 * Every error code the gateway itself answers with, in one place (docs/security.md explains them to callers).
 * Codes from graphql-js and Apollo Server (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT)
 * and the subgraphs' own codes pass through unchanged; errors that came from a subgraph carry
 * `extensions.serviceName`.
 */
export const GatewayErrorCode = {
  /** No, or an invalid, access token for an operation that needs one (HTTP 401). */
  Unauthenticated: "UNAUTHENTICATED",
  /**
   * The operation or request is larger than a configured limit: depth, fields, aliases, root fields, tokens,
   * list length, cost or body size (HTTP 400, or 413 for the body). The message names the limit and its value.
   */
  LimitExceeded: "LIMIT_EXCEEDED",
  /** Too many requests from this client address or principal: retry after the `Retry-After` seconds (HTTP 429). */
  RateLimited: "RATE_LIMITED",
  /** A subgraph did not answer within SUBGRAPH_TIMEOUT_MS. The fields it owns are null; `extensions.serviceName` names it. */
  SubgraphTimeout: "SUBGRAPH_TIMEOUT",
  /**
   * A subgraph could not be reached, failed (HTTP 5xx), or its circuit breaker is open after repeated failures,
   * so the gateway did not call it. The fields it owns are null; `extensions.serviceName` names it.
   */
  SubgraphUnavailable: "SUBGRAPH_UNAVAILABLE",
  /** A subscription operation sent over HTTP: subscriptions are served over graphql-ws on the same path (HTTP 400). */
  SubscriptionOverHttp: "SUBSCRIPTION_OVER_HTTP",
  /** The request itself is malformed: a body that is not JSON, an operation that cannot be identified. */
  BadRequest: "BAD_REQUEST",
  /** A path other than /graphql and /health (HTTP 404). */
  NotFound: "NOT_FOUND",
  /** A live subscription's upstream stream ended (a subgraph restarted): subscribe again with `after` = your last cursor. */
  UpstreamEnded: "UPSTREAM_ENDED",
  /** A live subscription's upstream failed otherwise; the message says how. Subscribe again with `after`. */
  UpstreamError: "UPSTREAM_ERROR",
  /** Anything unexpected; the details are logged, not returned. */
  InternalServerError: "INTERNAL_SERVER_ERROR",
} as const;

export type GatewayErrorCode = (typeof GatewayErrorCode)[keyof typeof GatewayErrorCode];

/** WebSocket close codes the gateway's graphql-ws endpoint uses, besides the graphql-ws protocol's own (4400, 4401, 4408, ...). */
export enum SubscriptionCloseCode {
  /** RFC 6455 "going away": the gateway is shutting down. Reconnect (to another replica) and resume with `after`. */
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
  /** graphql-ws "forbidden": a bad token at connection_init, or the connection's token expired (the reason says which). */
  Forbidden = 4403,
}

/** A GraphQL error with a gateway code and the HTTP status it answers with. */
export function gatewayError(code: GatewayErrorCode, message: string, status?: number, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code, ...(status ? { http: { status } } : {}) } });
}
