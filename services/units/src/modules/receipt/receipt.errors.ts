import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why a receipt operation failed, answered in `extensions.reason`. */
export const ReceiptReason = defineReasons([
  /** NOT_FOUND: no advance ship notice of that id is yours to see. */
  "NOTICE_NOT_FOUND",
  /** FORBIDDEN: only the organization at the notice's receiving location receives against it. */
  "NOT_RECEIVER",
  /** CONFLICT: the notice is closed. */
  "NOTICE_CLOSED",
  /** CONFLICT: another notice uses this despatch advice. */
  "DESPATCH_ADVICE_TAKEN",
]);
export type ReceiptReason = ReasonOf<typeof ReceiptReason>;
