import { type Principal, hasAnyRole } from "@tracehub/auth";
import { BadUserInput, Conflict, type Page, assertMayWrite, decodeCursor, pageSize, parseUnitCode, toPage } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import type { OrderEntity } from "./order.entity";
import type { CreateOrderInput } from "./order.input";
import { toOrderType } from "./order.mapper";
import type { OrderType } from "./order.type";

/** Most units one order call allocates. */
export const MAX_ORDER_UNITS = 1_000;

/** Orders and serial allocation. */
export class OrderService {
  constructor(private readonly ds: DataSource) {}

  /** A page of the orders the principal may see, newest id order. */
  async list(principal: Principal, args: { first?: number | null; after?: string | null }): Promise<Page<OrderType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["uuid"]);
    const seeAll = hasAnyRole(principal, ["operator", "regulator"]);
    if (!seeAll && !principal.org) return toPage([], size, () => [], 0);
    const params: unknown[] = seeAll ? [] : [principal.org];
    const scope = seeAll ? "TRUE" : `"organization_id" = $1`;
    const [count] = (await this.ds.query(`SELECT count(*)::int AS n FROM "orders"."order" WHERE ${scope}`, params)) as { n: number }[];
    const afterClause = after ? ` AND "id" > $${params.length + 1}::uuid` : "";
    const rows: OrderEntity[] = await this.ds.query(
      `SELECT "id", "organization_id" AS "organizationId", "reference", "customer_name" AS "customerName", "status", "created_at" AS "createdAt"
       FROM "orders"."order" WHERE ${scope}${afterClause} ORDER BY "id" LIMIT ${size + 1}`,
      after ? [...params, String(after[0])] : params,
    );
    return toPage(rows.map(toOrderType), size, (o) => [o.id], count?.n ?? 0);
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
    const id = await this.ds.transaction(async (em) => {
      const taken = (await em.query(`SELECT "unit_id" FROM "orders"."allocation" WHERE "unit_id" = ANY($1::text[])`, [unitIds])) as { unit_id: string }[];
      if (taken.length) {
        throw new Conflict(`${taken.length} unit(s) are already allocated to another order, e.g. ${taken[0]?.unit_id}. Nothing was stored.`, {
          field: "unitCodes",
          taken: taken.slice(0, 100).map((t) => t.unit_id),
        });
      }
      const [row] = (await em.query(
        `INSERT INTO "orders"."order" ("organization_id", "reference", "customer_name") VALUES ($1, $2, $3) RETURNING "id"`,
        [principal.org, reference, customerName],
      )) as { id: string }[];
      await em.query(`INSERT INTO "orders"."allocation" ("order_id", "unit_id") SELECT $1, u FROM unnest($2::text[]) AS t(u)`, [row?.id, unitIds]);
      return row?.id as string;
    });
    const [created] = (await this.ds.query(
      `SELECT "id", "organization_id" AS "organizationId", "reference", "customer_name" AS "customerName", "status", "created_at" AS "createdAt" FROM "orders"."order" WHERE "id" = $1`,
      [id],
    )) as OrderEntity[];
    return toOrderType(created as OrderEntity);
  }
}
