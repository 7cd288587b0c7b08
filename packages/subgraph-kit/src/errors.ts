import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { isConnectionError } from "./reconnect";

/** Error codes a tracehub API answers with, in `extensions.code`. */
export enum ErrorCode {
  BadUserInput = "BAD_USER_INPUT",
  NotFound = "NOT_FOUND",
  Unauthenticated = "UNAUTHENTICATED",
  Forbidden = "FORBIDDEN",
  Conflict = "CONFLICT",
  LimitExceeded = "LIMIT_EXCEEDED",
  /** The service lost its database for a moment: the request may not have completed; retry it (captures are idempotent). */
  Unavailable = "SERVICE_UNAVAILABLE",
  Internal = "INTERNAL_SERVER_ERROR",
}

/**
 * The base of every expected failure a service throws. The boundary ({@link formatError}) turns it
 * into a GraphQL error with `extensions.code`; `details` travel in extensions too.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input: the message names the field and the rule it broke. */
export class BadUserInput extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.BadUserInput, message, details);
  }
}

/** The caller is not authenticated (or presented a bad credential). */
export class Unauthenticated extends DomainError {
  constructor(message = "Authentication is required for this operation: send 'Authorization: Bearer <token>'.") {
    super(ErrorCode.Unauthenticated, message);
  }
}

/** The caller is authenticated but not allowed to do this. */
export class Forbidden extends DomainError {
  constructor(message = "You are not allowed to do this.", details: Record<string, unknown> = {}) {
    super(ErrorCode.Forbidden, message, details);
  }
}

/** A named thing does not exist. */
export class NotFound extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.NotFound, message, details);
  }
}

/** The request conflicts with the current state (e.g. a serial already issued). */
export class Conflict extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.Conflict, message, details);
  }
}

/** The request exceeds an explicit limit (size, count, depth). */
export class LimitExceeded extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.LimitExceeded, message, details);
  }
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));
/** Codes produced by graphql-js / Apollo Server themselves that are safe to pass through. */
const FRAMEWORK_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/** Maps type-graphql's auth errors (by class name) to our codes. */
function frameworkAuthCode(error: unknown): ErrorCode | undefined {
  const name = (error as { constructor?: { name?: string } } | undefined)?.constructor?.name;
  if (name === "AuthenticationError") return ErrorCode.Unauthenticated;
  if (name === "AuthorizationError") return ErrorCode.Forbidden;
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
 * Apollo Server `formatError`: domain errors keep their message and code; auth errors from type-graphql
 * become UNAUTHENTICATED / FORBIDDEN; GraphQL syntax and validation errors pass through; anything else
 * is logged and masked as INTERNAL_SERVER_ERROR, so no stack trace or SQL ever reaches a caller.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof DomainError) {
    return { ...formatted, message: original.message, extensions: { ...original.details, code: original.code } };
  }
  const authCode = frameworkAuthCode(original);
  if (authCode) {
    const message = authCode === ErrorCode.Unauthenticated ? new Unauthenticated().message : new Forbidden().message;
    return { ...formatted, message, extensions: { code: authCode } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === "string" && (KNOWN_CODES.has(code) || FRAMEWORK_CODES.has(code)) && code !== ErrorCode.Internal) {
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
    console.error("[tracehub] database connection lost during a request:", original instanceof Error ? original.message : original);
    return {
      message: "The service lost its database connection during this request; it may not have completed. Retry it (a repeated capture is stored once).",
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.Unavailable },
    };
  }
  console.error("[tracehub] unexpected error:", original);
  return { message: "Internal error; it has been logged.", ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: ErrorCode.Internal } };
}
