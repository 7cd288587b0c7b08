import type { MigrationInterface, QueryRunner } from "typeorm";

/** Advance ship notices: what a shipper says is coming to a receiver's location, and the discrepancies raised. */
export class CreateAdvanceShipNotices1765100000300 implements MigrationInterface {
  name = "CreateAdvanceShipNotices1765100000300";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "units"."asn" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "reference" text NOT NULL,
      "despatch_advice" text NOT NULL UNIQUE,
      "shipper_org" text,
      "created_by" text NOT NULL,
      "receiver_gln" char(13) NOT NULL,
      "status" text NOT NULL DEFAULT 'OPEN' CHECK ("status" IN ('OPEN', 'CLOSED')),
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "closed_at" timestamptz)`);
    await q.query(`CREATE INDEX "asn_shipper_idx" ON "units"."asn" ("shipper_org", "id")`);
    await q.query(`CREATE INDEX "asn_receiver_idx" ON "units"."asn" ("receiver_gln", "id")`);
    // Each unit expected: the ones listed, and the contents of listed containers when the notice was made (container_id).
    await q.query(`CREATE TABLE "units"."asn_item" (
      "asn_id" uuid NOT NULL REFERENCES "units"."asn"("id") ON DELETE CASCADE,
      "unit_id" text NOT NULL,
      "container_id" text,
      PRIMARY KEY ("asn_id", "unit_id"))`);
    await q.query(`CREATE TABLE "units"."asn_alert" (
      "asn_id" uuid NOT NULL REFERENCES "units"."asn"("id") ON DELETE CASCADE,
      "unit_id" text NOT NULL,
      "kind" text NOT NULL CHECK ("kind" IN ('MISSING', 'UNEXPECTED')),
      "raised_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("asn_id", "unit_id", "kind"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "units"."asn_alert"`);
    await q.query(`DROP TABLE "units"."asn_item"`);
    await q.query(`DROP TABLE "units"."asn"`);
  }
}
