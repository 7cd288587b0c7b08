import type { MigrationInterface, QueryRunner } from "typeorm";

/** Orders and the units allocated to them. */
export class CreateOrders1764360000200 implements MigrationInterface {
  name = "CreateOrders1764360000200";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "orders"."order" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "organization_id" text,
      "reference" text NOT NULL,
      "customer_name" text NOT NULL,
      "status" text NOT NULL DEFAULT 'OPEN',
      "created_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "order_org_idx" ON "orders"."order" ("organization_id")`);
    await q.query(`CREATE TABLE "orders"."allocation" (
      "order_id" uuid NOT NULL REFERENCES "orders"."order"("id") ON DELETE CASCADE,
      "unit_id" text NOT NULL,
      "allocated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("order_id", "unit_id"))`);
    await q.query(`CREATE UNIQUE INDEX "allocation_unit_idx" ON "orders"."allocation" ("unit_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "orders"."allocation"`);
    await q.query(`DROP TABLE "orders"."order"`);
  }
}
