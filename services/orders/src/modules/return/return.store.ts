import { type RowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

const RETURN_ROW = {
  id: "text",
  orderId: "text",
  organizationId: "text?",
  unitId: "text",
  gtin: "text?",
  verdict: "text",
  reason: "text?",
  status: "text",
  requestedAt: "time",
  receivedAt: "time?",
  decidedAt: "time?",
} as const;
export type ReturnRow = RowOf<typeof RETURN_ROW>;

const COLUMNS = `r."id"::text AS "id", r."order_id"::text AS "orderId", r."organization_id" AS "organizationId", r."unit_id" AS "unitId", r."gtin"::text AS "gtin",
  r."verdict", r."reason", r."status", r."requested_at" AS "requestedAt", r."received_at" AS "receivedAt", r."decided_at" AS "decidedAt"`;

/** Every SQL statement of returns. */
export class ReturnStore {
  constructor(private readonly db: EntityManager) {}

  /**
   * Stores a return request. An accepted one (`status` other than REFUSED) is stored only when the unit of the order
   * has no accepted return yet; null when another request got there first.
   */
  async insert(row: { orderId: string; organizationId: string | null; unitId: string; gtin: string; verdict: string; reason: string | null; status: string; by: string | null }): Promise<ReturnRow | null> {
    const rows = await this.db.query(
      `INSERT INTO "orders"."unit_return" AS r ("order_id", "organization_id", "unit_id", "gtin", "verdict", "reason", "status", "requested_by")
       VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT ("order_id", "unit_id") WHERE "status" <> 'REFUSED' DO NOTHING RETURNING ${COLUMNS}`,
      [row.orderId, row.organizationId, row.unitId, row.gtin, row.verdict, row.reason, row.status, row.by],
    );
    return rowsOf("INSERT_RETURN", RETURN_ROW, rows)[0] ?? null;
  }

  /** Whether the unit of the order has an accepted return. */
  async acceptedFor(orderId: string, unitId: string): Promise<boolean> {
    const rows = (await this.db.query(`SELECT 1 FROM "orders"."unit_return" WHERE "order_id" = $1::uuid AND "unit_id" = $2 AND "status" <> 'REFUSED'`, [orderId, unitId])) as unknown[];
    return rows.length > 0;
  }

  /** One return, locked until the transaction ends. */
  async lock(id: string): Promise<ReturnRow | null> {
    return rowsOf("LOCK_RETURN", RETURN_ROW, await this.db.query(`SELECT ${COLUMNS} FROM "orders"."unit_return" r WHERE r."id" = $1::uuid FOR UPDATE`, [id]))[0] ?? null;
  }

  /** Moves a return to `status`, stamping `stamp`. */
  async setStatus(id: string, status: string, stamp: "received_at" | "decided_at"): Promise<ReturnRow> {
    const rows = await this.db.query(
      `WITH c AS (UPDATE "orders"."unit_return" SET "status" = $2, "${stamp}" = now() WHERE "id" = $1::uuid RETURNING *) SELECT ${COLUMNS} FROM c r`,
      [id, status],
    );
    return rowsOf("SET_RETURN_STATUS", RETURN_ROW, rows)[0] as ReturnRow;
  }

  /** The returns of these orders, oldest first. */
  async ofOrders(orderIds: readonly string[]): Promise<ReturnRow[]> {
    return rowsOf("RETURNS_OF_ORDERS", RETURN_ROW, await this.db.query(`SELECT ${COLUMNS} FROM "orders"."unit_return" r WHERE r."order_id" = ANY($1::uuid[]) ORDER BY r."requested_at", r."id"`, [orderIds]));
  }

  /** How many of an order's units came back (received or decided), and how many accepted returns still await their item. */
  async progress(orderId: string): Promise<{ back: number; awaiting: number }> {
    const rows = await this.db.query(
      `SELECT (count(*) FILTER (WHERE "status" IN ('RECEIVED', 'RESTOCKED', 'QUARANTINED', 'DESTROYED')))::int AS "back",
              (count(*) FILTER (WHERE "status" = 'AWAITING_ITEM'))::int AS "awaiting"
       FROM "orders"."unit_return" WHERE "order_id" = $1::uuid`,
      [orderId],
    );
    return rowsOf("RETURN_PROGRESS", { back: "int", awaiting: "int" }, rows)[0] as { back: number; awaiting: number };
  }
}
