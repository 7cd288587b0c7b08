import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * What units knows of recalls compliance issued (`units.recall`: the scope, and whether it is still in force, so that
 * units commissioned later in its scope are marked too; and what its holders are told: class, reason,
 * instructions), which units each recall marked (`units.recall_unit`: its affected units, whose progress the recall
 * shows), and which holding organizations acknowledged its notice (`units.recall_notice_ack`).
 */
export class CreateRecalls1765000000400 implements MigrationInterface {
  name = "CreateRecalls1765000000400";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "units"."recall" (
      "id" uuid PRIMARY KEY,
      "gtin" char(14) NOT NULL,
      "lots" text[] NOT NULL,
      "serials" text[] NOT NULL,
      "produced_from" date,
      "produced_to" date,
      "expires_from" date,
      "expires_to" date,
      "status" text NOT NULL,
      "classification" text,
      "reason" text,
      "instructions" text,
      "issued_at" timestamptz NOT NULL DEFAULT now(),
      "closed_at" timestamptz,
      CONSTRAINT "recall_status" CHECK ("status" IN ('ISSUED', 'CLOSED')))`);
    await q.query(`CREATE INDEX "recall_in_force_idx" ON "units"."recall" ("gtin") WHERE "status" = 'ISSUED'`);
    await q.query(`CREATE TABLE "units"."recall_unit" (
      "recall_id" uuid NOT NULL REFERENCES "units"."recall"("id"),
      "unit_id" text NOT NULL,
      "marked_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("recall_id", "unit_id"))`);
    await q.query(`CREATE INDEX "recall_unit_unit_idx" ON "units"."recall_unit" ("unit_id")`);
    await q.query(`CREATE TABLE "units"."recall_notice_ack" (
      "recall_id" uuid NOT NULL REFERENCES "units"."recall"("id"),
      "organization_id" text NOT NULL,
      "acknowledged_at" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      "acknowledged_by" text NOT NULL,
      PRIMARY KEY ("recall_id", "organization_id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "units"."recall_notice_ack"`);
    await q.query(`DROP TABLE "units"."recall_unit"`);
    await q.query(`DROP TABLE "units"."recall"`);
  }
}
