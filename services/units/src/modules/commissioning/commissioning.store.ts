import type { EntityManager } from "typeorm";

/** Every SQL statement of commissioning, inside the caller's transaction. */
export class CommissioningStore {
  /** Serializes commissioning of one GTIN until the transaction ends (so two calls never issue the same serial). */
  async lockGtin(em: EntityManager, gtin: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('commission:' || $1))`, [gtin]);
  }

  /** Which of these serials of the GTIN were issued (commissioned) before. */
  async takenSerials(em: EntityManager, gtin: string, serials: readonly string[]): Promise<string[]> {
    const rows = (await em.query(`SELECT "serial" FROM "units"."unit" WHERE "gtin" = $1 AND "serial" = ANY($2::text[]) AND "commissioned"`, [gtin, serials])) as {
      serial: string;
    }[];
    return rows.map((r) => r.serial);
  }

  /** Advances the GTIN's sequential serial counter by `count`; returns the last number now taken. */
  async advanceCounter(em: EntityManager, gtin: string, count: number): Promise<bigint> {
    const [row] = (await em.query(
      `INSERT INTO "units"."serial_counter" ("gtin", "last") VALUES ($1, $2)
       ON CONFLICT ("gtin") DO UPDATE SET "last" = "serial_counter"."last" + $2 RETURNING "last"`,
      [gtin, count],
    )) as { last: string }[];
    if (!row) throw new Error("units.serial_counter: the upsert returned no row.");
    return BigInt(row.last);
  }
}
