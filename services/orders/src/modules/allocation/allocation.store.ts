import { type RowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

const ALLOCATION_ROW = { orderId: "text", unitId: "text", gtin: "text?", allocatedAt: "time" } as const;
export type AllocationRow = RowOf<typeof ALLOCATION_ROW>;

const COLUMNS = `a."order_id"::text AS "orderId", a."unit_id" AS "unitId", a."gtin"::text AS "gtin", a."allocated_at" AS "allocatedAt"`;

/** Every SQL statement of allocations (which serial is on which order). */
export class AllocationStore {
  constructor(private readonly db: EntityManager) {}

  /** The units allocated to each of these orders (ids must be UUIDs), by unit id. */
  async ofOrders(orderIds: readonly string[]): Promise<AllocationRow[]> {
    return rowsOf("ALLOCATIONS_OF_ORDERS", ALLOCATION_ROW, await this.db.query(`SELECT ${COLUMNS} FROM "orders"."allocation" a WHERE a."order_id" = ANY($1::uuid[]) ORDER BY a."order_id", a."unit_id"`, [orderIds]));
  }

  /** The allocation in force of each of these units, when it has one (a unit taken back and restocked has none). */
  async ofUnits(unitIds: readonly string[]): Promise<AllocationRow[]> {
    return rowsOf(
      "ALLOCATIONS_OF_UNITS",
      ALLOCATION_ROW,
      await this.db.query(`SELECT ${COLUMNS} FROM "orders"."allocation" a WHERE a."unit_id" = ANY($1::text[]) AND a."released_at" IS NULL`, [unitIds]),
    );
  }

  /** Releases a unit sold on an order and taken back into stock: it may be allocated again. */
  async releaseSold(orderId: string, unitId: string): Promise<void> {
    await this.db.query(`UPDATE "orders"."allocation" SET "released_at" = now() WHERE "order_id" = $1::uuid AND "unit_id" = $2 AND "released_at" IS NULL`, [orderId, unitId]);
  }

  /**
   * Allocates units to an order; returns those it allocated. A unit another order holds is skipped (the unique index
   * on the unit decides: of two transactions allocating one unit, the second waits for the first and then skips it).
   */
  async allocate(orderId: string, units: readonly { unitId: string; gtin: string }[], by: string | null): Promise<string[]> {
    const rows = await this.db.query(
      `INSERT INTO "orders"."allocation" ("order_id", "unit_id", "gtin", "allocated_by") SELECT $1::uuid, u, g, $4 FROM unnest($2::text[], $3::text[]) AS t(u, g)
       ON CONFLICT ("unit_id") WHERE "released_at" IS NULL DO NOTHING RETURNING "unit_id" AS "unitId"`,
      [orderId, units.map((u) => u.unitId), units.map((u) => u.gtin), by],
    );
    return rowsOf("ALLOCATE", { unitId: "text" }, rows).map((r) => r.unitId);
  }

  /**
   * What a scan needs to know, in one statement: the order's lines with how many units each holds, and the order the
   * scanned unit is on now (its id and reference), if any.
   */
  async scanContext(orderId: string, unitId: string): Promise<{ lines: { gtin: string; quantity: number; allocated: number }[]; holder: { orderId: string; reference: string; organizationId: string | null } | null }> {
    const rows = await this.db.query(
      `SELECT
         (SELECT COALESCE(jsonb_agg(jsonb_build_object('gtin', l."gtin", 'quantity', l."quantity",
             'allocated', (SELECT count(*) FROM "orders"."allocation" a WHERE a."order_id" = l."order_id" AND a."gtin" = l."gtin")) ORDER BY l."gtin"), '[]'::jsonb)
          FROM "orders"."order_line" l WHERE l."order_id" = $1::uuid) AS "lines",
         (SELECT jsonb_build_object('orderId', a."order_id", 'reference', o."reference", 'organizationId', o."organization_id")
          FROM "orders"."allocation" a JOIN "orders"."order" o ON o."id" = a."order_id" WHERE a."unit_id" = $2 AND a."released_at" IS NULL) AS "holder"`,
      [orderId, unitId],
    );
    const row = rowsOf("SCAN_CONTEXT", { lines: "json", holder: "json?" }, (rows as Record<string, unknown>[]).map((r) => ({ lines: { list: r.lines }, holder: r.holder })))[0];
    return {
      lines: ((row?.lines.list ?? []) as { gtin: string; quantity: number; allocated: number }[]).map((l) => ({ gtin: l.gtin.trim(), quantity: Number(l.quantity), allocated: Number(l.allocated) })),
      holder: (row?.holder ?? null) as { orderId: string; reference: string; organizationId: string | null } | null,
    };
  }

  /** Releases one unit from an order; true when it was on it. */
  async release(orderId: string, unitId: string): Promise<boolean> {
    const rows = await this.db.query(`WITH d AS (DELETE FROM "orders"."allocation" WHERE "order_id" = $1::uuid AND "unit_id" = $2 RETURNING 1) SELECT count(*)::int AS "n" FROM d`, [orderId, unitId]);
    return (rows as { n: number }[])[0]?.n === 1;
  }

  /** Releases every unit of an order (a cancellation); returns them. */
  async releaseAll(orderId: string): Promise<string[]> {
    const rows = await this.db.query(`WITH d AS (DELETE FROM "orders"."allocation" WHERE "order_id" = $1::uuid RETURNING "unit_id") SELECT "unit_id" AS "unitId" FROM d`, [orderId]);
    return rowsOf("RELEASE_ALL", { unitId: "text" }, rows).map((r) => r.unitId);
  }

  /** Every unit an organization's open orders hold (to leave them out of pick suggestions), at most `limit`. */
  async heldByOrganization(org: string, gtins: readonly string[], limit: number): Promise<string[]> {
    const rows = await this.db.query(
      `SELECT a."unit_id" AS "unitId" FROM "orders"."allocation" a JOIN "orders"."order" o ON o."id" = a."order_id"
       WHERE o."organization_id" = $1 AND o."status" IN ('OPEN', 'ALLOCATED', 'PACKED') AND a."gtin" = ANY($2::text[]) LIMIT $3`,
      [org, gtins, limit],
    );
    return rowsOf("HELD_BY_ORG", { unitId: "text" }, rows).map((r) => r.unitId);
  }
}
