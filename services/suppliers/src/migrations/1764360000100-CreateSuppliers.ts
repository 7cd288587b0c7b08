import type { MigrationInterface, QueryRunner } from "typeorm";

/** Organizations (tenants) and their GS1 company prefixes. */
export class CreateSuppliers1764360000100 implements MigrationInterface {
  name = "CreateSuppliers1764360000100";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "suppliers"."organization" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "name" text NOT NULL,
      "kind" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "suppliers"."company_prefix" (
      "prefix" varchar(12) PRIMARY KEY,
      "organization_id" uuid NOT NULL REFERENCES "suppliers"."organization"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "company_prefix_org_idx" ON "suppliers"."company_prefix" ("organization_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "suppliers"."company_prefix"`);
    await q.query(`DROP TABLE "suppliers"."organization"`);
  }
}
