import type { MigrationInterface, QueryRunner } from "typeorm";
import { GENESIS_HASH, auditEntryHash } from "../modules/audit/audit.rules";

/**
 * The audit log becomes a hash chain and records state changes too. Each entry carries the hash of the one before
 * it and its own (over its content and that previous hash), and `audit_chain_head` holds the last entry's id and
 * hash, so an altered, removed or appended-behind-its-back entry shows when the chain is verified. Mutations (any
 * caller's) are recorded with their request id, root fields and outcome. Existing entries are chained in id order.
 */
export class AuditChain1765000000500 implements MigrationInterface {
  name = "AuditChain1765000000500";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "suppliers"."audit_entry" DROP CONSTRAINT "audit_entry_operation_type"`);
    await q.query(`ALTER TABLE "suppliers"."audit_entry"
      ADD CONSTRAINT "audit_entry_operation_type" CHECK ("operation_type" IN ('QUERY', 'SUBSCRIPTION', 'MUTATION')),
      ADD COLUMN "request_id" text,
      ADD COLUMN "root_fields" text[] NOT NULL DEFAULT '{}',
      ADD COLUMN "outcome" text,
      ADD COLUMN "error_codes" text[] NOT NULL DEFAULT '{}',
      ADD COLUMN "prev_hash" char(64),
      ADD COLUMN "hash" char(64)`);
    await q.query(`CREATE TABLE "suppliers"."audit_chain_head" (
      "id" int PRIMARY KEY CHECK ("id" = 1),
      "last_id" bigint,
      "last_hash" char(64) NOT NULL)`);
    let prev = GENESIS_HASH;
    let lastId: string | null = null;
    const rows = (await q.query(`SELECT "id"::text AS "id", "at", "subject", "organization_id"::text AS "organizationId", "roles", "operation_type" AS "operationType",
      "operation_name" AS "operationName", "document_hash" AS "documentHash", "variables", "client_address" AS "clientAddress"
      FROM "suppliers"."audit_entry" ORDER BY "id"`)) as { id: string; at: Date; subject: string; organizationId: string | null; roles: string[]; operationType: string; operationName: string | null; documentHash: string; variables: Record<string, unknown> | null; clientAddress: string | null }[];
    for (const row of rows) {
      const hash = auditEntryHash(prev, { ...row, requestId: null, rootFields: [], outcome: null, errorCodes: [] });
      await q.query(`UPDATE "suppliers"."audit_entry" SET "prev_hash" = $2, "hash" = $3 WHERE "id" = $1::bigint`, [row.id, prev, hash]);
      prev = hash;
      lastId = row.id;
    }
    await q.query(`INSERT INTO "suppliers"."audit_chain_head" ("id", "last_id", "last_hash") VALUES (1, $1::bigint, $2)`, [lastId, prev]);
    await q.query(`ALTER TABLE "suppliers"."audit_entry" ALTER COLUMN "prev_hash" SET NOT NULL, ALTER COLUMN "hash" SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "suppliers"."audit_chain_head"`);
    await q.query(`DELETE FROM "suppliers"."audit_entry" WHERE "operation_type" = 'MUTATION'`);
    await q.query(`ALTER TABLE "suppliers"."audit_entry" DROP CONSTRAINT "audit_entry_operation_type",
      DROP COLUMN "request_id", DROP COLUMN "root_fields", DROP COLUMN "outcome", DROP COLUMN "error_codes", DROP COLUMN "prev_hash", DROP COLUMN "hash",
      ADD CONSTRAINT "audit_entry_operation_type" CHECK ("operation_type" IN ('QUERY', 'SUBSCRIPTION'))`);
  }
}
