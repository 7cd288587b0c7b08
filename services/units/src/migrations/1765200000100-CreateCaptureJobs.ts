import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Capture jobs: documents accepted for capture in the background (the EPCIS REST binding's `/capture`), with the
 * caller they were accepted from, their progress and their outcome. The document is dropped when the job ends.
 */
export class CreateCaptureJobs1765200000100 implements MigrationInterface {
  name = "CreateCaptureJobs1765200000100";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "units"."capture_job" (
      "id" uuid PRIMARY KEY,
      "org_id" text,
      "submitted_by" text,
      "principal" jsonb NOT NULL,
      "error_behavior" text NOT NULL,
      "document" jsonb,
      "event_count" int NOT NULL,
      "processed" int NOT NULL DEFAULT 0,
      "stored" int NOT NULL DEFAULT 0,
      "duplicates" int NOT NULL DEFAULT 0,
      "rejected" jsonb NOT NULL DEFAULT '{"events": []}',
      "failure" jsonb,
      "running" boolean NOT NULL DEFAULT true,
      "claimed_until" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      "finished_at" timestamptz)`);
    await q.query(`CREATE INDEX "capture_job_org_idx" ON "units"."capture_job" ("org_id", "created_at" DESC, "id" DESC)`);
    await q.query(`CREATE INDEX "capture_job_running_idx" ON "units"."capture_job" ("claimed_until") WHERE "running"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "units"."capture_job"`);
  }
}
