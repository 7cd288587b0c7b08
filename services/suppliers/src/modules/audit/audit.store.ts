import { type KeyColumn, type KeyValue, type KeysetPage, type RowOf, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";
import { type AuditEntryInput, type ChainedEntry, auditEntryHash } from "./audit.rules";

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
  requestId: "text?",
  rootFields: "text[]",
  outcome: "text?",
  errorCodes: "text[]",
  prevHash: "text",
  hash: "text",
} as const;
export type AuditEntryRow = RowOf<typeof AUDIT_ENTRY_ROW>;

const AUDIT_ENTRY_COLUMNS = `a."id"::text AS "id", a."at", a."subject", a."organization_id"::text AS "organizationId", a."roles",
  a."operation_type" AS "operationType", a."operation_name" AS "operationName", a."document_hash" AS "documentHash",
  a."variables", a."client_address" AS "clientAddress", a."request_id" AS "requestId", a."root_fields" AS "rootFields", a."outcome",
  a."error_codes" AS "errorCodes", a."prev_hash" AS "prevHash", a."hash"`;

/**
 * A batch of entries in one statement, one array parameter per column ($1 ids, $2 times, $3 subjects, $4
 * organizations, $5 roles as JSON arrays, $6 operation types, $7 operation names, $8 document hashes, $9 variables
 * as JSON text, $10 client addresses, $11 request ids, $12 root fields as JSON arrays, $13 outcomes, $14 error codes
 * as JSON arrays, $15 previous hashes, $16 hashes). Returns how many were written.
 */
const INSERT_AUDIT_ENTRIES = `WITH written AS (
  INSERT INTO "suppliers"."audit_entry" ("id", "at", "subject", "organization_id", "roles", "operation_type", "operation_name", "document_hash", "variables",
    "client_address", "request_id", "root_fields", "outcome", "error_codes", "prev_hash", "hash")
  SELECT e.id, e.at, e.subject, e.org, ARRAY(SELECT jsonb_array_elements_text(e.roles)), e.op_type, e.op_name, e.doc_hash, e.vars, e.client,
    e.request_id, ARRAY(SELECT jsonb_array_elements_text(e.fields)), e.outcome, ARRAY(SELECT jsonb_array_elements_text(e.codes)), e.prev_hash, e.hash
  FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::uuid[], $5::jsonb[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::text[],
    $11::text[], $12::jsonb[], $13::text[], $14::jsonb[], $15::text[], $16::text[])
    AS e(id, at, subject, org, roles, op_type, op_name, doc_hash, vars, client, request_id, fields, outcome, codes, prev_hash, hash)
  RETURNING 1)
  SELECT count(*)::int AS "n" FROM written`;
const COUNT_ROW = { n: "int" } as const;

/** The chain's head, locked until the transaction ends: appends to the chain run one at a time. */
const LOCK_CHAIN_HEAD = `SELECT "last_id"::text AS "lastId", "last_hash" AS "lastHash" FROM "suppliers"."audit_chain_head" WHERE "id" = 1 FOR UPDATE`;
/** The chain's head, as it is. */
const CHAIN_HEAD = `SELECT "last_id"::text AS "lastId", "last_hash" AS "lastHash" FROM "suppliers"."audit_chain_head" WHERE "id" = 1`;
const HEAD_ROW = { lastId: "text?", lastHash: "text" } as const;

/** $1 new ids, in order. */
const NEXT_IDS = `SELECT nextval('"suppliers"."audit_entry_id_seq"')::text AS "id" FROM generate_series(1, $1::int)`;

/** Moves the head to entry $1 with hash $2. */
const SET_CHAIN_HEAD = `UPDATE "suppliers"."audit_chain_head" SET "last_id" = $1::bigint, "last_hash" = $2 WHERE "id" = 1`;

/** How many entries there are (of the operation types $1, all when NULL). */
const COUNT_AUDIT_ENTRIES = `SELECT count(*)::int AS "n" FROM "suppliers"."audit_entry" a WHERE ($1::text[] IS NULL OR a."operation_type" = ANY($1::text[]))`;

/** A run of the chain in id order after entry $1 and up to entry $3, at most $2 entries. */
const CHAIN_RUN = `SELECT ${AUDIT_ENTRY_COLUMNS} FROM "suppliers"."audit_entry" a WHERE a."id" > $1::bigint AND a."id" <= $3::bigint ORDER BY a."id" LIMIT $2::int`;

/** The highest entry id there is (0 when none). */
const LAST_ENTRY_ID = `SELECT COALESCE(max(a."id"), 0)::text AS "id" FROM "suppliers"."audit_entry" a`;

/** The order of the audit log: newest first (its cursor holds the time and id). */
const AUDIT_KEYS: readonly KeyColumn[] = [
  { column: "a.at", direction: "DESC" },
  { column: "a.id", direction: "DESC" },
];

