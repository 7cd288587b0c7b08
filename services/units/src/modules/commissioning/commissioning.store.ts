import { oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";
import { COMMISSIONING_LOCK } from "../capture/capture.store";

/** Every SQL statement of commissioning, inside the caller's transaction. */
export class CommissioningStore {
  /** Serializes commissioning of one GTIN until the transaction ends (so two calls never issue the same serial). */
  async lockGtin(em: EntityManager, gtin: string): Promise<void> {
    await em.query(COMMISSIONING_LOCK, [gtin]);
  }

  /** Which of these serials of the GTIN were issued (commissioned) before. */
  async takenSerials(em: EntityManager, gtin: string, serials: readonly string[]): Promise<string[]> {
    const rows = rowsOf(
      "TAKEN_SERIALS",
      { serial: "text" },
      await em.query(`SELECT "serial" FROM "units"."unit" WHERE "gtin" = $1 AND "serial" = ANY($2::text[]) AND "commissioned"`, [gtin, serials]),
    );
    return rows.map((r) => r.serial);
  }

  /** Advances the GTIN's sequential serial counter by `count`; returns the last number now taken. */
  async advanceCounter(em: EntityManager, gtin: string, count: number): Promise<bigint> {
    const row = oneRowOf(
      "ADVANCE_SERIAL_COUNTER",
      { last: "text" },
      await em.query(
        `INSERT INTO "units"."serial_counter" ("gtin", "last") VALUES ($1, $2)
       ON CONFLICT ("gtin") DO UPDATE SET "last" = "serial_counter"."last" + $2 RETURNING "last"`,
        [gtin, count],
      ),
    );
    return BigInt(row.last);
  }
}
