import { type Principal, hasAnyRole } from "@tracehub/auth";

/**
 * An order's visibility and lifecycle as plain functions. No I/O; `order.rules.spec.ts` is the specification.
 */

/** Roles that read every order (not its customer: personal data stays with the seller). */
const SEE_ALL = ["operator", "regulator"] as const;

/** True when `principal` may read an order owned by `organizationId`. */
export function canSeeOrder(principal: Principal, organizationId: string | null): boolean {
  if (principal.anonymous) return false;
  return hasAnyRole(principal, SEE_ALL) || (principal.org !== null && principal.org === organizationId);
}

/** True when `principal` may read the customer's personal data: the seller's own people, nobody else (not operators). */
export function canSeeCustomer(principal: Principal, organizationId: string | null): boolean {
  return !principal.anonymous && principal.org !== null && principal.org === organizationId;
}

/** Where an order is in its life. */
export enum OrderStatus {
  OPEN = "OPEN",
  ALLOCATED = "ALLOCATED",
  PACKED = "PACKED",
  SHIPPED = "SHIPPED",
  DELIVERED = "DELIVERED",
  CANCELLED = "CANCELLED",
  RETURN_REQUESTED = "RETURN_REQUESTED",
  RETURNED = "RETURNED",
}

/** What moves an order on. */
export type OrderStep = "allocate" | "pack" | "ship" | "deliver" | "cancel" | "return";

/** The statuses each step may start from. */
const FROM: Record<OrderStep, readonly OrderStatus[]> = {
  allocate: [OrderStatus.OPEN],
  pack: [OrderStatus.ALLOCATED],
  ship: [OrderStatus.PACKED],
  deliver: [OrderStatus.SHIPPED],
  cancel: [OrderStatus.OPEN, OrderStatus.ALLOCATED, OrderStatus.PACKED],
  return: [OrderStatus.DELIVERED, OrderStatus.RETURN_REQUESTED, OrderStatus.RETURNED],
};

/** Null when `step` may start from `status`; otherwise why not, in words. */
export function stepRefusal(status: string, step: OrderStep): string | null {
  if ((FROM[step] as readonly string[]).includes(status)) return null;
  return `the order is ${status}; this needs it ${FROM[step].join(" or ")}`;
}

/** A line of an order and how many of its units are allocated. */
export interface LineFill {
  gtin: string;
  quantity: number;
  allocated: number;
}

/** The status of an OPEN or ALLOCATED order after its allocations changed: ALLOCATED exactly when every line is full. */
export function fillStatus(lines: readonly LineFill[]): OrderStatus.OPEN | OrderStatus.ALLOCATED {
  return lines.length > 0 && lines.every((l) => l.allocated >= l.quantity) ? OrderStatus.ALLOCATED : OrderStatus.OPEN;
}

/** Most lines and most units per line of one order. */
export const MAX_LINES = 200;
export const MAX_LINE_QUANTITY = 10_000;
/** The default return window, in days from delivery. */
export const DEFAULT_RETURN_WINDOW_DAYS = 30;

/** The outbox topic an order's new status is told on (units turns it into the seller's ORDER_STATUS webhook deliveries). */
export const ORDER_STATUS_TOPIC = "order.status";

/** The `order.status` message of an order that moved to a new status. */
export function orderStatusMessage(order: { id: string; organizationId: string | null; reference: string; status: string }, at: Date) {
  return { topic: ORDER_STATUS_TOPIC, key: `order:${order.id}`, payload: { org: order.organizationId, orderId: order.id, reference: order.reference, status: order.status, at: at.toISOString() } };
}
