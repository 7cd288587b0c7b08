import { type Principal, hasAnyRole } from "@tracehub/auth";
import { BadUserInput, Conflict, Forbidden, NotFound, type Page, decodeCursor, isUuid, locationId, normalizeGtin, pageSize, parseUnitCode, toPage } from "@tracehub/subgraph-kit";
import { checkCustomer } from "../customer/customer.rules";
import { holderOf } from "../stock/stock.client";
import type { OrdersDb, Stores } from "../../stores";
import { OrderReason } from "./order.errors";
import type { CreateOrderInput } from "./order.input";
import { toOrderType } from "./order.mapper";
import { DEFAULT_RETURN_WINDOW_DAYS, MAX_LINES, MAX_LINE_QUANTITY, OrderStatus, canSeeOrder, fillStatus } from "./order.rules";
import type { OrderRow } from "./order.store";
import type { OrderType } from "./order.type";

/** Most units one `createOrder` allocates. */
export const MAX_ORDER_UNITS = 1_000;

/** A unit allocated at creation: checked by the allocation module's rules, stored here. */
export interface CheckedUnit {
  unitId: string;
  gtin: string;
}

/** Checks units given at creation (the allocation module's rules, injected to keep modules acyclic). */
export type CreationCheck = (units: readonly CheckedUnit[], principal: Principal, tx: Stores) => Promise<void>;

/** Orders: creation, reads, and the seller-only checks every order operation starts with. */
export class OrderService {
  constructor(
    private readonly db: OrdersDb,
    private readonly checkCreationUnits: CreationCheck,
  ) {}

  /** A page of the orders the principal may see (operators and regulators: all; others: their organization's), newest id order. */
  async list(principal: Principal, args: { first?: number | null; after?: string | null; status?: string | null }): Promise<Page<OrderType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["uuid"]);
    const seeAll = hasAnyRole(principal, ["operator", "regulator"]);
    if (!seeAll && !principal.org) return toPage([], size, () => [], 0);
    const org = seeAll ? null : principal.org;
    const status = args.status ?? null;
    const total = await this.db.stores.orders.count(org, status);
    const rows = await this.db.stores.orders.page(org, status, after, size);
    return toPage(rows.map(toOrderType), size, (o) => [o.id], total);
  }

  /**
   * Creates an order for the caller's organization: its customer (reused by email), its lines, and, when units are
   * given, their allocation with the checks of a scan. All or nothing.
   */
  async create(input: CreateOrderInput, principal: Principal): Promise<OrderType> {
    const holder = holderOf(principal);
    if (!holder) throw new Forbidden("Orders belong to an organization; your credentials name none.", {}, OrderReason.NO_ORGANIZATION);
    const reference = input.reference.trim();
    if (reference.length < 1 || reference.length > 100) throw new BadUserInput("'reference' must be 1 to 100 characters.", { field: "reference" });
    const customer = checkCustomer(input.customer);
    const window = input.returnWindowDays ?? DEFAULT_RETURN_WINDOW_DAYS;
    if (!Number.isInteger(window) || window < 0 || window > 365) throw new BadUserInput("'returnWindowDays' must be 0 to 365.", { field: "returnWindowDays" });
    const shipFrom = input.shipFrom ? locationId(input.shipFrom, "shipFrom") : defaultShipFrom(principal);
    const shipTo = input.shipTo ? locationId(input.shipTo, "shipTo") : null;
    const lines = new Map<string, number>();
    for (const [i, line] of (input.lines ?? []).entries()) {
      const gtin = normalizeGtin(line.gtin, `lines[${i}].gtin`);
      if (lines.has(gtin)) throw new BadUserInput(`'lines[${i}].gtin' repeats GTIN ${gtin}: give one line per product.`, { field: `lines[${i}].gtin` });
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
        throw new BadUserInput(`'lines[${i}].quantity' must be 1 to ${MAX_LINE_QUANTITY}.`, { field: `lines[${i}].quantity` });
      }
      lines.set(gtin, line.quantity);
    }
    const codes = input.unitCodes ?? [];
    if (codes.length > MAX_ORDER_UNITS) throw new BadUserInput(`'unitCodes' must hold at most ${MAX_ORDER_UNITS} codes.`, { field: "unitCodes" });
    const units = new Map<string, CheckedUnit>();
    codes.forEach((code, i) => {
      const key = parseUnitCode(code, `unitCodes[${i}]`);
      units.set(key.id, { unitId: key.id, gtin: key.gtin });
    });
    const picked = new Map<string, number>();
    for (const u of units.values()) picked.set(u.gtin, (picked.get(u.gtin) ?? 0) + 1);
    for (const [gtin, n] of picked) lines.set(gtin, Math.max(lines.get(gtin) ?? 0, n));
    if (lines.size === 0) throw new BadUserInput("An order needs 'lines' or 'unitCodes'.", { field: "lines" });
    if (lines.size > MAX_LINES) throw new BadUserInput(`An order holds at most ${MAX_LINES} lines.`, { field: "lines" });
    const created = await this.db.transaction(async (tx) => {
      const stored = await tx.customers.upsert(holder.org, customer);
      const order = await tx.orders.insertOrder({ organizationId: holder.org, reference, customerId: stored.id, returnWindowDays: window, shipFrom, shipTo });
      if (!order) throw new Conflict(`Your organization has an order ${JSON.stringify(reference)} already; nothing was stored.`, { field: "reference" }, OrderReason.REFERENCE_TAKEN);
      await tx.orders.insertLines(order.id, [...lines].map(([gtin, quantity]) => ({ gtin, quantity })));
      if (units.size === 0) return order;
      await this.checkCreationUnits([...units.values()], principal, tx);
      const allocated = new Set(await tx.allocations.allocate(order.id, [...units.values()], principal.sub));
      if (allocated.size < units.size) {
        const taken = [...units.keys()].filter((id) => !allocated.has(id)).sort();
        throw new Conflict(
          `${taken.length} unit(s) are already allocated to another order, e.g. ${taken[0]}. Nothing was stored.`,
          { field: "unitCodes", taken: taken.slice(0, 100) },
          OrderReason.UNIT_ALREADY_ALLOCATED,
        );
      }
      const status = fillStatus((await tx.orders.lines([order.id])).map((l) => ({ gtin: l.gtin, quantity: l.quantity, allocated: l.allocated })));
      return status === OrderStatus.ALLOCATED ? tx.orders.setStatus(order.id, status, "allocated_at") : order;
    });
    return toOrderType(created);
  }

  /**
   * The caller's order, locked in `tx`: NOT_FOUND when it does not exist or is not the caller's (an operator's or a
   * regulator's reading right gives no right to act on a seller's orders).
   */
  async ownOrder(tx: Stores, id: string, principal: Principal): Promise<OrderRow> {
    const order = isUuid(id) ? await tx.orders.lock(id) : null;
    if (!order || principal.org === null || order.organizationId !== principal.org) {
      throw new NotFound(`No order ${id} of your organization.`, { field: "orderId" }, OrderReason.ORDER_NOT_FOUND);
    }
    return order;
  }

  /** The order, when the principal may read it. */
  async visible(id: string, principal: Principal): Promise<OrderRow | null> {
    if (!isUuid(id)) return null;
    const [order] = await this.db.stores.orders.ordersByIds([id]);
    return order && canSeeOrder(principal, order.organizationId) ? order : null;
  }
}

/** The seller's first registered location, as a canonical location id; null when it has none. */
function defaultShipFrom(principal: Principal): string | null {
  const gln = principal.scope?.glns?.[0];
  return gln ? locationId(`(414)${gln}`, "shipFrom") : null;
}
