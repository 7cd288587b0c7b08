import { type KeyColumn, type KeyValue, type KeysetPage, type OutboxMessageInput, type RowOf, enqueueOutbox, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";
import { orderStatusMessage } from "./order.rules";

/** An order as every statement that reads orders returns it. */
const ORDER_ROW = {
  id: "text",
  organizationId: "text?",
  reference: "text",
  customerId: "text",
  status: "text",
  returnWindowDays: "int",
  shipFrom: "text?",
  shipTo: "text?",
  sscc: "text?",
  createdAt: "time",
  allocatedAt: "time?",
  packedAt: "time?",
  shippedAt: "time?",
  deliveredAt: "time?",
  cancelledAt: "time?",
} as const;
export type OrderRow = RowOf<typeof ORDER_ROW>;

const ORDER_COLUMNS = `o."id", o."organization_id" AS "organizationId", o."reference", o."customer_id"::text AS "customerId", o."status",
  o."return_window_days" AS "returnWindowDays", o."ship_from" AS "shipFrom", o."ship_to" AS "shipTo", o."sscc", o."created_at" AS "createdAt",
  o."allocated_at" AS "allocatedAt", o."packed_at" AS "packedAt", o."shipped_at" AS "shippedAt", o."delivered_at" AS "deliveredAt", o."cancelled_at" AS "cancelledAt"`;

/** Orders by id. $1: uuid[]. */
const ORDERS_BY_ID = `SELECT ${ORDER_COLUMNS} FROM "orders"."order" o WHERE o."id" = ANY($1::uuid[])`;

/** One order, locked until the transaction ends (every change of an order's allocations or status takes it). $1: uuid. */
const LOCK_ORDER = `SELECT ${ORDER_COLUMNS} FROM "orders"."order" o WHERE o."id" = $1::uuid FOR UPDATE`;

/** An order by its tracking token's hash. $1: hash. */
const ORDER_BY_TRACKING = `SELECT ${ORDER_COLUMNS} FROM "orders"."order" o WHERE o."tracking_hash" = $1`;

/** The order each unit is allocated to, or was last sold on. $1: unit ids. */
const ORDERS_BY_UNIT = `SELECT DISTINCT ON (a."unit_id") a."unit_id" AS "unitId", ${ORDER_COLUMNS}
  FROM "orders"."allocation" a JOIN "orders"."order" o ON o."id" = a."order_id" WHERE a."unit_id" = ANY($1::text[])
  ORDER BY a."unit_id", a."released_at" IS NULL DESC, a."allocated_at" DESC`;
const ORDER_BY_UNIT_ROW = { unitId: "text", ...ORDER_ROW } as const;
export type OrderByUnitRow = RowOf<typeof ORDER_BY_UNIT_ROW>;

/** How many orders an organization has ($1 NULL: every organization), of a status ($2 NULL: any). */
const COUNT_ORDERS = `SELECT count(*)::int AS "n" FROM "orders"."order" WHERE ($1::text IS NULL OR "organization_id" = $1::text) AND ($2::text IS NULL OR "status" = $2::text)`;
const COUNT_ROW = { n: "int" } as const;

/** The order of the orders connection: by id (its cursor holds the id). */
const ORDER_KEYS: readonly KeyColumn[] = [{ column: "o.id" }];

/** A page of an organization's orders ($1 NULL: every organization) of a status ($2 NULL: any), after the page's position, by id. */
const ORDER_PAGE = (page: KeysetPage) => `SELECT ${ORDER_COLUMNS} FROM "orders"."order" o
  WHERE ($1::text IS NULL OR o."organization_id" = $1::text) AND ($2::text IS NULL OR o."status" = $2::text) AND ${page.where}
  ORDER BY ${page.orderBy} ${page.limit}`;

/** A new order. */
const INSERT_ORDER = `INSERT INTO "orders"."order" AS o ("organization_id", "reference", "customer_id", "return_window_days", "ship_from", "ship_to")
  VALUES ($1, $2, $3::uuid, $4::int, $5, $6) ON CONFLICT ("organization_id", "reference") DO NOTHING RETURNING ${ORDER_COLUMNS}`;

/** An order's lines. $1: order ids. */
const LINES = `SELECT l."order_id"::text AS "orderId", l."gtin"::text AS "gtin", l."quantity",
    (SELECT count(*)::int FROM "orders"."allocation" a WHERE a."order_id" = l."order_id" AND a."gtin" = l."gtin") AS "allocated"
  FROM "orders"."order_line" l WHERE l."order_id" = ANY($1::uuid[]) ORDER BY l."order_id", l."gtin"`;
const LINE_ROW = { orderId: "text", gtin: "text", quantity: "int", allocated: "int" } as const;
export type LineRow = RowOf<typeof LINE_ROW>;

/** Stores an order's lines. $1 order, $2 GTINs, $3 quantities. */
const INSERT_LINES = `INSERT INTO "orders"."order_line" ("order_id", "gtin", "quantity") SELECT $1::uuid, g, q FROM unnest($2::text[], $3::int[]) AS t(g, q)`;

/** Moves an order to a status, stamping the step's time column. */
const SET_STATUS = (stamp: StampColumn | null) => `WITH c AS (UPDATE "orders"."order" SET "status" = $2, "updated_at" = now()${stamp ? `, "${stamp}" = COALESCE($3::timestamptz, now())` : ""}
  WHERE "id" = $1::uuid RETURNING *) SELECT ${ORDER_COLUMNS} FROM c o`;

/** The time columns a status change may stamp. */
export type StampColumn = "allocated_at" | "packed_at" | "shipped_at" | "delivered_at" | "cancelled_at";

/** Every SQL statement of orders and their lines. */
export class OrderStore {
  /** `db`: the data source's manager, or a transaction's. */
  constructor(private readonly db: EntityManager) {}

  /** Orders by id (ids must be UUIDs), in any order. */
  async ordersByIds(ids: readonly string[]): Promise<OrderRow[]> {
    return rowsOf("ORDERS_BY_ID", ORDER_ROW, await this.db.query(ORDERS_BY_ID, [ids]));
  }

  /** One order, locked until the caller's transaction ends; null when there is none. */
  async lock(id: string): Promise<OrderRow | null> {
    return rowsOf("LOCK_ORDER", ORDER_ROW, await this.db.query(LOCK_ORDER, [id]))[0] ?? null;
  }

  /** The order a tracking token's hash names. */
  async byTrackingHash(hash: string): Promise<OrderRow | null> {
    return rowsOf("ORDER_BY_TRACKING", ORDER_ROW, await this.db.query(ORDER_BY_TRACKING, [hash]))[0] ?? null;
  }

  /** Sets an order's tracking token hash (replacing an earlier link). */
  async setTrackingHash(id: string, hash: string): Promise<void> {
    await this.db.query(`UPDATE "orders"."order" SET "tracking_hash" = $2, "updated_at" = now() WHERE "id" = $1::uuid`, [id, hash]);
  }

  /** The order each of these units is allocated to, when it is. */
  async ordersByUnitIds(unitIds: readonly string[]): Promise<OrderByUnitRow[]> {
    return rowsOf("ORDERS_BY_UNIT", ORDER_BY_UNIT_ROW, await this.db.query(ORDERS_BY_UNIT, [unitIds]));
  }

  /** How many orders `org` has (every order when `org` is null), of `status` (any when null). */
  async count(org: string | null, status: string | null): Promise<number> {
    return oneRowOf("COUNT_ORDERS", COUNT_ROW, await this.db.query(COUNT_ORDERS, [org, status])).n;
  }

  /** A page of `size` orders of `org` (every organization when null) after position `after` ([id]), by id; one more when a next page exists. */
  async page(org: string | null, status: string | null, after: readonly KeyValue[] | null, size: number): Promise<OrderRow[]> {
    const page = keysetPage({ keys: ORDER_KEYS, after, size, firstParam: 3 });
    return rowsOf("ORDER_PAGE", ORDER_ROW, await this.db.query(ORDER_PAGE(page), [org, status, ...page.params]));
  }

  /** Stores a new order; null when the organization has an order of that reference already. */
  async insertOrder(order: { organizationId: string; reference: string; customerId: string; returnWindowDays: number; shipFrom: string | null; shipTo: string | null }): Promise<OrderRow | null> {
    const rows = await this.db.query(INSERT_ORDER, [order.organizationId, order.reference, order.customerId, order.returnWindowDays, order.shipFrom, order.shipTo]);
    return rowsOf("INSERT_ORDER", ORDER_ROW, rows)[0] ?? null;
  }

  /** Stores an order's lines. */
  async insertLines(orderId: string, lines: readonly { gtin: string; quantity: number }[]): Promise<void> {
    await this.db.query(INSERT_LINES, [orderId, lines.map((l) => l.gtin), lines.map((l) => l.quantity)]);
  }

  /** The lines of these orders (ids must be UUIDs), with how many units each holds. */
  async lines(orderIds: readonly string[]): Promise<LineRow[]> {
    return rowsOf("LINES", LINE_ROW, await this.db.query(LINES, [orderIds]));
  }

  /**
   * Moves an order to `status`, stamping `stamp` with `at` (now when null), and tells of it through the outbox in the
   * same transaction (the seller's ORDER_STATUS webhooks hear of every change, or of none if this rolls back).
   */
  async setStatus(id: string, status: string, stamp: StampColumn | null, at: Date | null = null): Promise<OrderRow> {
    const row = oneRowOf("SET_STATUS", ORDER_ROW, await this.db.query(SET_STATUS(stamp), stamp ? [id, status, at] : [id, status]));
    if (row.organizationId) await this.enqueue([orderStatusMessage(row, at ?? new Date())]);
    return row;
  }

  /** Records the SSCC an order is packed in. */
  async setSscc(id: string, sscc: string | null): Promise<void> {
    await this.db.query(`UPDATE "orders"."order" SET "sscc" = $2 WHERE "id" = $1::uuid`, [id, sscc]);
  }

  /** Whether another order uses this SSCC. */
  async ssccTaken(sscc: string, exceptOrderId: string): Promise<boolean> {
    const rows = (await this.db.query(`SELECT 1 FROM "orders"."order" WHERE "sscc" = $1 AND "id" <> $2::uuid`, [sscc, exceptOrderId])) as unknown[];
    return rows.length > 0;
  }

  /** The next serial reference for an SSCC the hub assigns. */
  async nextSsccSerial(): Promise<bigint> {
    return BigInt(oneRowOf("SSCC_SERIAL", { n: "text" }, await this.db.query(`SELECT nextval('"orders"."sscc_serial"')::text AS "n"`)).n);
  }

  /** Writes messages for other services to the outbox, in the caller's transaction. */
  async enqueue(messages: readonly OutboxMessageInput[]): Promise<void> {
    await enqueueOutbox(this.db, "orders", messages);
  }
}
