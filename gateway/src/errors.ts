import { ErrorCode, SubscriptionCloseCode } from "@tracehub/errors";
import { GraphQLError } from "graphql";

export { ErrorCode, SubscriptionCloseCode };

/**
 * The error codes the gateway itself answers with (docs/security.md explains them to callers): a view of the
 * hub-wide {@link ErrorCode} of @tracehub/errors, which the subgraphs and the WebSocket path share, so every
 * string is defined once. Codes from graphql-js and Apollo Server (GRAPHQL_PARSE_FAILED,
 * GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT) and the subgraphs' own codes pass through unchanged; errors that
 * came from a subgraph carry `extensions.serviceName`. Each member's meaning is documented on {@link ErrorCode}.
 */
export const GatewayErrorCode = {
  /** No, or an invalid, access token or API key for an operation that needs one (HTTP 401). */
  Unauthenticated: ErrorCode.Unauthenticated,
  /** The operation or request is larger than a configured limit (HTTP 400, or 413 for the body). */
  LimitExceeded: ErrorCode.LimitExceeded,
  /** Too many requests from this client address or principal (HTTP 429). */
  RateLimited: ErrorCode.RateLimited,
  /** A subgraph did not answer within SUBGRAPH_TIMEOUT_MS. */
  SubgraphTimeout: ErrorCode.SubgraphTimeout,
  /** A subgraph could not be reached, failed, or its circuit breaker is open. */
  SubgraphUnavailable: ErrorCode.SubgraphUnavailable,
  /** A subscription operation sent over HTTP (HTTP 400). */
  SubscriptionOverHttp: ErrorCode.SubscriptionOverHttp,
  /** The request itself is malformed. */
  BadRequest: ErrorCode.BadRequest,
  /** A path other than /graphql and /health (HTTP 404). */
  NotFound: ErrorCode.NotFound,
  /** An API key without the scope the operation needs (HTTP 403). */
  Forbidden: ErrorCode.Forbidden,
  /** The identity provider's signing keys could not be fetched: the token was not judged (HTTP 503). */
  Unavailable: ErrorCode.Unavailable,
  /** A live subscription's upstream stream ended: subscribe again with `after`. */
  UpstreamEnded: ErrorCode.UpstreamEnded,
  /** A live subscription's upstream failed otherwise: subscribe again with `after`. */
  UpstreamError: ErrorCode.UpstreamError,
  /** Anything unexpected; the details are logged, not returned. */
  InternalServerError: ErrorCode.Internal,
} as const satisfies Record<string, ErrorCode>;

export type GatewayErrorCode = (typeof GatewayErrorCode)[keyof typeof GatewayErrorCode];

/** A GraphQL error with a gateway code and the HTTP status it answers with. */
export function gatewayError(code: GatewayErrorCode, message: string, status?: number, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code, ...(status ? { http: { status } } : {}) } });
}
