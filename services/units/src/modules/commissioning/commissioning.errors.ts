import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why commissioning failed, answered in `extensions.reason` beside the generic code. */
export const CommissioningReason = defineReasons([
  /** CONFLICT: a given (or the next sequential) serial of the GTIN was issued before; nothing was stored. */
  "SERIAL_ALREADY_ISSUED",
  /** CONFLICT: random serials kept colliding with issued ones; try again. */
  "SERIALS_EXHAUSTED",
  /** BAD_USER_INPUT: the GTIN has no registered product. */
  "PRODUCT_NOT_REGISTERED",
]);
export type CommissioningReason = ReasonOf<typeof CommissioningReason>;
