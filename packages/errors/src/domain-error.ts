import { ErrorCode } from "./codes";
import type { DomainReason } from "./reasons";

/**
 * The base of every expected failure a service throws. The boundary (subgraph-kit's `formatError`) turns it into
 * a GraphQL error with `extensions.code` (the generic {@link ErrorCode}), `extensions.reason` when given (the
 * domain reason, e.g. SERIAL_ALREADY_ISSUED), and the `details` beside them.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly reason?: DomainReason,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input: the message names the field and the rule it broke. */
export class BadUserInput extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}, reason?: DomainReason) {
    super(ErrorCode.BadUserInput, message, details, reason);
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
  constructor(message = "You are not allowed to do this.", details: Record<string, unknown> = {}, reason?: DomainReason) {
    super(ErrorCode.Forbidden, message, details, reason);
  }
}

/** A named thing does not exist. */
export class NotFound extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}, reason?: DomainReason) {
    super(ErrorCode.NotFound, message, details, reason);
  }
}

/** The request conflicts with the current state (e.g. a serial already issued). */
export class Conflict extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}, reason?: DomainReason) {
    super(ErrorCode.Conflict, message, details, reason);
  }
}

/** The request exceeds an explicit limit (size, count, depth). */
export class LimitExceeded extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}, reason?: DomainReason) {
    super(ErrorCode.LimitExceeded, message, details, reason);
  }
}
