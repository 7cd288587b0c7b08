import type { Principal } from "@tracehub/auth";
import { readCanonicalId } from "@tracehub/gs1";
import { BadUserInput, Conflict, anyUnitId, assertMayWrite } from "@tracehub/subgraph-kit";
import type { OrdersDb, Stores } from "../../stores";
import { OrderReason } from "../order/order.errors";
import { toOrderType } from "../order/order.mapper";
import { OrderStatus, type OrderStep, stepRefusal } from "../order/order.rules";
import type { OrderService } from "../order/order.service";
import type { OrderRow } from "../order/order.store";
import type { OrderType } from "../order/order.type";
import type { UnitsClient } from "../stock/stock.client";
import { FulfilmentReason } from "./fulfilment.errors";
import { ORDER_EVENTS, type StepFacts, assignedSscc, deliveryEvents, orderTransaction, packingEvent, shippingEvent, ssccId, unpackingEvents } from "./fulfilment.rules";

/** How far ahead of the hub's clock a delivery time may be (a carrier's clock running fast). */
const DELIVERY_SKEW_MS = 5 * 60_000;

/** The facts of an order's step for its events. */
export function stepFacts(order: OrderRow, at: Date): StepFacts {
  return { at: at.toISOString(), transaction: orderTransaction(order.organizationId ?? "", order.reference), shipFrom: order.shipFrom, shipTo: order.shipTo };
}

/** The outbox message that records an order's events on its units (one key per order: they arrive in order). */
export function orderEventsMessage(order: OrderRow, principal: Principal, events: Record<string, unknown>[]) {
  return { topic: ORDER_EVENTS, key: `order:${order.id}`, payload: { org: order.organizationId, actor: `orders:${principal.sub ?? "unknown"}`, events } };
}

/**
 * Packing, shipping, delivery and cancellation. Each step changes the order and writes the standard events it
 * causes on the units to the outbox in one transaction, so an order never says shipped while its units will not:
 * the relay delivers the events to units at least once and units records each message once.
 */
export class FulfilmentService {
  constructor(
    private readonly db: OrdersDb,
    private readonly orders: OrderService,
    private readonly units: UnitsClient,
    private readonly kick: () => void,
  ) {}

  /** Packs an allocated order into its shipment: the SSCC given (yours) or one the hub assigns under your company prefix. */
  async pack(orderId: string, sscc: string | null, principal: Principal): Promise<OrderType> {
    const given = sscc ? this.checkedSscc(sscc, principal) : null;
    return this.step(orderId, principal, "pack", async (tx, order, units) => {
      const digits = given ?? (await this.assignSscc(tx, principal));
      if (await tx.orders.ssccTaken(digits, order.id)) throw new Conflict(`SSCC ${digits} is used by another order already.`, { field: "sscc" }, FulfilmentReason.SSCC_TAKEN);
      await tx.orders.setSscc(order.id, digits);
      const packed = await tx.orders.setStatus(order.id, OrderStatus.PACKED, "packed_at");
      return { order: packed, events: [packingEvent(stepFacts(packed, packed.packedAt ?? new Date()), ssccId(digits), units)] };
    });
  }

  /** Ships a packed order, after checking with units that none of its units became unshippable since the pick. */
  async ship(orderId: string, principal: Principal): Promise<OrderType> {
    const preview = await this.db.transaction((tx) => this.orders.ownOrder(tx, orderId, principal));
    const unitIds = (await this.db.stores.allocations.ofOrders([preview.id])).map((a) => a.unitId);
    const facts = await this.units.facts(unitIds, null);
    const today = new Date().toISOString().slice(0, 10);
    const blocked = unitIds.flatMap((id) => {
      const f = facts.get(id);
      if (!f) return [{ unitId: id, why: "unknown to the hub" }];
      if (f.recalled || f.status === "RECALLED") return [{ unitId: id, why: "recalled" }];
      if (f.onHold) return [{ unitId: id, why: "on hold" }];
      if (f.status === "EXPIRED" || (f.expiry !== null && f.expiry < today)) return [{ unitId: id, why: "expired" }];
      if (f.status === "DESTROYED" || f.status === "DECOMMISSIONED" || f.status === "STOLEN") return [{ unitId: id, why: f.status.toLowerCase() }];
      return [];
    });
    if (blocked.length > 0) {
      throw new Conflict(
        `${blocked.length} unit(s) of this order may not ship now (e.g. ${blocked[0]?.unitId}: ${blocked[0]?.why}); cancel the order, or unpack and re-pick. Nothing changed.`,
        { field: "orderId", blocked: blocked.slice(0, 100) },
        FulfilmentReason.UNITS_NOT_SHIPPABLE,
      );
    }
    return this.step(orderId, principal, "ship", async (tx, order) => {
      const shipped = await tx.orders.setStatus(order.id, OrderStatus.SHIPPED, "shipped_at");
      return { order: shipped, events: [shippingEvent(stepFacts(shipped, shipped.shippedAt ?? new Date()), ssccId(order.sscc as string))] };
    });
  }

