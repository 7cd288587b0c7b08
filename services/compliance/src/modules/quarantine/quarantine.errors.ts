import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why a quarantine operation failed, answered in `extensions.reason` beside the generic code. */
export const QuarantineReason = defineReasons([
  /** NOT_FOUND: the quarantine does not exist, or the caller may not see it. */
  "QUARANTINE_NOT_FOUND",
  /** CONFLICT: the quarantine is closed already. */
  "QUARANTINE_CLOSED",
  /** FORBIDDEN: the caller may see the quarantine but is not of the organization that opened it (nor an operator). */
  "NOT_QUARANTINE_OWNER",
]);
export type QuarantineReason = ReasonOf<typeof QuarantineReason>;
