import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Webhooks: URLs an organization registered for kinds of news (unit movements, order status, recall notices,
 * alerts), and every delivery to them with its state (pending with its next attempt, delivered, failed). The
 * producer's position in the movement stream is a row of its own, so news is turned into deliveries exactly once
 * per webhook whatever restarts.
 */
export class CreateWebhooks1765200000200 implements MigrationInterface {
  name = "CreateWebhooks1765200000200";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "units"."webhook" (
      "id" uuid PRIMARY KEY,
      "org_id" text NOT NULL,
      "url" text NOT NULL,
      "kinds" text[] NOT NULL,
      "filter" jsonb,
      "secret" text NOT NULL,
      "roles" text[] NOT NULL,
      "created_by" text,
      "from_position" bigint NOT NULL,
      "active" boolean NOT NULL DEFAULT true,
      "created_at" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()))`);
    await q.query(`CREATE INDEX "webhook_org_idx" ON "units"."webhook" ("org_id", "created_at" DESC, "id" DESC)`);
    await q.query(`CREATE TABLE "units"."webhook_delivery" (
      "id" uuid PRIMARY KEY,
      "seq" bigserial NOT NULL UNIQUE,
      "webhook_id" uuid NOT NULL REFERENCES "units"."webhook" ("id") ON DELETE CASCADE,
      "kind" text NOT NULL,
      "event_key" text NOT NULL,
      "payload" jsonb NOT NULL,
      "status" text NOT NULL DEFAULT 'PENDING',
      "attempts" int NOT NULL DEFAULT 0,
      "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
      "last_status" int,
      "last_error" text,
      "replay_of" uuid,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "delivered_at" timestamptz,
      UNIQUE ("webhook_id", "event_key"))`);
    await q.query(`CREATE INDEX "webhook_delivery_pending_idx" ON "units"."webhook_delivery" ("webhook_id", "seq") WHERE "status" = 'PENDING'`);
    await q.query(`CREATE INDEX "webhook_delivery_list_idx" ON "units"."webhook_delivery" ("webhook_id", "seq" DESC)`);
    // The alerts an event raised, read for each movement turned into ALERT deliveries.
    await q.query(`CREATE INDEX "alert_event_idx" ON "units"."alert" ("event_seq") WHERE "event_seq" IS NOT NULL`);
    await q.query(`CREATE TABLE "units"."webhook_producer" ("id" int PRIMARY KEY CHECK ("id" = 1), "position" bigint NOT NULL)`);
    await q.query(`INSERT INTO "units"."webhook_producer" ("id", "position") SELECT 1, COALESCE((SELECT "last" FROM "units"."stream_head"), 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "units"."webhook_producer"`);
    await q.query(`DROP INDEX "units"."alert_event_idx"`);
    await q.query(`DROP TABLE "units"."webhook_delivery"`);
    await q.query(`DROP TABLE "units"."webhook"`);
  }
}
