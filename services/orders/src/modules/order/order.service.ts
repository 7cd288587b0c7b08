import { type Principal, hasAnyRole } from "@tracehub/auth";
import { BadUserInput, Conflict, type Page, assertMayWrite, decodeCursor, pageSize, parseUnitCode, toPage } from "@tracehub/subgraph-kit";
import { OrderReason } from "./order.errors";
import type { CreateOrderInput } from "./order.input";
import { toOrderType } from "./order.mapper";
import type { OrderStore } from "./order.store";
import type { OrderType } from "./order.type";

/** Most units one order call allocates. */
export const MAX_ORDER_UNITS = 1_000;

/** Orders and serial allocation. */
export class OrderService {
  constructor(private readonly store: OrderStore) {}

  /** A page of the orders the principal may see, newest id order. */
  async list(principal: Principal, args: { first?: number | null; after?: string | null }): Promise<Page<OrderType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["uuid"]);
    const seeAll = hasAnyRole(principal, ["operator", "regulator"]);
    if (!seeAll && !principal.org) return toPage([], size, () => [], 0);
    const org = seeAll ? null : principal.org;
    const total = await this.store.count(org);
    const rows = await this.store.page(org, after, size);
    return toPage(rows.map(toOrderType), size, (o) => [o.id], total);
  }

  /**
   * Creates an order owned by the caller's organization and allocates the given units to it, all or
   * nothing. A unit already on another order is a CONFLICT.
   */
  async create(input: CreateOrderInput, principal: Principal): Promise<OrderType> {
    const reference = input.reference.trim();
    const customerName = input.customerName.trim();
    if (reference.length < 1 || reference.length > 100) throw new BadUserInput("'reference' must be 1 to 100 characters.", { field: "reference" });
    if (customerName.length < 1 || customerName.length > 200) throw new BadUserInput("'customerName' must be 1 to 200 characters.", { field: "customerName" });
    if (input.unitCodes.length < 1 || input.unitCodes.length > MAX_ORDER_UNITS) {
      throw new BadUserInput(`'unitCodes' must hold 1 to ${MAX_ORDER_UNITS} codes.`, { field: "unitCodes" });
    }
    const unitIds = [...new Set(input.unitCodes.map((code, i) => parseUnitCode(code, `unitCodes[${i}]`).id))];
    assertMayWrite(principal, unitIds, "CAPTURE", "unitCodes");
    const created = await this.store.transaction(async (tx) => {
      const order = await tx.insertOrder({ organizationId: principal.org, reference, customerName });
      const allocated = new Set(await tx.allocateFree(order.id, unitIds));
      if (allocated.size < unitIds.length) {
        // Throwing rolls the order and its allocations back.
        const taken = unitIds.filter((id) => !allocated.has(id)).sort();
        throw new Conflict(
          `${taken.length} unit(s) are already allocated to another order, e.g. ${taken[0]}. Nothing was stored.`,
          { field: "unitCodes", taken: taken.slice(0, 100) },
          OrderReason.UNIT_ALREADY_ALLOCATED,
        );
      }
      return order;
    });
    return toOrderType(created);
  }
}
