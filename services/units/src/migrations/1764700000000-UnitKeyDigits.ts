import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `unit.key_digits`: the digits of the unit's GS1 key that start with its company prefix (what `companyPrefixDigits`
 * of @tracehub/gs1 reads), so a read can be limited to the units of the caller's company prefixes and grants in
 * SQL. Capture writes it; existing rows are filled from their canonical ids here.
 */
export class UnitKeyDigits1764700000000 implements MigrationInterface {
  name = "UnitKeyDigits1764700000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "units"."unit" ADD COLUMN "key_digits" text`);
    await q.query(`UPDATE "units"."unit" SET "key_digits" = CASE
        WHEN "kind" = 'sgtin' THEN substr("gtin", 2, 12)
        WHEN "kind" = 'sscc' THEN substr(substring("id" FROM '^https://id\\.gs1\\.org/00/(\\d{18})$'), 2, 16)
        WHEN "kind" = 'grai' THEN substr(substring("id" FROM '^https://id\\.gs1\\.org/8003/(\\d{14})'), 2, 12)
        WHEN "kind" = 'giai' THEN substr(substring("id" FROM '^https://id\\.gs1\\.org/8004/([^/?#]+)'), 1, 12)
      END`);
    await q.query(`CREATE INDEX "unit_key_digits_idx" ON "units"."unit" ("key_digits" text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "units"."unit_key_digits_idx"`);
    await q.query(`ALTER TABLE "units"."unit" DROP COLUMN "key_digits"`);
  }
}
