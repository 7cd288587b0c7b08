import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why an audit log operation failed, answered in `extensions.reason` beside the generic code. */
export const AuditReason = defineReasons([
  /** FORBIDDEN: only operators (all of it) and regulators (its state changes) may read the audit log and check its chain. */
  "AUDIT_LOG_FORBIDDEN",
]);
export type AuditReason = ReasonOf<typeof AuditReason>;
