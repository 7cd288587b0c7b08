import type { OrderStatus } from "./order.rules";
import type { LineRow, OrderRow } from "./order.store";
import type { OrderLineType, OrderType } from "./order.type";

/** Maps a stored order to its API shape. */
export function toOrderType(row: OrderRow): OrderType {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status as OrderStatus,
    createdAt: row.createdAt,
    allocatedAt: row.allocatedAt,
    packedAt: row.packedAt,
    shippedAt: row.shippedAt,
    deliveredAt: row.deliveredAt,
    cancelledAt: row.cancelledAt,
    sscc: row.sscc,
    shipFrom: row.shipFrom,
    shipTo: row.shipTo,
    returnWindowDays: row.returnWindowDays,
    organizationId: row.organizationId,
    customerId: row.customerId,
  };
}

/** Maps a stored line to its API shape. */
export function toLineType(row: LineRow): OrderLineType {
  return { gtin: row.gtin, quantity: row.quantity, allocated: row.allocated, remaining: Math.max(0, row.quantity - row.allocated) };
}
