import { addOutboxTraceParent } from "@tracehub/db";
import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Traces continue past the request that wrote: each outbox message and each movement stream position keeps the
 * `traceparent` of the request that stored it, so its delivery (to another service, to a subscriber) continues it.
 */
export class UnitsTraceParents1765400000100 implements MigrationInterface {
  name = "UnitsTraceParents1765400000100";

  async up(q: QueryRunner): Promise<void> {
    await addOutboxTraceParent(q, "units");
    await q.query(`ALTER TABLE "units"."movement_stream" ADD COLUMN "trace_parent" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "units"."movement_stream" DROP COLUMN "trace_parent"`);
    await q.query(`ALTER TABLE "units"."outbox" DROP COLUMN "trace_parent"`);
  }
}
