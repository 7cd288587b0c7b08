import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `movement_stream.custody`: per stream position, which parties (GLN) had the touched units in custody around the
 * event (before or after it), as `{ "<gln>": [indexes into unit_ids] }`, so a receiver's subscription delivers the
 * movements of units in its custody without reading the custody table for every position.
 */
export class MovementStreamCustody1764900000200 implements MigrationInterface {
  name = "MovementStreamCustody1764900000200";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "units"."movement_stream" ADD COLUMN "custody" jsonb NOT NULL DEFAULT '{}'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "units"."movement_stream" DROP COLUMN "custody"`);
  }
}
