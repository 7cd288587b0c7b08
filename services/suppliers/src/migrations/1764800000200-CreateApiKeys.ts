import type { MigrationInterface, QueryRunner } from "typeorm";

/** API keys: machine credentials of an organization, stored as the SHA-256 of the key with a short display prefix. */
export class CreateApiKeys1764800000200 implements MigrationInterface {
  name = "CreateApiKeys1764800000200";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "suppliers"."api_key" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "organization_id" uuid NOT NULL REFERENCES "suppliers"."organization"("id") ON DELETE CASCADE,
      "name" text NOT NULL,
      "key_prefix" text NOT NULL,
      "key_hash" char(64) NOT NULL,
      "scopes" text[] NOT NULL,
      "created_by" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      "expires_at" timestamptz,
      "last_used_at" timestamptz,
      "revoked_at" timestamptz,
      CONSTRAINT "api_key_hash_key" UNIQUE ("key_hash"),
      CONSTRAINT "api_key_scopes" CHECK (cardinality("scopes") > 0))`);
    await q.query(`CREATE INDEX "api_key_org_idx" ON "suppliers"."api_key" ("organization_id", "created_at", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "suppliers"."api_key"`);
  }
}
