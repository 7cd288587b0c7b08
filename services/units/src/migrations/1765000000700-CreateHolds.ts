import type { MigrationInterface, QueryRunner } from "typeorm";

/** Units on hold: compliance's open quarantines (their scope), whose units raise an alert when they move. */
export class CreateHolds1765000000700 implements MigrationInterface {
  name = "CreateHolds1765000000700";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "units"."hold" (
      "id" uuid PRIMARY KEY,
      "gtin" char(14) NOT NULL,
      "lots" text[] NOT NULL,
      "serials" text[] NOT NULL,
      "produced_from" date,
      "produced_to" date,
      "expires_from" date,
      "expires_to" date,
      "status" text NOT NULL,
      "opened_at" timestamptz NOT NULL DEFAULT now(),
      "closed_at" timestamptz,
      CONSTRAINT "hold_status" CHECK ("status" IN ('OPEN', 'CLOSED')))`);
    await q.query(`CREATE INDEX "hold_open_idx" ON "units"."hold" ("gtin") WHERE "status" = 'OPEN'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "units"."hold"`);
  }
}
