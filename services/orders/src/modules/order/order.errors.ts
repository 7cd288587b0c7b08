import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why an order operation failed, answered in `extensions.reason` beside the generic code. */
export const OrderReason = defineReasons([
  /** CONFLICT: a unit of the order is allocated to another order already. */
  "UNIT_ALREADY_ALLOCATED",
]);
export type OrderReason = ReasonOf<typeof OrderReason>;
