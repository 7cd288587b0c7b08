import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why a recall operation of units failed, answered in `extensions.reason` beside the generic code. */
export const RecallNoticeReason = defineReasons([
  /** NOT_FOUND: no recall affects units the caller's organization holds (unknown recall, or not its notice). */
  "RECALL_NOTICE_NOT_FOUND",
  /** NOT_FOUND: no issued recall with this id whose progress the caller may follow (unknown, a draft, or another organization's). */
  "RECALL_NOT_FOLLOWABLE",
]);
export type RecallNoticeReason = ReasonOf<typeof RecallNoticeReason>;
