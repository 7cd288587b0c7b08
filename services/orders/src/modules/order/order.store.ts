import { type KeyColumn, type KeyValue, type KeysetPage, type RowOf, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

/** An order as every statement that reads orders returns it. */
const ORDER_ROW = { id: "text", organizationId: "text?", reference: "text", customerName: "text", status: "text", createdAt: "time" } as const;
export type OrderRow = RowOf<typeof ORDER_ROW>;

const ORDER_COLUMNS = `o."id", o."organization_id" AS "organizationId", o."reference", o."customer_name" AS "customerName", o."status", o."created_at" AS "createdAt"`;

/** Orders by id. $1: uuid[]. */
const ORDERS_BY_ID = `SELECT ${ORDER_COLUMNS} FROM "orders"."order" o WHERE o."id" = ANY($1::uuid[])`;

/** The order each unit is allocated to. $1: unit ids. */
const ORDERS_BY_UNIT = `SELECT a."unit_id" AS "unitId", ${ORDER_COLUMNS}
  FROM "orders"."allocation" a JOIN "orders"."order" o ON o."id" = a."order_id" WHERE a."unit_id" = ANY($1::text[])`;
const ORDER_BY_UNIT_ROW = { unitId: "text", ...ORDER_ROW } as const;
export type OrderByUnitRow = RowOf<typeof ORDER_BY_UNIT_ROW>;

/** The units allocated to each order, in unit id order. $1: uuid[]. */
const UNITS_BY_ORDER = `SELECT "order_id" AS "orderId", "unit_id" AS "unitId" FROM "orders"."allocation" WHERE "order_id" = ANY($1::uuid[]) ORDER BY "unit_id"`;
const ALLOCATION_ROW = { orderId: "text", unitId: "text" } as const;
export type AllocationRow = RowOf<typeof ALLOCATION_ROW>;

/** How many orders an organization has ($1 NULL: every organization). */
const COUNT_ORDERS = `SELECT count(*)::int AS "n" FROM "orders"."order" WHERE ($1::text IS NULL OR "organization_id" = $1::text)`;
const COUNT_ROW = { n: "int" } as const;

/** The order of the orders connection: by id (its cursor holds the id). */
const ORDER_KEYS: readonly KeyColumn[] = [{ column: "o.id" }];

/** A page of an organization's orders ($1 NULL: every organization), after the page's position, by id. */
const ORDER_PAGE = (page: KeysetPage) => `SELECT ${ORDER_COLUMNS} FROM "orders"."order" o
  WHERE ($1::text IS NULL OR o."organization_id" = $1::text) AND ${page.where}
  ORDER BY ${page.orderBy} ${page.limit}`;

/** A new order. $1 organization, $2 reference, $3 customer name. */
const INSERT_ORDER = `INSERT INTO "orders"."order" AS o ("organization_id", "reference", "customer_name") VALUES ($1, $2, $3) RETURNING ${ORDER_COLUMNS}`;

/**
 * Allocates to order $1 those of units $2 that no order holds, and returns them. A unit another transaction is
 * allocating waits for it, so two orders never both get a unit.
 */
const INSERT_ALLOCATIONS = `INSERT INTO "orders"."allocation" ("order_id", "unit_id") SELECT $1::uuid, u FROM unnest($2::text[]) AS t(u)
  ON CONFLICT ("unit_id") DO NOTHING RETURNING "unit_id" AS "unitId"`;
const ALLOCATED_ROW = { unitId: "text" } as const;

/** Every SQL statement of orders and their allocations. */
export class OrderStore {
  /** `db`: the data source's manager, or a transaction's. */
  constructor(private readonly db: EntityManager) {}

  /** Runs `work` in one transaction, with a store bound to it. */
  transaction<T>(work: (tx: OrderStore) => Promise<T>): Promise<T> {
    return this.db.transaction((em) => work(new OrderStore(em)));
  }

  /** Orders by id (ids must be UUIDs), in any order. */
  async ordersByIds(ids: readonly string[]): Promise<OrderRow[]> {
    return rowsOf("ORDERS_BY_ID", ORDER_ROW, await this.db.query(ORDERS_BY_ID, [ids]));
  }

  /** The order each of these units is allocated to, when it is. */
  async ordersByUnitIds(unitIds: readonly string[]): Promise<OrderByUnitRow[]> {
    return rowsOf("ORDERS_BY_UNIT", ORDER_BY_UNIT_ROW, await this.db.query(ORDERS_BY_UNIT, [unitIds]));
  }

  /** The units allocated to each of these orders (ids must be UUIDs), by unit id. */
  async allocationsOf(orderIds: readonly string[]): Promise<AllocationRow[]> {
    return rowsOf("UNITS_BY_ORDER", ALLOCATION_ROW, await this.db.query(UNITS_BY_ORDER, [orderIds]));
  }

  /** How many orders `org` has (every order when `org` is null). */
  async count(org: string | null): Promise<number> {
    return oneRowOf("COUNT_ORDERS", COUNT_ROW, await this.db.query(COUNT_ORDERS, [org])).n;
  }

  /** A page of `size` orders of `org` (every organization when null) after position `after` ([id]), by id; one more when a next page exists. */
  async page(org: string | null, after: readonly KeyValue[] | null, size: number): Promise<OrderRow[]> {
    const page = keysetPage({ keys: ORDER_KEYS, after, size, firstParam: 2 });
    return rowsOf("ORDER_PAGE", ORDER_ROW, await this.db.query(ORDER_PAGE(page), [org, ...page.params]));
  }

  /** Stores a new order. */
  async insertOrder(order: { organizationId: string | null; reference: string; customerName: string }): Promise<OrderRow> {
    return oneRowOf("INSERT_ORDER", ORDER_ROW, await this.db.query(INSERT_ORDER, [order.organizationId, order.reference, order.customerName]));
  }

  /** Allocates to an order the units (distinct) that are on no order yet; returns the ones it allocated. */
  async allocateFree(orderId: string, unitIds: readonly string[]): Promise<string[]> {
    return rowsOf("INSERT_ALLOCATIONS", ALLOCATED_ROW, await this.db.query(INSERT_ALLOCATIONS, [orderId, unitIds])).map((r) => r.unitId);
  }
}
