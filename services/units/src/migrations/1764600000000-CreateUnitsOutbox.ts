import { createOutboxTables } from "@tracehub/db";
import type { MigrationInterface, QueryRunner } from "typeorm";

/** The inbox units applies other services' messages through exactly once (recalls issued), and its outbox. */
export class CreateUnitsOutbox1764600000000 implements MigrationInterface {
  name = "CreateUnitsOutbox1764600000000";

  async up(q: QueryRunner): Promise<void> {
    await createOutboxTables(q, "units");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "units"."inbox"`);
    await q.query(`DROP TABLE "units"."outbox"`);
  }
}
