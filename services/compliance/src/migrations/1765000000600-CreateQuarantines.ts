import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Quarantines: suspect units put on hold (a scope like a recall's) while an investigation runs, with its notes, an
 * outcome (released, recalled, destroyed) and the findings. Closing one as recalled prepares a recall draft with
 * the same scope (`recall_id`).
 */
export class CreateQuarantines1765000000600 implements MigrationInterface {
  name = "CreateQuarantines1765000000600";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "compliance"."quarantine" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "organization_id" text,
      "gtin" char(14) NOT NULL,
      "lots" text[] NOT NULL DEFAULT '{}',
      "serials" text[] NOT NULL DEFAULT '{}',
      "produced_from" date,
      "produced_to" date,
      "expires_from" date,
      "expires_to" date,
      "reason" text NOT NULL,
      "status" text NOT NULL DEFAULT 'OPEN',
      "outcome" text,
      "findings" text,
      "recall_id" uuid REFERENCES "compliance"."recall"("id"),
      "opened_by" text NOT NULL,
      "opened_at" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      "closed_at" timestamptz,
      CONSTRAINT "quarantine_status" CHECK ("status" IN ('OPEN', 'CLOSED')),
      CONSTRAINT "quarantine_outcome" CHECK ("outcome" IS NULL OR "outcome" IN ('RELEASED', 'RECALLED', 'DESTROYED')),
      CONSTRAINT "quarantine_closed" CHECK (("status" = 'CLOSED') = ("outcome" IS NOT NULL)))`);
    await q.query(`CREATE INDEX "quarantine_org_idx" ON "compliance"."quarantine" ("organization_id")`);
    await q.query(`CREATE TABLE "compliance"."quarantine_note" (
      "id" bigserial PRIMARY KEY,
      "quarantine_id" uuid NOT NULL REFERENCES "compliance"."quarantine"("id"),
      "text" text NOT NULL,
      "written_by" text NOT NULL,
      "written_at" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()))`);
    await q.query(`CREATE INDEX "quarantine_note_idx" ON "compliance"."quarantine_note" ("quarantine_id", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "compliance"."quarantine_note"`);
    await q.query(`DROP TABLE "compliance"."quarantine"`);
  }
}
