import { DomainError, ErrorCode, Forbidden, Unauthenticated, isErrorCode } from "@tracehub/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { AuthenticationError, AuthorizationError } from "type-graphql";
import { isConnectionError } from "./reconnect";
import { logLine } from "./log";

// The error vocabulary lives in @tracehub/errors (shared with the gateway); subgraphs keep importing it from here.
export { ErrorCode, DomainError, BadUserInput, Unauthenticated, Forbidden, NotFound, Conflict, LimitExceeded, defineReasons, isDomainReason } from "@tracehub/errors";
export type { DomainReason, Reasons, ReasonOf } from "@tracehub/errors";

/** type-graphql's own auth errors (thrown when {@link authChecker} denies), recognised by type. */
function frameworkAuthCode(error: unknown): ErrorCode | undefined {
  if (error instanceof AuthenticationError) return ErrorCode.Unauthenticated;
  if (error instanceof AuthorizationError) return ErrorCode.Forbidden;
  return undefined;
}

/**
 * PostgreSQL refused a text value: U+0000 (22P05 in jsonb, 22021 in text), an invalid byte sequence, or JSON it
 * cannot store (22P02 on json: a lone UTF-16 surrogate such as \ud800).
 */
function isUnstorableText(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 3; depth += 1) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === "22021" || code === "22P05") return true;
    if (code === "22P02" && typeof message === "string" && /type json/i.test(message)) return true;
    e = (e as { driverError?: unknown; cause?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Apollo Server `formatError`: domain errors keep their message and code (with their domain reason, if any, in
 * `extensions.reason`, and their details beside them); auth errors from type-graphql
 * become UNAUTHENTICATED / FORBIDDEN; GraphQL syntax and validation errors pass through; anything else
 * is logged and masked as INTERNAL_SERVER_ERROR, so no stack trace or SQL ever reaches a caller.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof DomainError) {
    const reason = original.reason === undefined ? {} : { reason: original.reason };
    return { ...formatted, message: original.message, extensions: { ...original.details, code: original.code, ...reason } };
  }
  const authCode = frameworkAuthCode(original);
  if (authCode) {
    const message = authCode === ErrorCode.Unauthenticated ? new Unauthenticated().message : new Forbidden().message;
    return { ...formatted, message, extensions: { code: authCode } };
  }
  const code = formatted.extensions?.code;
  // Codes graphql-js, Apollo Server or our own code already set (every one is an ErrorCode) pass through.
  if (isErrorCode(code) && code !== ErrorCode.Internal) {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  // graphql-js coercion errors for variables and arguments are the caller's fault.
  if (original instanceof GraphQLError && !original.originalError && !code) {
    return { ...formatted, extensions: { code: ErrorCode.BadUserInput } };
  }
  if (isUnstorableText(original)) {
    return {
      message: "A text value holds a character that cannot be stored (U+0000, a lone UTF-16 surrogate, or an invalid byte sequence); nothing was stored. Remove it and retry.",
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.BadUserInput },
    };
  }
  if (isConnectionError(original)) {
    logLine("error", `[tracehub] database connection lost during a request: ${original instanceof Error ? original.message : String(original)}`);
    return {
      message: "The service lost its database connection during this request; it may not have completed. Retry it (a repeated capture is stored once).",
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.Unavailable },
    };
  }
  logLine("error", "[tracehub] unexpected error", { err: original instanceof Error ? { message: original.message, stack: original.stack } : String(original) });
  return { message: "Internal error; it has been logged.", ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: ErrorCode.Internal } };
}
