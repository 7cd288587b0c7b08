import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Named EPCIS queries (the REST binding's `/queries`), each an organization's, and query subscriptions: webhooks
 * of kind EPCIS_QUERY that name their query and the identifier format their documents use; a scheduled one also
 * its schedule, its next run, and the record time its next run starts from.
 */
export class CreateEpcisQueries1765200000300 implements MigrationInterface {
  name = "CreateEpcisQueries1765200000300";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "units"."epcis_query" (
      "org_id" text NOT NULL,
      "name" text NOT NULL,
      "query" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      PRIMARY KEY ("org_id", "name"))`);
    await q.query(`ALTER TABLE "units"."webhook" ADD COLUMN "query_name" text, ADD COLUMN "epc_format" text, ADD COLUMN "last_notified_at" timestamptz,
      ADD COLUMN "schedule" jsonb, ADD COLUMN "report_if_empty" boolean NOT NULL DEFAULT false, ADD COLUMN "next_run_at" timestamptz, ADD COLUMN "min_record_time" timestamptz`);
    await q.query(`CREATE INDEX "webhook_schedule_idx" ON "units"."webhook" ("next_run_at") WHERE "active" AND "schedule" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "units"."webhook_schedule_idx"`);
    await q.query(`ALTER TABLE "units"."webhook" DROP COLUMN "query_name", DROP COLUMN "epc_format", DROP COLUMN "last_notified_at",
      DROP COLUMN "schedule", DROP COLUMN "report_if_empty", DROP COLUMN "next_run_at", DROP COLUMN "min_record_time"`);
    await q.query(`DROP TABLE "units"."epcis_query"`);
  }
}