/** A page of entries (of the operation types $1, all when NULL) after the page's position, newest first. */
const AUDIT_PAGE = (page: KeysetPage) => `SELECT ${AUDIT_ENTRY_COLUMNS} FROM "suppliers"."audit_entry" a
  WHERE ($1::text[] IS NULL OR a."operation_type" = ANY($1::text[])) AND ${page.where} ORDER BY ${page.orderBy} ${page.limit}`;

/** Every SQL statement of the audit log. */
export class AuditStore {
  /** `db`: the data source's manager, or a transaction's. */
  constructor(private readonly db: EntityManager) {}

  /** Runs `work` in one transaction, with a store bound to it. */
  transaction<T>(work: (tx: AuditStore) => Promise<T>): Promise<T> {
    return this.db.transaction((em) => work(new AuditStore(em)));
  }

  /**
   * Appends a batch to the chain in one transaction: with the chain's head locked, takes the next ids, hashes each
   * entry over the one before it, writes them in one statement and moves the head. Answers how many were written.
   */
  insertMany(entries: readonly AuditEntryInput[]): Promise<number> {
    return this.transaction((tx) => tx.append(entries));
  }

  private async append(entries: readonly AuditEntryInput[]): Promise<number> {
    const head = oneRowOf("LOCK_CHAIN_HEAD", HEAD_ROW, await this.db.query(LOCK_CHAIN_HEAD));
    const ids = rowsOf("NEXT_IDS", { id: "text" }, await this.db.query(NEXT_IDS, [entries.length])).map((r) => r.id);
    const prevHashes: string[] = [];
    const hashes: string[] = [];
    let prev = head.lastHash;
    for (const e of entries) {
      prevHashes.push(prev);
      prev = auditEntryHash(prev, e);
      hashes.push(prev);
    }
    const params = [
      ids,
      entries.map((e) => e.at),
      entries.map((e) => e.subject),
      entries.map((e) => e.organizationId),
      entries.map((e) => JSON.stringify(e.roles)),
      entries.map((e) => e.operationType),
      entries.map((e) => e.operationName),
      entries.map((e) => e.documentHash),
      entries.map((e) => (e.variables === null ? null : JSON.stringify(e.variables))),
      entries.map((e) => e.clientAddress),
      entries.map((e) => e.requestId),
      entries.map((e) => JSON.stringify(e.rootFields)),
      entries.map((e) => e.outcome),
      entries.map((e) => JSON.stringify(e.errorCodes)),
      prevHashes,
      hashes,
    ];
    const written = oneRowOf("INSERT_AUDIT_ENTRIES", COUNT_ROW, await this.db.query(INSERT_AUDIT_ENTRIES, params)).n;
    await this.db.query(SET_CHAIN_HEAD, [ids.at(-1) ?? head.lastId, prev]);
    return written;
  }

  /**
   * A page of `size` entries (of `types`, all when null) after position `after` ([at, id]), newest first (one more
   * when a next page exists), and how many there are.
   */
  async page(types: readonly string[] | null, after: readonly KeyValue[] | null, size: number): Promise<{ rows: AuditEntryRow[]; total: number }> {
    const total = oneRowOf("COUNT_AUDIT_ENTRIES", COUNT_ROW, await this.db.query(COUNT_AUDIT_ENTRIES, [types])).n;
    const page = keysetPage({ keys: AUDIT_KEYS, after, size, firstParam: 2 });
    const rows = rowsOf("AUDIT_PAGE", AUDIT_ENTRY_ROW, await this.db.query(AUDIT_PAGE(page), [types, ...page.params]));
    return { rows, total };
  }

  /** The highest entry id stored ("0" when none). */
  async lastEntryId(): Promise<string> {
    return oneRowOf("LAST_ENTRY_ID", { id: "text" }, await this.db.query(LAST_ENTRY_ID)).id;
  }

  /** The chain's head: the last entry's id (null when empty) and hash. */
  async head(): Promise<{ lastId: string | null; lastHash: string }> {
    return oneRowOf("CHAIN_HEAD", HEAD_ROW, await this.db.query(CHAIN_HEAD));
  }

  /** Up to `size` entries of the chain after entry `afterId` ("0": from the start) and up to entry `uptoId`, in id order. */
  async chainRun(afterId: string, size: number, uptoId: string): Promise<ChainedEntry[]> {
    const rows = rowsOf("CHAIN_RUN", AUDIT_ENTRY_ROW, await this.db.query(CHAIN_RUN, [afterId, size, uptoId]));
    return rows.map((r) => ({ ...r, variables: (r.variables as Record<string, unknown> | null) ?? null, roles: r.roles, organizationId: r.organizationId }));
  }
}
