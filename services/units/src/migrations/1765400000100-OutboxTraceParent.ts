import { addOutboxTraceParent } from "@tracehub/db";
import type { MigrationInterface, QueryRunner } from "typeorm";

/** Each outbox message keeps the trace of the request that wrote it, so its delivery continues that trace. */
export class UnitsOutboxTraceParent1765400000100 implements MigrationInterface {
  name = "UnitsOutboxTraceParent1765400000100";

  async up(q: QueryRunner): Promise<void> {
    await addOutboxTraceParent(q, "units");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "units"."outbox" DROP COLUMN "trace_parent"`);
  }
}
