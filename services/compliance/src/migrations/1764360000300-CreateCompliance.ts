import type { MigrationInterface, QueryRunner } from "typeorm";

/** Recalls and their scope (GTIN, optionally some lots). */
export class CreateCompliance1764360000300 implements MigrationInterface {
  name = "CreateCompliance1764360000300";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "compliance"."recall" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "organization_id" text,
      "gtin" char(14) NOT NULL,
      "lots" text[] NOT NULL DEFAULT '{}',
      "reason" text NOT NULL,
      "status" text NOT NULL DEFAULT 'OPEN',
      "issued_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "recall_gtin_idx" ON "compliance"."recall" ("gtin")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "compliance"."recall"`);
  }
}
