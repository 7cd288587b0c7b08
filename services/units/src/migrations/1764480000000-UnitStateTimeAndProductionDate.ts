import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * - `last_effective_time`: unit state is applied in effective-time order (an event's eventTime, or its
 *   recordTime when it claims a later time). Existing units take the earlier of their last event time and their
 *   last update, which also frees units that a far-future event had locked.
 * - `production_date`: the production date (AI 11) units are commissioned with, which the authenticity check
 *   compares with what a scanned code carries.
 * - `parent_id` is brought back in line with the open containment rows (an unpack without children used to
 *   close the rows but leave `parent_id` set).
 */
export class UnitStateTimeAndProductionDate1764480000000 implements MigrationInterface {
  name = "UnitStateTimeAndProductionDate1764480000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "units"."unit" ADD COLUMN "last_effective_time" timestamptz, ADD COLUMN "production_date" date`);
    await q.query(`UPDATE "units"."unit" SET "last_effective_time" = LEAST("last_event_time", "updated_at") WHERE "last_event_time" IS NOT NULL`);
    await q.query(`UPDATE "units"."unit" u SET "parent_id" = a."parent_id"
      FROM (SELECT u2."id", a2."parent_id" FROM "units"."unit" u2 LEFT JOIN "units"."aggregation" a2 ON a2."child_id" = u2."id" AND a2."removed_seq" IS NULL) a
      WHERE a."id" = u."id" AND u."parent_id" IS DISTINCT FROM a."parent_id"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "units"."unit" DROP COLUMN "production_date", DROP COLUMN "last_effective_time"`);
  }
}
