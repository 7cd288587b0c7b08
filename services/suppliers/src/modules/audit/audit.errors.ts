import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why an audit log operation failed, answered in `extensions.reason` beside the generic code. */
export const AuditReason = defineReasons([
  /** FORBIDDEN: only operators may read the audit log. */
  "AUDIT_LOG_OPERATORS_ONLY",
]);
export type AuditReason = ReasonOf<typeof AuditReason>;
