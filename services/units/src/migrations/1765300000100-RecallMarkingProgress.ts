import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A recall's units are marked by a background worker, a batch per transaction: `marking_done_at` says when it found
 * none left in the scope (null while marking goes on). Recalls stored before were marked in one transaction: done.
 *
 * `recall_unit` loses its foreign key to `recall`: the marking writes its rows after the recall's row, in the same
 * transaction or a later one, and recalls are never deleted, while the key's check locked the recall's row once per
 * unit marked (a tenth of the marking's time).
 */
export class RecallMarkingProgress1765300000100 implements MigrationInterface {
  name = "RecallMarkingProgress1765300000100";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "units"."recall" ADD COLUMN "marking_done_at" timestamptz`);
    await q.query(`UPDATE "units"."recall" SET "marking_done_at" = "issued_at"`);
    await q.query(`CREATE INDEX "recall_marking_idx" ON "units"."recall" ("issued_at") WHERE "marking_done_at" IS NULL`);
    await q.query(`ALTER TABLE "units"."recall_unit" DROP CONSTRAINT "recall_unit_recall_id_fkey"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "units"."recall_unit" ADD CONSTRAINT "recall_unit_recall_id_fkey" FOREIGN KEY ("recall_id") REFERENCES "units"."recall"("id")`);
    await q.query(`DROP INDEX "units"."recall_marking_idx"`);
    await q.query(`ALTER TABLE "units"."recall" DROP COLUMN "marking_done_at"`);
  }
}
