import type { MigrationInterface, QueryRunner } from "typeorm";

/** Locations: the GLNs an organization registered (a GLN belongs to one organization), with name, address and position. */
export class CreateLocations1764800000100 implements MigrationInterface {
  name = "CreateLocations1764800000100";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "suppliers"."location" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "organization_id" uuid NOT NULL REFERENCES "suppliers"."organization"("id") ON DELETE CASCADE,
      "gln" varchar(13) NOT NULL,
      "name" text NOT NULL,
      "address" text,
      "latitude" double precision,
      "longitude" double precision,
      "created_by" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      CONSTRAINT "location_gln_key" UNIQUE ("gln"),
      CONSTRAINT "location_position" CHECK (("latitude" IS NULL) = ("longitude" IS NULL)
        AND ("latitude" IS NULL OR "latitude" BETWEEN -90 AND 90) AND ("longitude" IS NULL OR "longitude" BETWEEN -180 AND 180)))`);
    await q.query(`CREATE INDEX "location_org_idx" ON "suppliers"."location" ("organization_id", "created_at", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "suppliers"."location"`);
  }
}
