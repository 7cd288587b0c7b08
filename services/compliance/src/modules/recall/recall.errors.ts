import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why a recall operation failed, answered in `extensions.reason` beside the generic code. */
export const RecallReason = defineReasons([
  /** NOT_FOUND: the recall does not exist, or the caller may not see it (another organization's draft). */
  "RECALL_NOT_FOUND",
  /** CONFLICT: the recall is not in the status the action needs (only a draft is issued or cancelled, only an issued recall closed). */
  "RECALL_WRONG_STATUS",
  /** FORBIDDEN: the caller may see the recall but is not of the organization that created it (nor an operator). */
  "NOT_RECALL_ISSUER",
]);
export type RecallReason = ReasonOf<typeof RecallReason>;
