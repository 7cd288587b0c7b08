import { type RowOf, oneRowOf, preparedQuery, rowsOf } from "@tracehub/db";
import type { DataSource } from "typeorm";
import type { ProductLink } from "../product/product.rules";
import { storedScopeCovers } from "../recall/recall.store";

const LOG_ROW = { unitId: "text", checkedAt: "time", country: "text?", verdict: "text", reasons: "text[]" } as const;
export type VerificationRow = RowOf<typeof LOG_ROW>;
const RECALL_ROW = { reason: "text?", instructions: "text?" } as const;

/** What {@link VerificationStore.verdictFacts} reads. */
export interface VerdictFacts {
  unit: { status: string; commissioned: boolean; lot: string | null; expiry: string | null; productionDate: string | null; disposition: string | null } | null;
  product: { name: string; brand: string | null; imageUrl: string | null; links: ProductLink[] } | null;
  checks: { at: Date; country: string | null }[];
  onHold: boolean;
  custodyGlns: string[];
}

/** Every SQL statement of the public checks' log, and what a verdict reads besides the unit. */
export class VerificationStore {
  constructor(private readonly ds: DataSource) {}

  /**
   * Everything a verdict reads, in one statement: the unit's record (null when no unit has this id), its product's
   * public facts (null when the product is not registered), the serial's checks of the last 30 days (newest first, at
   * most 1,000), whether an open quarantine holds it, and the GLNs of the parties whose custody it is in now.
   */
  async verdictFacts(unitId: string, gtin: string): Promise<VerdictFacts> {
    const row = oneRowOf(
      "VERDICT_FACTS",
      { unit: "json?", product: "json?", checks: "json", onHold: "bool", custodyGlns: "text[]" },
      // A named statement: the public check runs it on every call, and its plan is worth keeping.
      await preparedQuery(
        this.ds,
        "units_verdict_facts",
        `SELECT
           (SELECT json_build_object('status', u."status", 'commissioned', u."commissioned", 'lot', u."lot", 'expiry', u."expiry"::text,
              'productionDate', u."production_date"::text, 'disposition', u."disposition") FROM "units"."unit" u WHERE u."id" = $1) AS "unit",
           (SELECT json_build_object('name', p."name", 'brand', p."brand", 'imageUrl', p."image_url", 'links', p."links") FROM "units"."product" p WHERE p."gtin" = $2) AS "product",
           (SELECT json_build_object('list', COALESCE(json_agg(json_build_object('at', v."checked_at", 'country', v."country") ORDER BY v."checked_at" DESC), '[]'::json))
              FROM (SELECT "checked_at", "country"::text FROM "units"."verification" WHERE "unit_id" = $1 AND "checked_at" > now() - interval '30 days'
                    ORDER BY "checked_at" DESC LIMIT 1000) v) AS "checks",
           EXISTS (SELECT 1 FROM "units"."unit" u WHERE u."id" = $1 AND EXISTS (SELECT 1 FROM "units"."hold" h WHERE h."status" = 'OPEN' AND ${storedScopeCovers("u", "h")})) AS "onHold",
           ARRAY(SELECT c."party_gln" FROM "units"."custody" c WHERE c."unit_id" = $1 AND c."to_time" IS NULL ORDER BY c."party_gln") AS "custodyGlns"`,
        [unitId, gtin],
      ),
    );
    const checks = ((row.checks as { list?: unknown }).list as { at: string; country: string | null }[]).map((c) => ({ at: new Date(c.at), country: c.country }));
    return { unit: row.unit as VerdictFacts["unit"], product: row.product as VerdictFacts["product"], checks, onHold: row.onHold, custodyGlns: row.custodyGlns };
  }

  /** Records a check. */
  async record(check: { unitId: string; gtin: string; at: Date; country: string | null; verdict: string; reasons: readonly string[] }): Promise<void> {
    await preparedQuery(
      this.ds,
      "units_verification_insert",
      `INSERT INTO "units"."verification" ("unit_id", "gtin", "checked_at", "country", "verdict", "reasons") VALUES ($1, $2, $3, $4, $5, $6::text[])`,
      [check.unitId, check.gtin, check.at, check.country, check.verdict, check.reasons],
    );
  }

  /** The public notice of the issued recall that marked the unit (the latest), if any. */
  async recallOf(unitId: string): Promise<{ reason: string | null; instructions: string | null } | null> {
    const rows = await this.ds.query(
      `SELECT r."reason", r."instructions" FROM "units"."recall_unit" ru JOIN "units"."recall" r ON r."id" = ru."recall_id" AND r."status" = 'ISSUED'
       WHERE ru."unit_id" = $1 ORDER BY ru."marked_at" DESC LIMIT 1`,
      [unitId],
    );
    return rowsOf("UNIT_RECALL", RECALL_ROW, rows)[0] ?? null;
  }

  /** Raises CLONE_SUSPECTED on the unit, at most once a day. */
  async raiseCloneAlert(unitId: string, message: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO "units"."alert" ("unit_id", "event_seq", "kind", "message")
       SELECT $1, NULL, 'CLONE_SUSPECTED', $2 WHERE NOT EXISTS (
         SELECT 1 FROM "units"."alert" WHERE "unit_id" = $1 AND "kind" = 'CLONE_SUSPECTED' AND "created_at" > now() - interval '1 day')`,
      [unitId, message.slice(0, 2000)],
    );
  }

  /** The checks of these units, newest first, at most `limit` each. */
  async logOf(unitIds: readonly string[], limit: number): Promise<VerificationRow[]> {
    const rows = await this.ds.query(
      `SELECT v."unit_id" AS "unitId", v."checked_at" AS "checkedAt", v."country"::text AS "country", v."verdict", v."reasons"
       FROM unnest($1::text[]) AS t(u) CROSS JOIN LATERAL (
         SELECT * FROM "units"."verification" x WHERE x."unit_id" = t.u ORDER BY x."checked_at" DESC LIMIT $2) v`,
      [unitIds, limit],
    );
    return rowsOf("VERIFICATION_LOG", LOG_ROW, rows);
  }
}
