import type { MigrationInterface, QueryRunner } from "typeorm";

/** Products, units, the event log and the unit ↔ event index. */
export class CreateUnits1764360000000 implements MigrationInterface {
  name = "CreateUnits1764360000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "units"."product" (
      "gtin" char(14) PRIMARY KEY,
      "name" text NOT NULL,
      "description" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "units"."unit" (
      "id" text PRIMARY KEY,
      "gtin" char(14) NOT NULL REFERENCES "units"."product"("gtin"),
      "serial" varchar(20) NOT NULL,
      "lot" varchar(20),
      "expiry" date,
      "status" text NOT NULL,
      "disposition" text,
      "location" text,
      "commissioned_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "unit_gtin_serial_unique" UNIQUE ("gtin", "serial"))`);
    await q.query(`CREATE INDEX "unit_gtin_lot_idx" ON "units"."unit" ("gtin", "lot")`);
    await q.query(`CREATE TABLE "units"."serial_counter" (
      "gtin" char(14) PRIMARY KEY,
      "last" bigint NOT NULL)`);
    await q.query(`CREATE TABLE "units"."event" (
      "seq" bigserial UNIQUE,
      "event_id" text PRIMARY KEY,
      "type" text NOT NULL,
      "action" text,
      "biz_step" text,
      "disposition" text,
      "read_point" text,
      "biz_location" text,
      "event_time" timestamptz NOT NULL,
      "event_time_zone_offset" text NOT NULL,
      "record_time" timestamptz NOT NULL DEFAULT now(),
      "captured_by" text NOT NULL,
      "body" jsonb NOT NULL)`);
    await q.query(`CREATE TABLE "units"."event_unit" (
      "unit_id" text NOT NULL,
      "event_seq" bigint NOT NULL,
      "role" text NOT NULL,
      PRIMARY KEY ("unit_id", "event_seq", "role"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "units"."event_unit"`);
    await q.query(`DROP TABLE "units"."event"`);
    await q.query(`DROP TABLE "units"."serial_counter"`);
    await q.query(`DROP TABLE "units"."unit"`);
    await q.query(`DROP TABLE "units"."product"`);
  }
}
