import type { OrderRow } from "./order.store";
import type { OrderType } from "./order.type";

/** Maps a stored order to its API shape. */
export function toOrderType(row: OrderRow): OrderType {
  return {
    id: row.id,
    reference: row.reference,
    customerName: row.customerName,
    status: row.status,
    createdAt: row.createdAt,
    organizationId: row.organizationId,
  };
}
