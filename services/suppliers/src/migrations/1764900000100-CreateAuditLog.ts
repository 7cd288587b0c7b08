import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The audit log: one row per read by a regulator (a query or a subscription), written by the gateway in batches
 * through `POST /internal/audit`, read by operators newest first.
 */
export class CreateAuditLog1764900000100 implements MigrationInterface {
  name = "CreateAuditLog1764900000100";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "suppliers"."audit_entry" (
      "id" bigserial PRIMARY KEY,
      "at" timestamptz NOT NULL,
      "recorded_at" timestamptz NOT NULL DEFAULT now(),
      "subject" text NOT NULL,
      "organization_id" uuid,
      "roles" text[] NOT NULL,
      "operation_type" text NOT NULL,
      "operation_name" text,
      "document_hash" char(64) NOT NULL,
      "variables" jsonb,
      "client_address" text,
      CONSTRAINT "audit_entry_operation_type" CHECK ("operation_type" IN ('QUERY', 'SUBSCRIPTION')))`);
    await q.query(`CREATE INDEX "audit_entry_at_idx" ON "suppliers"."audit_entry" ("at" DESC, "id" DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "suppliers"."audit_entry"`);
  }
}
