import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The log of public authenticity checks (time, coarse origin, verdict; never an address), and alerts that no event
 * raised (a serial suspected of being copied is judged from its checks, not from an event).
 */
export class CreateVerifications1765100000400 implements MigrationInterface {
  name = "CreateVerifications1765100000400";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "units"."verification" (
      "id" bigserial PRIMARY KEY,
      "unit_id" text NOT NULL,
      "gtin" char(14) NOT NULL,
      "checked_at" timestamptz NOT NULL DEFAULT now(),
      "country" char(2),
      "verdict" text NOT NULL,
      "reasons" text[] NOT NULL DEFAULT '{}')`);
    await q.query(`CREATE INDEX "verification_unit_idx" ON "units"."verification" ("unit_id", "checked_at")`);
    await q.query(`ALTER TABLE "units"."alert" ALTER COLUMN "event_seq" DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "units"."alert" WHERE "event_seq" IS NULL`);
    await q.query(`ALTER TABLE "units"."alert" ALTER COLUMN "event_seq" SET NOT NULL`);
    await q.query(`DROP TABLE "units"."verification"`);
  }
}
