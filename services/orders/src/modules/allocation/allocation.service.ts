import type { Principal } from "@tracehub/auth";
import { BadUserInput, Conflict, Forbidden, locationId, parseUnitCode } from "@tracehub/subgraph-kit";
import type { OrdersDb, Stores } from "../../stores";
import { OrderReason } from "../order/order.errors";
import { toLineType, toOrderType } from "../order/order.mapper";
import { type LineFill, OrderStatus, fillStatus, stepRefusal } from "../order/order.rules";
import type { CheckedUnit, OrderService } from "../order/order.service";
import { type Holder, type UnitsClient, holderOf } from "../stock/stock.client";
import { AllocationRefusalCode, type Refusal, allocationRefusal } from "./allocation.rules";
import type { AllocationResultType, PickSuggestionType } from "./allocation.type";

const today = () => new Date().toISOString().slice(0, 10);

/** Another order's reference, told to the picker only when it is the same seller's. */
const referenceFor = (order: { reference: string; organizationId: string | null }, org: string): string => (order.organizationId === org ? order.reference : "of another seller");

/** Most units suggested per line. */
export const MAX_SUGGESTIONS_PER_LINE = 100;

/**
 * Allocation by scan: the picker scans a unit in any GS1 form, and the hub allocates it to the order's line of its
 * product when units says it is sellable and the seller holds it; otherwise it answers why not and changes nothing.
 * A unit is on one order at a time (a unique index decides concurrent scans), and an order's lines never take more
 * than their quantity (scans of one order take its row lock in turn).
 */
export class AllocationService {
  constructor(
    private readonly db: OrdersDb,
    private readonly orders: OrderService,
    private readonly units: UnitsClient,
  ) {}

  /** Allocates the scanned unit to the order, or answers why not. */
  async allocate(orderId: string, code: string, principal: Principal): Promise<AllocationResultType> {
    const key = parseUnitCode(code, "code");
    const holder = this.holder(principal);
    const facts = (await this.units.facts([key.id], holder)).get(key.id);
    return this.db.transaction(async (tx) => {
      const order = await this.orders.ownOrder(tx, orderId, principal);
      if (order.status !== OrderStatus.ALLOCATED) {
        const refused = stepRefusal(order.status, "allocate");
        if (refused) throw new Conflict(`Units cannot be allocated now: ${refused}.`, { field: "orderId", status: order.status }, OrderReason.ORDER_STATUS);
      }
      const context = await tx.allocations.scanContext(order.id, key.id);
      const line = context.lines.find((l) => l.gtin === key.gtin) ?? null;
      const allocatedTo = context.holder === null ? null : context.holder.orderId === order.id ? ("this" as const) : { reference: referenceFor(context.holder, holder.org) };
      const refusal = allocationRefusal(facts, { gtin: key.gtin, line, allocatedTo, today: today() });
      const answer = (allocated: boolean, why: Refusal | null, lineAfter: LineFill | null = line, orderAfter = order): AllocationResultType => ({
        allocated,
        refusal: why,
        unitId: key.id,
        order: toOrderType(orderAfter),
        line: lineAfter ? toLineType({ orderId: order.id, ...lineAfter }) : null,
      });
      if (refusal) return answer(false, refusal);
      const won = await tx.allocations.allocate(order.id, [{ unitId: key.id, gtin: key.gtin }], principal.sub);
      if (won.length === 0) return answer(false, await this.takenRefusal(tx, key.id, holder.org));
      // The order's row lock makes these counts exact: no other scan of this order runs meanwhile.
      const after = context.lines.map((l) => (l.gtin === key.gtin ? { ...l, allocated: l.allocated + 1 } : l));
      const updated = fillStatus(after) === OrderStatus.ALLOCATED ? await tx.orders.setStatus(order.id, OrderStatus.ALLOCATED, "allocated_at") : order;
      return answer(true, null, after.find((l) => l.gtin === key.gtin) ?? null, updated);
    });
  }

  /** Takes a mis-picked unit off an order that is not packed yet. */
  async release(orderId: string, code: string, principal: Principal) {
    const key = parseUnitCode(code, "code");
    return this.db.transaction(async (tx) => {
      const order = await this.orders.ownOrder(tx, orderId, principal);
      if (order.status !== OrderStatus.OPEN && order.status !== OrderStatus.ALLOCATED) {
        throw new Conflict(`Units can be taken off an order until it is packed; the order is ${order.status}.`, { field: "orderId", status: order.status }, OrderReason.ORDER_STATUS);
      }
      if (!(await tx.allocations.release(order.id, key.id))) throw new BadUserInput(`Unit ${key.id} is not on this order.`, { field: "code" });
      const updated = order.status === OrderStatus.ALLOCATED ? await tx.orders.setStatus(order.id, OrderStatus.OPEN, null) : order;
      return toOrderType(updated);
    });
  }

