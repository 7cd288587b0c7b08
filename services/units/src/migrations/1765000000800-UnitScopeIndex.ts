import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The (gtin, lot) index carries what a recall's scope and visibility read of a unit (status, commissioning, serial,
 * dates, key digits), so counting a lot's units in scope (a draft's preview, `affectedUnits`' total) is an index-only
 * scan instead of a heap fetch per unit.
 */
export class UnitScopeIndex1765000000800 implements MigrationInterface {
  name = "UnitScopeIndex1765000000800";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "unit_gtin_lot_scope_idx" ON "units"."unit" ("gtin", "lot") INCLUDE ("status", "commissioned", "serial", "production_date", "expiry", "key_digits")`);
    await q.query(`DROP INDEX "units"."unit_gtin_lot_idx"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "unit_gtin_lot_idx" ON "units"."unit" ("gtin", "lot")`);
    await q.query(`DROP INDEX "units"."unit_gtin_lot_scope_idx"`);
  }
}
