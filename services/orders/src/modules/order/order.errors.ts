import { type ReasonOf, defineReasons } from "@tracehub/subgraph-kit";

/** Why an order operation failed, answered in `extensions.reason` beside the generic code. */
export const OrderReason = defineReasons([
  /** CONFLICT: a unit of the order is allocated to another order already. */
  "UNIT_ALREADY_ALLOCATED",
  /** CONFLICT: a unit given at creation may not be sold (recalled, on hold, expired...; `refusal` says which). */
  "UNIT_NOT_SELLABLE",
  /** FORBIDDEN: a unit given at creation is not in the seller's custody. */
  "UNIT_NOT_IN_CUSTODY",
  /** CONFLICT: the seller has an order of this reference already. */
  "REFERENCE_TAKEN",
  /** NOT_FOUND: no order of that id is yours. */
  "ORDER_NOT_FOUND",
  /** CONFLICT: the order's status does not allow this step. */
  "ORDER_STATUS",
  /** FORBIDDEN: orders belong to an organization; this caller has none. */
  "NO_ORGANIZATION",
]);
export type OrderReason = ReasonOf<typeof OrderReason>;
