import { addOutboxTraceParent } from "@tracehub/db";
import type { MigrationInterface, QueryRunner } from "typeorm";

/** Each outbox message keeps the trace of the request that wrote it, so its delivery continues that trace. */
export class ComplianceOutboxTraceParent1765400000300 implements MigrationInterface {
  name = "ComplianceOutboxTraceParent1765400000300";

  async up(q: QueryRunner): Promise<void> {
    await addOutboxTraceParent(q, "compliance");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "compliance"."outbox" DROP COLUMN "trace_parent"`);
  }
}
