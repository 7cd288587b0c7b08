import { createOutboxTables } from "@tracehub/db";
import type { MigrationInterface, QueryRunner } from "typeorm";

/** The outbox compliance tells other services through (recalls issued), and its inbox. */
export class CreateComplianceOutbox1764600000300 implements MigrationInterface {
  name = "CreateComplianceOutbox1764600000300";

  async up(q: QueryRunner): Promise<void> {
    await createOutboxTables(q, "compliance");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "compliance"."inbox"`);
    await q.query(`DROP TABLE "compliance"."outbox"`);
  }
}
