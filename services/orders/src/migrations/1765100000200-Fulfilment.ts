import { createOutboxTables } from "@tracehub/db";
import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Fulfilment: customers of a seller, order lines, the order lifecycle's timestamps, returns, warranty policies, and
 * the outbox that tells units what orders did. Orders of before keep their allocations; each gets a customer of its
 * own (same id) holding the name it had, and a line per GTIN of its units.
 */
export class Fulfilment1765100000200 implements MigrationInterface {
  name = "Fulfilment1765100000200";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "orders"."customer" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "organization_id" text NOT NULL,
      "name" text NOT NULL,
      "email" text,
      "address" jsonb,
      "created_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE UNIQUE INDEX "customer_email_idx" ON "orders"."customer" ("organization_id", lower("email")) WHERE "email" IS NOT NULL`);
    await q.query(`CREATE INDEX "customer_org_idx" ON "orders"."customer" ("organization_id", "id")`);
    await q.query(`ALTER TABLE "orders"."order"
      ADD COLUMN "customer_id" uuid REFERENCES "orders"."customer"("id"),
      ADD COLUMN "return_window_days" int NOT NULL DEFAULT 30 CHECK ("return_window_days" BETWEEN 0 AND 365),
      ADD COLUMN "ship_from" text,
      ADD COLUMN "ship_to" text,
      ADD COLUMN "sscc" text,
      ADD COLUMN "allocated_at" timestamptz,
      ADD COLUMN "packed_at" timestamptz,
      ADD COLUMN "shipped_at" timestamptz,
      ADD COLUMN "delivered_at" timestamptz,
      ADD COLUMN "cancelled_at" timestamptz,
      ADD COLUMN "tracking_hash" text UNIQUE,
      ADD COLUMN "updated_at" timestamptz NOT NULL DEFAULT now()`);
    await q.query(`INSERT INTO "orders"."customer" ("id", "organization_id", "name", "created_at")
      SELECT "id", COALESCE("organization_id", ''), "customer_name", "created_at" FROM "orders"."order"`);
    await q.query(`UPDATE "orders"."order" SET "customer_id" = "id"`);
    await q.query(`ALTER TABLE "orders"."order" ALTER COLUMN "customer_id" SET NOT NULL, DROP COLUMN "customer_name"`);
    await q.query(`ALTER TABLE "orders"."order" ADD CONSTRAINT "order_status_check"
      CHECK ("status" IN ('OPEN', 'ALLOCATED', 'PACKED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURN_REQUESTED', 'RETURNED'))`);
    await q.query(`CREATE UNIQUE INDEX "order_reference_idx" ON "orders"."order" ("organization_id", "reference")`);
    await q.query(`CREATE UNIQUE INDEX "order_sscc_idx" ON "orders"."order" ("sscc") WHERE "sscc" IS NOT NULL`);
    await q.query(`CREATE INDEX "order_customer_idx" ON "orders"."order" ("customer_id")`);
    await q.query(`ALTER TABLE "orders"."allocation" ADD COLUMN "gtin" char(14), ADD COLUMN "allocated_by" text, ADD COLUMN "released_at" timestamptz`);
    // A unit is on one order at a time; a unit taken back and restocked is released and may be sold again.
    await q.query(`DROP INDEX "orders"."allocation_unit_idx"`);
    await q.query(`CREATE UNIQUE INDEX "allocation_unit_idx" ON "orders"."allocation" ("unit_id") WHERE "released_at" IS NULL`);
    await q.query(`CREATE INDEX "allocation_unit_all_idx" ON "orders"."allocation" ("unit_id")`);
    await q.query(`UPDATE "orders"."allocation" SET "gtin" = substring("unit_id" from '^https://id\\.gs1\\.org/01/([0-9]{14})/')`);
    await q.query(`CREATE TABLE "orders"."order_line" (
      "order_id" uuid NOT NULL REFERENCES "orders"."order"("id") ON DELETE CASCADE,
      "gtin" char(14) NOT NULL,
      "quantity" int NOT NULL CHECK ("quantity" BETWEEN 1 AND 10000),
      PRIMARY KEY ("order_id", "gtin"))`);
    await q.query(`INSERT INTO "orders"."order_line" ("order_id", "gtin", "quantity")
      SELECT "order_id", "gtin", count(*) FROM "orders"."allocation" WHERE "gtin" IS NOT NULL GROUP BY "order_id", "gtin"`);
    await q.query(`CREATE TABLE "orders"."unit_return" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "order_id" uuid NOT NULL REFERENCES "orders"."order"("id") ON DELETE CASCADE,
      "organization_id" text,
      "unit_id" text NOT NULL,
      "gtin" char(14),
      "verdict" text NOT NULL,
      "reason" text,
      "status" text NOT NULL CHECK ("status" IN ('REFUSED', 'AWAITING_ITEM', 'RECEIVED', 'RESTOCKED', 'QUARANTINED', 'DESTROYED')),
      "requested_by" text,
      "requested_at" timestamptz NOT NULL DEFAULT now(),
      "received_at" timestamptz,
      "decided_at" timestamptz)`);
    // A unit of an order is taken back once: two concurrent requests for it cannot both be accepted.
    await q.query(`CREATE UNIQUE INDEX "unit_return_once_idx" ON "orders"."unit_return" ("order_id", "unit_id") WHERE "status" <> 'REFUSED'`);
    await q.query(`CREATE INDEX "unit_return_org_idx" ON "orders"."unit_return" ("organization_id", "requested_at")`);
    await q.query(`CREATE TABLE "orders"."warranty_policy" (
      "organization_id" text NOT NULL,
      "gtin" char(14) NOT NULL,
      "months" int NOT NULL CHECK ("months" BETWEEN 0 AND 240),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("organization_id", "gtin"))`);
    // Serial references of the SSCCs the hub assigns to shipments it packs (under the seller's company prefix).
    await q.query(`CREATE SEQUENCE "orders"."sscc_serial"`);
    await createOutboxTables(q, "orders");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "orders"."inbox"`);
    await q.query(`DROP TABLE "orders"."outbox"`);
    await q.query(`DROP SEQUENCE "orders"."sscc_serial"`);
    await q.query(`DROP TABLE "orders"."warranty_policy"`);
    await q.query(`DROP TABLE "orders"."unit_return"`);
    await q.query(`DROP TABLE "orders"."order_line"`);
    await q.query(`DROP INDEX "orders"."allocation_unit_all_idx"`);
    await q.query(`DROP INDEX "orders"."allocation_unit_idx"`);
    await q.query(`DELETE FROM "orders"."allocation" WHERE "released_at" IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "allocation_unit_idx" ON "orders"."allocation" ("unit_id")`);
    await q.query(`ALTER TABLE "orders"."allocation" DROP COLUMN "gtin", DROP COLUMN "allocated_by", DROP COLUMN "released_at"`);
    await q.query(`ALTER TABLE "orders"."order" ADD COLUMN "customer_name" text`);
    await q.query(`UPDATE "orders"."order" o SET "customer_name" = c."name" FROM "orders"."customer" c WHERE c."id" = o."customer_id"`);
    await q.query(`DROP INDEX "orders"."order_reference_idx"`);
    await q.query(`DROP INDEX "orders"."order_sscc_idx"`);
    await q.query(`ALTER TABLE "orders"."order" DROP CONSTRAINT "order_status_check", DROP COLUMN "customer_id", DROP COLUMN "return_window_days", DROP COLUMN "ship_from",
      DROP COLUMN "ship_to", DROP COLUMN "sscc", DROP COLUMN "allocated_at", DROP COLUMN "packed_at", DROP COLUMN "shipped_at", DROP COLUMN "delivered_at",
      DROP COLUMN "cancelled_at", DROP COLUMN "tracking_hash", DROP COLUMN "updated_at"`);
    await q.query(`DROP TABLE "orders"."customer"`);
  }
}