  /** The seller's sellable units for its order's open lines, first expiry first, at most `perLine` per line; none for an order that is not the caller's. */
  async suggestions(orderId: string, principal: Principal, location: string | null, perLine: number): Promise<PickSuggestionType[]> {
    if (!Number.isInteger(perLine) || perLine < 1 || perLine > MAX_SUGGESTIONS_PER_LINE) {
      throw new BadUserInput(`'perLine' must be 1 to ${MAX_SUGGESTIONS_PER_LINE}.`, { field: "perLine" });
    }
    const at = location ? locationId(location, "location") : null;
    const holder = holderOf(principal);
    const order = holder ? await this.orders.visible(orderId, principal) : null;
    // Another seller's order, or none: nothing to pick (as for an order that does not exist).
    if (!holder || !order || order.organizationId !== holder.org) return [];
    const open = (await this.db.stores.orders.lines([order.id])).filter((l) => l.allocated < l.quantity);
    if (open.length === 0) return [];
    const gtins = open.map((l) => l.gtin);
    const excluded = await this.db.stores.allocations.heldByOrganization(holder.org, gtins, 4_000);
    const stock = await this.units.stock(holder, gtins, perLine, excluded, at);
    const want = new Map(open.map((l) => [l.gtin, Math.min(perLine, l.quantity - l.allocated)]));
    return stock.filter((u) => {
      const left = want.get(u.gtin) ?? 0;
      if (left <= 0) return false;
      want.set(u.gtin, left - 1);
      return true;
    }).map((u) => ({ unitId: u.id, gtin: u.gtin, lot: u.lot, expiry: u.expiry, location: u.location }));
  }

  /**
   * Checks the units given when an order is created, as scans are checked (inside the creating transaction): a unit
   * the seller does not hold is FORBIDDEN; one on another order, or not sellable, a CONFLICT naming the refusal.
   */
  async checkCreation(units: readonly CheckedUnit[], principal: Principal, tx: Stores): Promise<void> {
    const holder = this.holder(principal);
    const facts = await this.units.facts(units.map((u) => u.unitId), holder);
    const taken = new Map((await tx.allocations.ofUnits(units.map((u) => u.unitId))).map((a) => [a.unitId, a]));
    for (const unit of units) {
      const refusal = allocationRefusal(facts.get(unit.unitId), {
        gtin: unit.gtin,
        line: { quantity: 1, allocated: 0 },
        allocatedTo: taken.has(unit.unitId) ? { reference: "another order" } : null,
        today: today(),
      });
      if (!refusal) continue;
      const details = { field: "unitCodes", unitId: unit.unitId, refusal: refusal.code };
      if (refusal.code === AllocationRefusalCode.NOT_IN_CUSTODY) throw new Forbidden(`You may not sell ${unit.unitId}: ${refusal.message} Nothing was stored.`, details, OrderReason.UNIT_NOT_IN_CUSTODY);
      if (refusal.code === AllocationRefusalCode.ALREADY_ALLOCATED) throw new Conflict(`Unit ${unit.unitId} is already allocated to another order. Nothing was stored.`, details, OrderReason.UNIT_ALREADY_ALLOCATED);
      throw new Conflict(`Unit ${unit.unitId} cannot be sold: ${refusal.message} Nothing was stored.`, details, OrderReason.UNIT_NOT_SELLABLE);
    }
  }

  private holder(principal: Principal): Holder {
    const holder = holderOf(principal);
    if (!holder) throw new Forbidden("Orders belong to an organization; your credentials name none.", {}, OrderReason.NO_ORGANIZATION);
    return holder;
  }

  /** The refusal of a scan that lost the race for a unit to another order's scan. */
  private async takenRefusal(tx: Stores, unitId: string, org: string): Promise<Refusal> {
    const [current] = await tx.allocations.ofUnits([unitId]);
    const reference = current ? await this.referenceOf(tx, current.orderId, org) : "another order";
    return { code: AllocationRefusalCode.ALREADY_ALLOCATED, message: `This unit is allocated to order ${reference}.` };
  }

  private async referenceOf(tx: Stores, orderId: string, org: string): Promise<string> {
    const [order] = await tx.orders.ordersByIds([orderId]);
    return order ? referenceFor({ reference: order.reference, organizationId: order.organizationId }, org) : "another order";
  }
}
