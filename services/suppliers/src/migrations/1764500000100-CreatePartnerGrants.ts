import type { MigrationInterface, QueryRunner } from "typeorm";

/** Grants: a brand owner lets a partner organization read or capture on its products. */
export class CreatePartnerGrants1764500000100 implements MigrationInterface {
  name = "CreatePartnerGrants1764500000100";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "suppliers"."partner_grant" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "grantor_id" uuid NOT NULL REFERENCES "suppliers"."organization"("id") ON DELETE CASCADE,
      "grantee_id" uuid NOT NULL REFERENCES "suppliers"."organization"("id") ON DELETE CASCADE,
      "gtins" text[],
      "permissions" text[] NOT NULL,
      "valid_until" timestamptz,
      "created_by" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "revoked_at" timestamptz,
      CONSTRAINT "partner_grant_not_self" CHECK ("grantor_id" <> "grantee_id"),
      CONSTRAINT "partner_grant_permissions" CHECK (cardinality("permissions") > 0))`);
    await q.query(`CREATE INDEX "partner_grant_grantee_idx" ON "suppliers"."partner_grant" ("grantee_id") WHERE "revoked_at" IS NULL`);
    await q.query(`CREATE INDEX "partner_grant_grantor_idx" ON "suppliers"."partner_grant" ("grantor_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "suppliers"."partner_grant"`);
  }
}
