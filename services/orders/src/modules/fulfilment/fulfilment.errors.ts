import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why a fulfilment step failed, answered in `extensions.reason`. */
export const FulfilmentReason = defineReasons([
  /** CONFLICT: another order was packed in this SSCC. */
  "SSCC_TAKEN",
  /** BAD_USER_INPUT: the hub cannot assign an SSCC (no company prefix, or its serial references are used up): give one. */
  "SSCC_NEEDED",
  /** CONFLICT: some of the order's units became recalled, held, expired or destroyed since the pick. */
  "UNITS_NOT_SHIPPABLE",
]);
export type FulfilmentReason = ReasonOf<typeof FulfilmentReason>;
