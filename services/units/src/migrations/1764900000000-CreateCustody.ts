import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `units.custody`: who had a unit, from which event to which. An event that names a destination (CBV owning party,
 * possessing party or location, by GLN) hands the units it touches, with what is inside them, to that party; the
 * period ends when a later event hands them to another. A party sees a unit's history up to the end of its period.
 */
export class CreateCustody1764900000000 implements MigrationInterface {
  name = "CreateCustody1764900000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "units"."custody" (
      "id" bigserial PRIMARY KEY,
      "unit_id" text NOT NULL,
      "party_gln" char(13) NOT NULL,
      "from_time" timestamptz NOT NULL,
      "from_seq" bigint NOT NULL REFERENCES "units"."event"("seq"),
      "to_time" timestamptz,
      "to_seq" bigint REFERENCES "units"."event"("seq")
    )`);
    await q.query(`CREATE INDEX "custody_unit_idx" ON "units"."custody" ("unit_id")`);
    await q.query(`CREATE INDEX "custody_party_idx" ON "units"."custody" ("party_gln")`);
    await q.query(`CREATE UNIQUE INDEX "custody_open_idx" ON "units"."custody" ("unit_id", "party_gln") WHERE "to_time" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "units"."custody"`);
  }
}
