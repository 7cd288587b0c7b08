import { type KeyColumn, type KeyValue, type OutboxMessageInput, type RowOf, enqueueOutbox, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";
import { SCOPE_ROW, scopeColumns } from "../recall/recall.store";

/** A quarantine as every statement that reads quarantines returns it. */
const QUARANTINE_ROW = {
  id: "text",
  organizationId: "text?",
  ...SCOPE_ROW,
  reason: "text",
  status: "text",
  outcome: "text?",
  findings: "text?",
  recallId: "text?",
  openedAt: "time",
  closedAt: "time?",
} as const;
export type QuarantineRow = RowOf<typeof QUARANTINE_ROW>;

const QUARANTINE_COLUMNS = `q."id"::text AS "id", q."organization_id" AS "organizationId", ${scopeColumns("q")},
  q."reason", q."status", q."outcome", q."findings", q."recall_id"::text AS "recallId", q."opened_at" AS "openedAt", q."closed_at" AS "closedAt"`;

/** A note of an investigation. */
const NOTE_ROW = { id: "text", quarantineId: "text", text: "text", writtenBy: "text", writtenAt: "time" } as const;
export type NoteRow = RowOf<typeof NOTE_ROW>;

/** Who reads quarantines: its organization's (null: none), or every one. */
export interface QuarantineReader {
  org: string | null;
  all: boolean;
}

/** The condition "the reader may see quarantine `q`", parameters from `$n`. */
function visible(reader: QuarantineReader, n: number): { sql: string; params: unknown[] } {
  if (reader.all) return { sql: "TRUE", params: [] };
  return { sql: `(q."organization_id" IS NOT NULL AND q."organization_id" = $${n}::text)`, params: [reader.org] };
}

/** The order of the quarantines connection: by id. */
const QUARANTINE_KEYS: readonly KeyColumn[] = [{ column: "q.id" }];

/** Every SQL statement of quarantines, and the messages they send through the outbox. */
export class QuarantineStore {
  /** `db`: the data source's manager, or a transaction's. */
  constructor(private readonly db: EntityManager) {}

  /** Runs `work` in one transaction, with a store bound to it (and the transaction, for other modules' stores). */
  transaction<T>(work: (tx: QuarantineStore, em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction((em) => work(new QuarantineStore(em), em));
  }

  /** Opens a quarantine. */
  async insert(q: {
    organizationId: string | null;
    gtin: string;
    lots: readonly string[];
    serials: readonly string[];
    producedFrom: string | null;
    producedTo: string | null;
    expiresFrom: string | null;
    expiresTo: string | null;
    reason: string;
    openedBy: string;
  }): Promise<QuarantineRow> {
    return oneRowOf(
      "INSERT_QUARANTINE",
      QUARANTINE_ROW,
      await this.db.query(
        `INSERT INTO "compliance"."quarantine" AS q ("organization_id", "gtin", "lots", "serials", "produced_from", "produced_to", "expires_from", "expires_to", "reason", "opened_by")
         VALUES ($1, $2, $3::text[], $4::text[], $5::date, $6::date, $7::date, $8::date, $9, $10) RETURNING ${QUARANTINE_COLUMNS}`,
        [q.organizationId, q.gtin, q.lots, q.serials, q.producedFrom, q.producedTo, q.expiresFrom, q.expiresTo, q.reason, q.openedBy],
      ),
    );
  }

  /** Quarantines by id (UUIDs) the reader may see. */
  async byIds(ids: readonly string[], reader: QuarantineReader): Promise<QuarantineRow[]> {
    const v = visible(reader, 2);
    return rowsOf("QUARANTINES_BY_ID", QUARANTINE_ROW, await this.db.query(`SELECT ${QUARANTINE_COLUMNS} FROM "compliance"."quarantine" q WHERE q."id" = ANY($1::uuid[]) AND ${v.sql}`, [ids, ...v.params]));
  }

  /** A page of the quarantines the reader may see (in `status` when given) after `after` ([id]), by id; and how many there are. */
  async page(reader: QuarantineReader, status: string | null, after: readonly KeyValue[] | null, size: number): Promise<{ rows: QuarantineRow[]; total: number }> {
    const v = visible(reader, 2);
    const where = `${v.sql} AND ($1::text IS NULL OR q."status" = $1::text)`;
    const total = oneRowOf("COUNT_QUARANTINES", { n: "int" }, await this.db.query(`SELECT count(*)::int AS "n" FROM "compliance"."quarantine" q WHERE ${where}`, [status, ...v.params])).n;
    const page = keysetPage({ keys: QUARANTINE_KEYS, after, size, firstParam: 2 + v.params.length });
    const rows = rowsOf(
      "QUARANTINE_PAGE",
      QUARANTINE_ROW,
      await this.db.query(`SELECT ${QUARANTINE_COLUMNS} FROM "compliance"."quarantine" q WHERE ${where} AND ${page.where} ORDER BY ${page.orderBy} ${page.limit}`, [status, ...v.params, ...page.params]),
    );
    return { rows, total };
  }

  /** A quarantine locked for the rest of the transaction, or null. */
  async lock(id: string): Promise<QuarantineRow | null> {
    const [row] = rowsOf("LOCK_QUARANTINE", QUARANTINE_ROW, await this.db.query(`SELECT ${QUARANTINE_COLUMNS} FROM "compliance"."quarantine" q WHERE q."id" = $1::uuid FOR UPDATE`, [id]));
    return row ?? null;
  }

  /** Closes a quarantine with its outcome and findings (and the recall draft it led to). */
  async close(id: string, outcome: string, findings: string, recallId: string | null): Promise<QuarantineRow> {
    return oneRowOf(
      "CLOSE_QUARANTINE",
      QUARANTINE_ROW,
      await this.db.query(
        `WITH q AS (UPDATE "compliance"."quarantine" AS q SET "status" = 'CLOSED', "outcome" = $2, "findings" = $3, "recall_id" = $4::uuid,
           "closed_at" = date_trunc('milliseconds', now()) WHERE q."id" = $1::uuid RETURNING q.*) SELECT ${QUARANTINE_COLUMNS} FROM q`,
        [id, outcome, findings, recallId],
      ),
    );
  }

  /** Adds a note to an investigation. */
  async addNote(quarantineId: string, text: string, by: string): Promise<void> {
    await this.db.query(`INSERT INTO "compliance"."quarantine_note" ("quarantine_id", "text", "written_by") VALUES ($1::uuid, $2, $3)`, [quarantineId, text, by]);
  }

  /** The notes of these quarantines, oldest first. */
  async notesOf(ids: readonly string[]): Promise<NoteRow[]> {
    return rowsOf(
      "QUARANTINE_NOTES",
      NOTE_ROW,
      await this.db.query(
        `SELECT n."id"::text AS "id", n."quarantine_id"::text AS "quarantineId", n."text", n."written_by" AS "writtenBy", n."written_at" AS "writtenAt"
         FROM "compliance"."quarantine_note" n WHERE n."quarantine_id" = ANY($1::uuid[]) ORDER BY n."id"`,
        [ids],
      ),
    );
  }

  /** Queues messages for other services in this store's transaction: they are sent only if it commits. */
  async enqueue(messages: readonly OutboxMessageInput[]): Promise<void> {
    await enqueueOutbox(this.db, "compliance", messages);
  }
}
