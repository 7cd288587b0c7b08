import { type KeyColumn, type KeyValue, type KeysetPage, type RowOf, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";
import type { AuditEntryInput } from "./audit.rules";

/** An audit entry as every statement that reads entries returns it. */
const AUDIT_ENTRY_ROW = {
  id: "text",
  at: "time",
  subject: "text",
  organizationId: "text?",
  roles: "text[]",
  operationType: "text",
  operationName: "text?",
  documentHash: "text",
  variables: "json?",
  clientAddress: "text?",
} as const;
export type AuditEntryRow = RowOf<typeof AUDIT_ENTRY_ROW>;

const AUDIT_ENTRY_COLUMNS = `a."id"::text AS "id", a."at", a."subject", a."organization_id"::text AS "organizationId", a."roles",
  a."operation_type" AS "operationType", a."operation_name" AS "operationName", a."document_hash" AS "documentHash",
  a."variables", a."client_address" AS "clientAddress"`;

/**
 * A batch of entries in one statement, one array parameter per column ($1 times, $2 subjects, $3 organizations,
 * $4 roles as JSON arrays, $5 operation types, $6 operation names, $7 document hashes, $8 variables as JSON text,
 * $9 client addresses). Returns how many were written.
 */
const INSERT_AUDIT_ENTRIES = `WITH written AS (
  INSERT INTO "suppliers"."audit_entry" ("at", "subject", "organization_id", "roles", "operation_type", "operation_name", "document_hash", "variables", "client_address")
  SELECT e.at, e.subject, e.org, ARRAY(SELECT jsonb_array_elements_text(e.roles)), e.op_type, e.op_name, e.doc_hash, e.vars, e.client
  FROM unnest($1::timestamptz[], $2::text[], $3::uuid[], $4::jsonb[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::text[])
    AS e(at, subject, org, roles, op_type, op_name, doc_hash, vars, client)
  RETURNING 1)
  SELECT count(*)::int AS "n" FROM written`;
const COUNT_ROW = { n: "int" } as const;

/** How many entries there are. */
const COUNT_AUDIT_ENTRIES = `SELECT count(*)::int AS "n" FROM "suppliers"."audit_entry"`;

/** The order of the audit log: newest first (its cursor holds the time and id). */
const AUDIT_KEYS: readonly KeyColumn[] = [
  { column: "a.at", direction: "DESC" },
  { column: "a.id", direction: "DESC" },
];

/** A page of entries after the page's position, newest first. */
const AUDIT_PAGE = (page: KeysetPage) => `SELECT ${AUDIT_ENTRY_COLUMNS} FROM "suppliers"."audit_entry" a
  WHERE ${page.where} ORDER BY ${page.orderBy} ${page.limit}`;

/** Every SQL statement of the audit log. */
export class AuditStore {
  /** `db`: the data source's manager, or a transaction's. */
  constructor(private readonly db: EntityManager) {}

  /** Writes a batch of entries in one statement; answers how many were written. */
  async insertMany(entries: readonly AuditEntryInput[]): Promise<number> {
    const params = [
      entries.map((e) => e.at),
      entries.map((e) => e.subject),
      entries.map((e) => e.organizationId),
      entries.map((e) => JSON.stringify(e.roles)),
      entries.map((e) => e.operationType),
      entries.map((e) => e.operationName),
      entries.map((e) => e.documentHash),
      entries.map((e) => (e.variables === null ? null : JSON.stringify(e.variables))),
      entries.map((e) => e.clientAddress),
    ];
    return oneRowOf("INSERT_AUDIT_ENTRIES", COUNT_ROW, await this.db.query(INSERT_AUDIT_ENTRIES, params)).n;
  }

  /** A page of `size` entries after position `after` ([at, id]), newest first (one more when a next page exists), and how many there are. */
  async page(after: readonly KeyValue[] | null, size: number): Promise<{ rows: AuditEntryRow[]; total: number }> {
    const total = oneRowOf("COUNT_AUDIT_ENTRIES", COUNT_ROW, await this.db.query(COUNT_AUDIT_ENTRIES)).n;
    const page = keysetPage({ keys: AUDIT_KEYS, after, size });
    const rows = rowsOf("AUDIT_PAGE", AUDIT_ENTRY_ROW, await this.db.query(AUDIT_PAGE(page), page.params));
    return { rows, total };
  }
}