  /** Confirms delivery (at the carrier's proof-of-delivery time, default now): the units are sold; warranties start. */
  async deliver(orderId: string, deliveredAt: Date | null, principal: Principal): Promise<OrderType> {
    if (deliveredAt && (Number.isNaN(deliveredAt.getTime()) || deliveredAt.getTime() > Date.now() + DELIVERY_SKEW_MS)) {
      throw new BadUserInput("'deliveredAt' must be a time that has passed.", { field: "deliveredAt" });
    }
    return this.step(orderId, principal, "deliver", async (tx, order, units) => {
      if (deliveredAt && order.shippedAt && deliveredAt < order.shippedAt) {
        throw new BadUserInput(`'deliveredAt' is before the order shipped (${order.shippedAt.toISOString()}).`, { field: "deliveredAt" });
      }
      const delivered = await tx.orders.setStatus(order.id, OrderStatus.DELIVERED, "delivered_at", deliveredAt);
      return { order: delivered, events: deliveryEvents(stepFacts(delivered, delivered.deliveredAt ?? new Date()), ssccId(order.sscc as string), units) };
    });
  }

  /** Cancels an order before shipping: its units are released (and unpacked, when it was packed). */
  async cancel(orderId: string, principal: Principal): Promise<OrderType> {
    return this.step(orderId, principal, "cancel", async (tx, order) => {
      const released = await tx.allocations.releaseAll(order.id);
      const cancelled = await tx.orders.setStatus(order.id, OrderStatus.CANCELLED, "cancelled_at");
      const events = order.status === OrderStatus.PACKED && order.sscc && released.length > 0 ? unpackingEvents(stepFacts(cancelled, cancelled.cancelledAt ?? new Date()), ssccId(order.sscc), released) : [];
      return { order: cancelled, events };
    });
  }

  /** Runs one step on the caller's order, locked: checks the status, applies `work`, and writes its events to the outbox. */
  private async step(
    orderId: string,
    principal: Principal,
    name: OrderStep,
    work: (tx: Stores, order: OrderRow, unitIds: string[]) => Promise<{ order: OrderRow; events: Record<string, unknown>[] }>,
  ): Promise<OrderType> {
    const done = await this.db.transaction(async (tx) => {
      const order = await this.orders.ownOrder(tx, orderId, principal);
      const refused = stepRefusal(order.status, name);
      if (refused) throw new Conflict(`The order cannot be ${PAST[name]}: ${refused}.`, { field: "orderId", status: order.status }, OrderReason.ORDER_STATUS);
      const unitIds = (await tx.allocations.ofOrders([order.id])).map((a) => a.unitId);
      const result = await work(tx, order, unitIds);
      if (result.events.length > 0) await tx.orders.enqueue([orderEventsMessage(result.order, principal, result.events)]);
      return result.order;
    });
    this.kick();
    return toOrderType(done);
  }

  /** A given SSCC, checked: 18 digits with a valid check digit, in any GS1 form, and under a prefix you may write. */
  private checkedSscc(code: string, principal: Principal): string {
    const id = anyUnitId(code, "sscc");
    const digits = readCanonicalId(id)?.sscc;
    if (!digits) throw new BadUserInput("'sscc' must be an SSCC (AI 00, 18 digits).", { field: "sscc" });
    assertMayWrite(principal, [id], "CAPTURE", "sscc");
    return digits;
  }

  private async assignSscc(tx: Stores, principal: Principal): Promise<string> {
    const prefix = principal.scope?.prefixes[0];
    if (!prefix) throw new BadUserInput("Your organization has no GS1 company prefix to assign an SSCC under: give 'sscc'.", { field: "sscc" }, FulfilmentReason.SSCC_NEEDED);
    const sscc = assignedSscc(prefix, await tx.orders.nextSsccSerial());
    if (!sscc) throw new BadUserInput("The SSCC serial references under your company prefix are used up: give 'sscc'.", { field: "sscc" }, FulfilmentReason.SSCC_NEEDED);
    return sscc;
  }
}

const PAST: Record<OrderStep, string> = { allocate: "allocated", pack: "packed", ship: "shipped", deliver: "delivered", cancel: "cancelled", return: "returned" };
