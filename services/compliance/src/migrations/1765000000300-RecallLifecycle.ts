import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Recalls get a lifecycle (DRAFT → ISSUED → CLOSED, or CANCELLED), a classification, instructions for holders, and a
 * scope beyond GTIN and lots: serials, a production-date range and an expiry range. Recalls stored before were
 * issued at once ("OPEN"): they become ISSUED.
 */
export class RecallLifecycle1765000000300 implements MigrationInterface {
  name = "RecallLifecycle1765000000300";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "compliance"."recall"
      ADD COLUMN "serials" text[] NOT NULL DEFAULT '{}',
      ADD COLUMN "produced_from" date,
      ADD COLUMN "produced_to" date,
      ADD COLUMN "expires_from" date,
      ADD COLUMN "expires_to" date,
      ADD COLUMN "classification" text NOT NULL DEFAULT 'CLASS_II',
      ADD COLUMN "instructions" text,
      ADD COLUMN "created_by" text,
      ADD COLUMN "created_at" timestamptz,
      ADD COLUMN "closed_at" timestamptz,
      ADD COLUMN "cancelled_at" timestamptz`);
    await q.query(`UPDATE "compliance"."recall" SET "status" = 'ISSUED', "created_at" = "issued_at" WHERE "status" = 'OPEN'`);
    await q.query(`UPDATE "compliance"."recall" SET "created_at" = COALESCE("issued_at", now()) WHERE "created_at" IS NULL`);
    await q.query(`ALTER TABLE "compliance"."recall"
      ALTER COLUMN "created_at" SET NOT NULL,
      ALTER COLUMN "created_at" SET DEFAULT date_trunc('milliseconds', now()),
      ALTER COLUMN "issued_at" DROP NOT NULL,
      ALTER COLUMN "issued_at" DROP DEFAULT,
      ALTER COLUMN "status" SET DEFAULT 'DRAFT',
      ADD CONSTRAINT "recall_status" CHECK ("status" IN ('DRAFT', 'ISSUED', 'CLOSED', 'CANCELLED')),
      ADD CONSTRAINT "recall_classification" CHECK ("classification" IN ('CLASS_I', 'CLASS_II', 'CLASS_III'))`);
    await q.query(`CREATE INDEX "recall_org_idx" ON "compliance"."recall" ("organization_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "compliance"."recall_org_idx"`);
    await q.query(`ALTER TABLE "compliance"."recall" DROP CONSTRAINT "recall_status", DROP CONSTRAINT "recall_classification"`);
    await q.query(`UPDATE "compliance"."recall" SET "status" = 'OPEN', "issued_at" = COALESCE("issued_at", "created_at")`);
    await q.query(`ALTER TABLE "compliance"."recall" ALTER COLUMN "status" SET DEFAULT 'OPEN', ALTER COLUMN "issued_at" SET NOT NULL, ALTER COLUMN "issued_at" SET DEFAULT now()`);
    await q.query(`ALTER TABLE "compliance"."recall" DROP COLUMN "serials", DROP COLUMN "produced_from", DROP COLUMN "produced_to", DROP COLUMN "expires_from",
      DROP COLUMN "expires_to", DROP COLUMN "classification", DROP COLUMN "instructions", DROP COLUMN "created_by", DROP COLUMN "created_at",
      DROP COLUMN "closed_at", DROP COLUMN "cancelled_at"`);
  }
}
