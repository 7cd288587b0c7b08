/**
 * @tracehub/errors: one error vocabulary for the whole hub. The codes every API answers with in
 * `extensions.code` (gateway, WebSocket path, subgraphs), the WebSocket close codes, the domain errors services
 * throw, and the domain reasons (`extensions.reason`) modules declare for them.
 */
export { ErrorCode, isErrorCode, SubscriptionCloseCode } from "./codes";
export { DomainError, BadUserInput, Unauthenticated, Forbidden, NotFound, Conflict, LimitExceeded } from "./domain-error";
export { defineReasons, isDomainReason } from "./reasons";
export type { DomainReason, Reasons, ReasonOf } from "./reasons";
