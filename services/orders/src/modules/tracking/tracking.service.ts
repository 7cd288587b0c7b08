import type { Principal } from "@tracehub/auth";
import type { OrdersDb } from "../../stores";
import type { OrderStatus } from "../order/order.rules";
import type { OrderService } from "../order/order.service";
import { isTrackingToken, milestonesOf, newTrackingToken, trackingHash } from "./tracking.rules";
import type { OrderTrackingType, TrackingLinkType } from "./tracking.type";

/** Customer tracking links: a token per order (stored hashed), and the public view it opens. */
export class TrackingService {
  constructor(
    private readonly db: OrdersDb,
    private readonly orders: OrderService,
  ) {}

  /** Issues a tracking token for the caller's order, revoking any earlier one. */
  async issue(orderId: string, principal: Principal): Promise<TrackingLinkType> {
    const token = newTrackingToken();
    await this.db.transaction(async (tx) => {
      const order = await this.orders.ownOrder(tx, orderId, principal);
      await tx.orders.setTrackingHash(order.id, trackingHash(token));
    });
    return { token };
  }

  /** The public view of the order a token names; null for any token that names none. */
  async track(token: string): Promise<OrderTrackingType | null> {
    if (!isTrackingToken(token)) return null;
    const order = await this.db.stores.orders.byTrackingHash(trackingHash(token));
    if (!order) return null;
    const lines = await this.db.stores.orders.lines([order.id]);
    return { status: order.status as OrderStatus, items: lines.reduce((n, l) => n + l.quantity, 0), milestones: milestonesOf(order) };
  }
}
