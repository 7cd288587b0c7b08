import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why a return operation failed, answered in `extensions.reason`. */
export const ReturnReason = defineReasons([
  /** NOT_FOUND: no return of that id is yours. */
  "RETURN_NOT_FOUND",
  /** CONFLICT: the return's status does not allow this step. */
  "RETURN_STATUS",
  /** CONFLICT: the item received is not the unit the return verified. */
  "RETURN_ITEM_MISMATCH",
  /** CONFLICT: this decision is not allowed for this return (a recalled unit cannot be restocked). */
  "DECISION_NOT_ALLOWED",
]);
export type ReturnReason = ReasonOf<typeof ReturnReason>;
