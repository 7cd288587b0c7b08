import { type KeyColumn, type KeyValue, type KeysetPage, type OutboxMessageInput, type RowOf, type SqlCondition, type SqlReadScope, enqueueOutbox, keyReadable, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

/** The PostgreSQL schema of this service (its outbox lives there too). */
const SCHEMA = "compliance";

/** The scope of a recall or a quarantine, as the statements that read them return it (dates as YYYY-MM-DD). */
export const SCOPE_ROW = {
  gtin: "text",
  lots: "text[]",
  serials: "text[]",
  producedFrom: "text?",
  producedTo: "text?",
  expiresFrom: "text?",
  expiresTo: "text?",
} as const;

/** The columns of {@link SCOPE_ROW} from the row `alias` (a recall's or a quarantine's: the same scope columns). */
export function scopeColumns(alias: "r" | "q"): string {
  return `${alias}."gtin"::text AS "gtin", ${alias}."lots", ${alias}."serials",
  to_char(${alias}."produced_from", 'YYYY-MM-DD') AS "producedFrom", to_char(${alias}."produced_to", 'YYYY-MM-DD') AS "producedTo",
  to_char(${alias}."expires_from", 'YYYY-MM-DD') AS "expiresFrom", to_char(${alias}."expires_to", 'YYYY-MM-DD') AS "expiresTo"`;
}

/** A recall as every statement that reads recalls returns it. */
const RECALL_ROW = {
  id: "text",
  organizationId: "text?",
  ...SCOPE_ROW,
  classification: "text",
  reason: "text",
  instructions: "text?",
  status: "text",
  createdAt: "time",
  issuedAt: "time?",
  closedAt: "time?",
  cancelledAt: "time?",
} as const;
export type RecallRow = RowOf<typeof RECALL_ROW>;

const RECALL_COLUMNS = `r."id", r."organization_id" AS "organizationId", ${scopeColumns("r")},
  r."classification", r."reason", r."instructions", r."status", r."created_at" AS "createdAt", r."issued_at" AS "issuedAt",
  r."closed_at" AS "closedAt", r."cancelled_at" AS "cancelledAt"`;

/** Who reads recalls: its read scope, and whether it sees every organization's drafts (operators only). */
export interface RecallReader {
  /** The caller's organization (its drafts are its own to see). */
  org: string | null;
  scope: SqlReadScope;
  allDrafts: boolean;
}

/**
 * The condition "the caller may read recall `r`": its organization created it; or it was issued (ISSUED or CLOSED:
 * never a draft, nor a draft cancelled before issue) and the caller reads everything, or may read the recalled GTIN
 * (holds its company prefix, or was granted READ on it). Operators see every recall. Parameters from `$firstParam`.
 */
function recallVisible(reader: RecallReader, firstParam: number): SqlCondition {
  if (reader.allDrafts) return { sql: "TRUE", params: [] };
  const own = `(r."organization_id" IS NOT NULL AND r."organization_id"::text = $${firstParam}::text)`;
  if (reader.scope.all) return { sql: `(${own} OR r."status" IN ('ISSUED', 'CLOSED'))`, params: [reader.org] };
  const key = keyReadable(reader.scope, { digits: `substr(r."gtin", 2, 12)`, gtin: `r."gtin"` }, firstParam + 1);
  return { sql: `(${own} OR (r."status" IN ('ISSUED', 'CLOSED') AND ${key.sql}))`, params: [reader.org, ...key.params] };
}

/** Recalls by id that the caller may read. $1: uuid[], then the visibility's parameters. */
const RECALLS_BY_ID = (visible: SqlCondition) => `SELECT ${RECALL_COLUMNS} FROM "compliance"."recall" r WHERE r."id" = ANY($1::uuid[]) AND ${visible.sql}`;

/**
 * Every recall in force (issued or closed) of these GTINs, oldest first. $1: GTIN-14s. Only `Unit.recalls` reads it,
 * and the gateway reaches that field only through a unit the units subgraph let the caller see: whoever may see a
 * unit may see the recalls that cover it. Drafts and cancelled recalls are never read here.
 */
const RECALLS_BY_GTIN = `SELECT ${RECALL_COLUMNS} FROM "compliance"."recall" r
  WHERE r."gtin" = ANY($1::text[]) AND r."status" IN ('ISSUED', 'CLOSED') ORDER BY r."issued_at", r."id"`;

/** How many recalls the caller may read (the status condition is appended). */
const COUNT_RECALLS = (visible: SqlCondition) => `SELECT count(*)::int AS "n" FROM "compliance"."recall" r WHERE ${visible.sql}`;
const COUNT_ROW = { n: "int" } as const;

/** The order of the recalls connection: by id (its cursor holds the id). */
const RECALL_KEYS: readonly KeyColumn[] = [{ column: "r.id" }];

/** A page of the recalls the caller may read (in status $n when not NULL) after the page's position, by id. */
const RECALL_PAGE = (visible: SqlCondition, statusParam: number, page: KeysetPage) =>
  `SELECT ${RECALL_COLUMNS} FROM "compliance"."recall" r WHERE ${visible.sql} AND ($${statusParam}::text IS NULL OR r."status" = $${statusParam}::text)
  AND ${page.where} ORDER BY ${page.orderBy} ${page.limit}`;

/**
 * A new draft. $1 organization, $2 GTIN, $3 lots, $4 serials, $5-$8 produced from/to and expires from/to, $9
 * classification, $10 reason, $11 instructions, $12 creator.
 */
const INSERT_RECALL = `INSERT INTO "compliance"."recall" AS r ("organization_id", "gtin", "lots", "serials", "produced_from", "produced_to",
  "expires_from", "expires_to", "classification", "reason", "instructions", "created_by", "status")
  VALUES ($1, $2, $3::text[], $4::text[], $5::date, $6::date, $7::date, $8::date, $9, $10, $11, $12, 'DRAFT') RETURNING ${RECALL_COLUMNS}`;

/** Recall $1, locked for the rest of the transaction (whatever the caller may see: the service checks). */
const LOCK_RECALL = `SELECT ${RECALL_COLUMNS} FROM "compliance"."recall" r WHERE r."id" = $1::uuid FOR UPDATE`;

/** Moves recall $1 to status $2, stamping the time of that status; returns it as it is now. */
const SET_RECALL_STATUS = `WITH r AS (UPDATE "compliance"."recall" AS r SET "status" = $2::text,
    "issued_at" = CASE WHEN $2::text = 'ISSUED' THEN date_trunc('milliseconds', now()) ELSE r."issued_at" END,
    "closed_at" = CASE WHEN $2::text = 'CLOSED' THEN date_trunc('milliseconds', now()) ELSE r."closed_at" END,
    "cancelled_at" = CASE WHEN $2::text = 'CANCELLED' THEN date_trunc('milliseconds', now()) ELSE r."cancelled_at" END
  WHERE r."id" = $1::uuid RETURNING r.*) SELECT ${RECALL_COLUMNS} FROM r`;

/** Every SQL statement of recalls, and the messages they send through the outbox. */
export class RecallStore {
  /** `db`: the data source's manager, or a transaction's. */
  constructor(private readonly db: EntityManager) {}

  /** Runs `work` in one transaction, with a store bound to it. */
  transaction<T>(work: (tx: RecallStore) => Promise<T>): Promise<T> {
    return this.db.transaction((em) => work(new RecallStore(em)));
  }

  /** Recalls by id (ids must be UUIDs) that the caller may read, in any order. */
  async byIds(ids: readonly string[], reader: RecallReader): Promise<RecallRow[]> {
    const visible = recallVisible(reader, 2);
    return rowsOf("RECALLS_BY_ID", RECALL_ROW, await this.db.query(RECALLS_BY_ID(visible), [ids, ...visible.params]));
  }

  /** Every recall of these GTINs, oldest first (for `Unit.recalls`: see RECALLS_BY_GTIN). */
  async byGtins(gtins: readonly string[]): Promise<RecallRow[]> {
    return rowsOf("RECALLS_BY_GTIN", RECALL_ROW, await this.db.query(RECALLS_BY_GTIN, [gtins]));
  }

  /** How many recalls the caller may read (in `status` when given). */
  async count(reader: RecallReader, status: string | null): Promise<number> {
    const visible = recallVisible(reader, 1);
    const n = visible.params.length + 1;
    const sql = `${COUNT_RECALLS(visible)} AND ($${n}::text IS NULL OR r."status" = $${n}::text)`;
    return oneRowOf("COUNT_RECALLS", COUNT_ROW, await this.db.query(sql, [...visible.params, status])).n;
  }

  /** A page of `size` recalls the caller may read (in `status` when given) after position `after` ([id]), by id; one more when a next page exists. */
  async page(reader: RecallReader, status: string | null, after: readonly KeyValue[] | null, size: number): Promise<RecallRow[]> {
    const visible = recallVisible(reader, 1);
    const statusParam = visible.params.length + 1;
    const page = keysetPage({ keys: RECALL_KEYS, after, size, firstParam: statusParam + 1 });
    return rowsOf("RECALL_PAGE", RECALL_ROW, await this.db.query(RECALL_PAGE(visible, statusParam, page), [...visible.params, status, ...page.params]));
  }

  /** Stores a new draft. */
  async insert(recall: {
    organizationId: string | null;
    gtin: string;
    lots: readonly string[];
    serials: readonly string[];
    producedFrom: string | null;
    producedTo: string | null;
    expiresFrom: string | null;
    expiresTo: string | null;
    classification: string;
    reason: string;
    instructions: string | null;
    createdBy: string;
  }): Promise<RecallRow> {
    const params = [
      recall.organizationId,
      recall.gtin,
      recall.lots,
      recall.serials,
      recall.producedFrom,
      recall.producedTo,
      recall.expiresFrom,
      recall.expiresTo,
      recall.classification,
      recall.reason,
      recall.instructions,
      recall.createdBy,
    ];
    return oneRowOf("INSERT_RECALL", RECALL_ROW, await this.db.query(INSERT_RECALL, params));
  }

  /** A recall locked for the rest of the transaction, or null. */
  async lock(id: string): Promise<RecallRow | null> {
    const [row] = rowsOf("LOCK_RECALL", RECALL_ROW, await this.db.query(LOCK_RECALL, [id]));
    return row ?? null;
  }

  /** Moves a recall to a status (stamping its time); returns it as it is now. */
  async setStatus(id: string, status: string): Promise<RecallRow> {
    return oneRowOf("SET_RECALL_STATUS", RECALL_ROW, await this.db.query(SET_RECALL_STATUS, [id, status]));
  }

  /** Queues messages for other services in this store's transaction: they are sent only if it commits. */
  async enqueue(messages: readonly OutboxMessageInput[]): Promise<void> {
    await enqueueOutbox(this.db, SCHEMA, messages);
  }
}
