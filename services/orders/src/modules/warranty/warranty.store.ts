import { type RowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

const POLICY_ROW = { organizationId: "text", gtin: "text", months: "int", updatedAt: "time" } as const;
export type PolicyRow = RowOf<typeof POLICY_ROW>;
const COLUMNS = `"organization_id" AS "organizationId", "gtin"::text AS "gtin", "months", "updated_at" AS "updatedAt"`;

/** Every SQL statement of warranty policies. */
export class WarrantyStore {
  constructor(private readonly db: EntityManager) {}

  /** Sets a seller's policy for a product. */
  async setPolicy(org: string, gtin: string, months: number): Promise<PolicyRow> {
    const rows = await this.db.query(
      `INSERT INTO "orders"."warranty_policy" ("organization_id", "gtin", "months") VALUES ($1, $2, $3)
       ON CONFLICT ("organization_id", "gtin") DO UPDATE SET "months" = EXCLUDED."months", "updated_at" = now() RETURNING ${COLUMNS}`,
      [org, gtin, months],
    );
    return rowsOf("SET_POLICY", POLICY_ROW, rows)[0] as PolicyRow;
  }

  /** Policies for (seller, GTIN) pairs. */
  async policies(pairs: readonly { org: string; gtin: string }[]): Promise<PolicyRow[]> {
    if (pairs.length === 0) return [];
    return rowsOf(
      "POLICIES",
      POLICY_ROW,
      await this.db.query(`SELECT ${COLUMNS} FROM "orders"."warranty_policy" p JOIN unnest($1::text[], $2::text[]) AS t(o, g) ON p."organization_id" = t.o AND p."gtin" = t.g::char(14)`, [
        pairs.map((p) => p.org),
        pairs.map((p) => p.gtin),
      ]),
    );
  }

  /** A seller's policies, by GTIN. */
  async policiesOf(org: string): Promise<PolicyRow[]> {
    return rowsOf("POLICIES_OF", POLICY_ROW, await this.db.query(`SELECT ${COLUMNS} FROM "orders"."warranty_policy" WHERE "organization_id" = $1 ORDER BY "gtin"`, [org]));
  }

  /** Whether the unit sold on the order came back (an accepted return that arrived). */
  async returned(orderId: string, unitId: string): Promise<boolean> {
    const rows = (await this.db.query(
      `SELECT 1 FROM "orders"."unit_return" WHERE "order_id" = $1::uuid AND "unit_id" = $2 AND "status" IN ('RECEIVED', 'RESTOCKED', 'QUARANTINED', 'DESTROYED')`,
      [orderId, unitId],
    )) as unknown[];
    return rows.length > 0;
  }
}
