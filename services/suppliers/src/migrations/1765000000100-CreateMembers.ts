import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Members: the people of an organization (identity-provider subjects) and the roles its admins give them. A subject
 * is an active member of an organization at most once; a removed membership stays as a record.
 */
export class CreateMembers1765000000100 implements MigrationInterface {
  name = "CreateMembers1765000000100";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "suppliers"."member" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "organization_id" uuid NOT NULL REFERENCES "suppliers"."organization"("id") ON DELETE CASCADE,
      "subject" text NOT NULL,
      "name" text,
      "email" text,
      "roles" text[] NOT NULL,
      "added_by" text NOT NULL,
      "added_at" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      "updated_at" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      "removed_at" timestamptz,
      CONSTRAINT "member_roles" CHECK (cardinality("roles") > 0))`);
    await q.query(`CREATE UNIQUE INDEX "member_active_subject_key" ON "suppliers"."member" ("organization_id", "subject") WHERE "removed_at" IS NULL`);
    await q.query(`CREATE INDEX "member_org_idx" ON "suppliers"."member" ("organization_id", "added_at", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "suppliers"."member"`);
  }
}
