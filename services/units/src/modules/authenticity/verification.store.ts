import { type RowOf, rowsOf } from "@tracehub/db";
import type { DataSource } from "typeorm";
import { storedScopeCovers } from "../recall/recall.store";

const CHECK_ROW = { at: "time", country: "text?" } as const;
const LOG_ROW = { unitId: "text", checkedAt: "time", country: "text?", verdict: "text", reasons: "text[]" } as const;
export type VerificationRow = RowOf<typeof LOG_ROW>;
const RECALL_ROW = { reason: "text?", instructions: "text?" } as const;

/** Every SQL statement of the public checks' log, and what a verdict reads besides the unit. */
export class VerificationStore {
  constructor(private readonly ds: DataSource) {}

  /** The serial's checks of the last 30 days, newest first (at most 1,000). */
  async recentChecks(unitId: string): Promise<{ at: Date; country: string | null }[]> {
    const rows = await this.ds.query(
      `SELECT "checked_at" AS "at", "country"::text AS "country" FROM "units"."verification" WHERE "unit_id" = $1 AND "checked_at" > now() - interval '30 days' ORDER BY "checked_at" DESC LIMIT 1000`,
      [unitId],
    );
    return rowsOf("RECENT_CHECKS", CHECK_ROW, rows);
  }

  /** Records a check. */
  async record(check: { unitId: string; gtin: string; at: Date; country: string | null; verdict: string; reasons: readonly string[] }): Promise<void> {
    await this.ds.query(`INSERT INTO "units"."verification" ("unit_id", "gtin", "checked_at", "country", "verdict", "reasons") VALUES ($1, $2, $3, $4, $5, $6::text[])`, [
      check.unitId,
      check.gtin,
      check.at,
      check.country,
      check.verdict,
      check.reasons,
    ]);
  }

  /** Whether an open quarantine holds the unit. */
  async onHold(unitId: string): Promise<boolean> {
    const rows = (await this.ds.query(
      `SELECT 1 FROM "units"."unit" u WHERE u."id" = $1 AND EXISTS (SELECT 1 FROM "units"."hold" h WHERE h."status" = 'OPEN' AND ${storedScopeCovers("u", "h")})`,
      [unitId],
    )) as unknown[];
    return rows.length > 0;
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
