import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The units schema: products, units (serialized items and logistic units) with their current state, the
 * append-only EPCIS event log (deduplicated by CBV 2.0 event hash), the unit ↔ event index, containment
 * over time, transformation lineage and alerts.
 */
export class CreateUnits1764360000000 implements MigrationInterface {
  name = "CreateUnits1764360000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "units"."product" (
      "gtin" char(14) PRIMARY KEY,
      "name" text NOT NULL,
      "brand" text,
      "description" text,
      "image_url" text,
      "identifier_scheme" text NOT NULL DEFAULT 'GS1_DATAMATRIX',
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "units"."unit" (
      "id" text PRIMARY KEY,
      "kind" text NOT NULL,
      "gtin" char(14),
      "serial" varchar(20),
      "lot" varchar(20),
      "expiry" date,
      "status" text NOT NULL,
      "disposition" text,
      "read_point" text,
      "biz_location" text,
      "parent_id" text,
      "commissioned" boolean NOT NULL,
      "commissioned_at" timestamptz,
      "last_event_time" timestamptz,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "unit_gtin_serial_unique" UNIQUE ("gtin", "serial"))`);
    await q.query(`CREATE INDEX "unit_gtin_lot_idx" ON "units"."unit" ("gtin", "lot")`);
    await q.query(`CREATE INDEX "unit_parent_idx" ON "units"."unit" ("parent_id") WHERE "parent_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "unit_status_idx" ON "units"."unit" ("status")`);
    await q.query(`CREATE INDEX "unit_location_idx" ON "units"."unit" ("biz_location")`);
    await q.query(`CREATE TABLE "units"."serial_counter" (
      "gtin" char(14) PRIMARY KEY,
      "last" bigint NOT NULL)`);
    await q.query(`CREATE TABLE "units"."event" (
      "seq" bigserial PRIMARY KEY,
      "event_id" text NOT NULL,
      "hash_id" text NOT NULL,
      "type" text NOT NULL,
      "action" text,
      "biz_step" text,
      "disposition" text,
      "read_point" text,
      "biz_location" text,
      "event_time" timestamptz NOT NULL,
      "event_time_zone_offset" text NOT NULL,
      "record_time" timestamptz NOT NULL DEFAULT now(),
      "error_declaration" boolean NOT NULL DEFAULT false,
      "captured_by" text NOT NULL,
      "captured_by_org" text,
      "body" jsonb NOT NULL,
      CONSTRAINT "event_hash_unique" UNIQUE ("hash_id", "error_declaration"))`);
    await q.query(`CREATE INDEX "event_event_id_idx" ON "units"."event" ("event_id")`);
    await q.query(`CREATE INDEX "event_time_idx" ON "units"."event" ("event_time")`);
    await q.query(`CREATE INDEX "event_biz_step_idx" ON "units"."event" ("biz_step")`);
    await q.query(`CREATE TABLE "units"."event_unit" (
      "unit_id" text NOT NULL,
      "event_seq" bigint NOT NULL REFERENCES "units"."event"("seq"),
      "role" text NOT NULL,
      PRIMARY KEY ("unit_id", "event_seq", "role"))`);
    await q.query(`CREATE INDEX "event_unit_seq_idx" ON "units"."event_unit" ("event_seq")`);
    await q.query(`CREATE TABLE "units"."event_biz_transaction" (
      "event_seq" bigint NOT NULL REFERENCES "units"."event"("seq"),
      "type" text,
      "biz_transaction" text NOT NULL)`);
    await q.query(`CREATE INDEX "event_biz_transaction_idx" ON "units"."event_biz_transaction" ("biz_transaction")`);
    await q.query(`CREATE TABLE "units"."aggregation" (
      "id" bigserial PRIMARY KEY,
      "parent_id" text NOT NULL,
      "child_id" text NOT NULL,
      "added_seq" bigint NOT NULL,
      "added_time" timestamptz NOT NULL,
      "removed_seq" bigint,
      "removed_time" timestamptz)`);
    await q.query(`CREATE INDEX "aggregation_child_idx" ON "units"."aggregation" ("child_id", "added_time")`);
    await q.query(`CREATE INDEX "aggregation_parent_idx" ON "units"."aggregation" ("parent_id", "added_time")`);
    await q.query(`CREATE TABLE "units"."transformation_link" (
      "input_id" text NOT NULL,
      "output_id" text NOT NULL,
      "event_seq" bigint NOT NULL REFERENCES "units"."event"("seq"),
      PRIMARY KEY ("output_id", "input_id", "event_seq"))`);
    await q.query(`CREATE INDEX "transformation_input_idx" ON "units"."transformation_link" ("input_id")`);
    await q.query(`CREATE TABLE "units"."alert" (
      "id" bigserial PRIMARY KEY,
      "unit_id" text NOT NULL,
      "event_seq" bigint NOT NULL REFERENCES "units"."event"("seq"),
      "kind" text NOT NULL,
      "message" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "alert_unit_idx" ON "units"."alert" ("unit_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ["alert", "transformation_link", "aggregation", "event_biz_transaction", "event_unit", "event", "serial_counter", "unit", "product"]) {
      await q.query(`DROP TABLE "units"."${table}"`);
    }
  }
}
