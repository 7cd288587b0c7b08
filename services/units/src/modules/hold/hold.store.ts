import { rowsOf } from "@tracehub/db";
import type { DataSource, EntityManager } from "typeorm";
import { storedScopeCovers } from "../recall/recall.store";
import type { HoldOpened } from "./hold.rules";

/** Every SQL statement of holds. */
export class HoldStore {
  constructor(private readonly ds: DataSource) {}

  /** Which of these units an open hold covers (each once). */
  async held(unitIds: readonly string[]): Promise<string[]> {
    const rows = rowsOf(
      "UNITS_HELD",
      { id: "text" },
      await this.ds.query(
        `SELECT u."id" FROM "units"."unit" u WHERE u."id" = ANY($1::text[])
           AND EXISTS (SELECT 1 FROM "units"."hold" h WHERE h."status" = 'OPEN' AND ${storedScopeCovers("u", "h")})`,
        [unitIds],
      ),
    );
    return rows.map((r) => r.id);
  }

  /** Records an open quarantine (once: a redelivery changes nothing). */
  async open(em: EntityManager, hold: HoldOpened): Promise<void> {
    await em.query(
      `INSERT INTO "units"."hold" ("id", "gtin", "lots", "serials", "produced_from", "produced_to", "expires_from", "expires_to", "status")
       VALUES ($1::uuid, $2, $3::text[], $4::text[], $5::date, $6::date, $7::date, $8::date, 'OPEN') ON CONFLICT ("id") DO NOTHING`,
      [hold.quarantineId, hold.gtin, hold.lots, hold.serials, hold.producedFrom, hold.producedTo, hold.expiresFrom, hold.expiresTo],
    );
  }

  /** Ends a hold (its units move freely again). */
  async close(em: EntityManager, quarantineId: string): Promise<void> {
    await em.query(`UPDATE "units"."hold" SET "status" = 'CLOSED', "closed_at" = COALESCE("closed_at", now()) WHERE "id" = $1::uuid`, [quarantineId]);
  }

  /**
   * Raises MOVED_WHILE_ON_HOLD for each (unit, event) move of a unit an open hold covers: its GTIN, and every
   * condition of the hold's scope. One statement for the whole capture.
   */
  async alertMoves(em: EntityManager, moves: readonly { unitId: string; seq: string; bizStep: string }[]): Promise<void> {
    if (moves.length === 0) return;
    await em.query(
      `INSERT INTO "units"."alert" ("unit_id", "event_seq", "kind", "message")
       SELECT DISTINCT ON (m.unit_id, m.seq) m.unit_id, m.seq, 'MOVED_WHILE_ON_HOLD',
         'This unit is on hold (quarantine ' || h."id" || ') and was moved (' || m.step || ').'
       FROM unnest($1::text[], $2::bigint[], $3::text[]) AS m(unit_id, seq, step)
       JOIN "units"."unit" u ON u."id" = m.unit_id
       JOIN "units"."hold" h ON h."status" = 'OPEN' AND ${storedScopeCovers("u", "h")}
       ORDER BY m.unit_id, m.seq, h."opened_at"`,
      [moves.map((m) => m.unitId), moves.map((m) => m.seq), moves.map((m) => m.bizStep)],
    );
  }
}
