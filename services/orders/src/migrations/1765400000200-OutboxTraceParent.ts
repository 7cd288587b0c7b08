import { addOutboxTraceParent } from "@tracehub/db";
import type { MigrationInterface, QueryRunner } from "typeorm";

/** Each outbox message keeps the trace of the request that wrote it, so its delivery continues that trace. */
export class OrdersOutboxTraceParent1765400000200 implements MigrationInterface {
  name = "OrdersOutboxTraceParent1765400000200";

  async up(q: QueryRunner): Promise<void> {
    await addOutboxTraceParent(q, "orders");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "orders"."outbox" DROP COLUMN "trace_parent"`);
  }
}
