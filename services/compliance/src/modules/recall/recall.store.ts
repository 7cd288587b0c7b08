import { type KeyColumn, type KeyValue, type KeysetPage, type OutboxMessageInput, type RowOf, enqueueOutbox, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

/** The PostgreSQL schema of this service (its outbox lives there too). */
const SCHEMA = "compliance";

/** A recall as every statement that reads recalls returns it. */
const RECALL_ROW = { id: "text", organizationId: "text?", gtin: "text", lots: "text[]", reason: "text", status: "text", issuedAt: "time" } as const;
export type RecallRow = RowOf<typeof RECALL_ROW>;

const RECALL_COLUMNS = `r."id", r."organization_id" AS "organizationId", r."gtin", r."lots", r."reason", r."status", r."issued_at" AS "issuedAt"`;

/** Recalls by id. $1: uuid[]. */
const RECALLS_BY_ID = `SELECT ${RECALL_COLUMNS} FROM "compliance"."recall" r WHERE r."id" = ANY($1::uuid[])`;

/** Every recall of these GTINs, oldest first. $1: GTIN-14s. */
const RECALLS_BY_GTIN = `SELECT ${RECALL_COLUMNS} FROM "compliance"."recall" r WHERE r."gtin" = ANY($1::text[]) ORDER BY r."issued_at", r."id"`;

/** How many recalls there are. */
const COUNT_RECALLS = `SELECT count(*)::int AS "n" FROM "compliance"."recall"`;
const COUNT_ROW = { n: "int" } as const;

/** The order of the recalls connection: by id (its cursor holds the id). */
const RECALL_KEYS: readonly KeyColumn[] = [{ column: "r.id" }];

/** A page of recalls after the page's position, by id. */
const RECALL_PAGE = (page: KeysetPage) => `SELECT ${RECALL_COLUMNS} FROM "compliance"."recall" r WHERE ${page.where} ORDER BY ${page.orderBy} ${page.limit}`;

/** A new open recall. $1 organization, $2 GTIN, $3 lots, $4 reason. */
const INSERT_RECALL = `INSERT INTO "compliance"."recall" AS r ("organization_id", "gtin", "lots", "reason", "status")
  VALUES ($1, $2, $3::text[], $4, 'OPEN') RETURNING ${RECALL_COLUMNS}`;

/** Every SQL statement of recalls, and the messages they send through the outbox. */
export class RecallStore {
  /** `db`: the data source's manager, or a transaction's. */
  constructor(private readonly db: EntityManager) {}

  /** Runs `work` in one transaction, with a store bound to it. */
  transaction<T>(work: (tx: RecallStore) => Promise<T>): Promise<T> {
    return this.db.transaction((em) => work(new RecallStore(em)));
  }

  /** Recalls by id (ids must be UUIDs), in any order. */
  async byIds(ids: readonly string[]): Promise<RecallRow[]> {
    return rowsOf("RECALLS_BY_ID", RECALL_ROW, await this.db.query(RECALLS_BY_ID, [ids]));
  }

  /** Every recall of these GTINs, oldest first. */
  async byGtins(gtins: readonly string[]): Promise<RecallRow[]> {
    return rowsOf("RECALLS_BY_GTIN", RECALL_ROW, await this.db.query(RECALLS_BY_GTIN, [gtins]));
  }

  /** How many recalls there are. */
  async count(): Promise<number> {
    return oneRowOf("COUNT_RECALLS", COUNT_ROW, await this.db.query(COUNT_RECALLS)).n;
  }

  /** A page of `size` recalls after position `after` ([id]), by id; one more when a next page exists. */
  async page(after: readonly KeyValue[] | null, size: number): Promise<RecallRow[]> {
    const page = keysetPage({ keys: RECALL_KEYS, after, size });
    return rowsOf("RECALL_PAGE", RECALL_ROW, await this.db.query(RECALL_PAGE(page), page.params));
  }

  /** Stores a new open recall. */
  async insert(recall: { organizationId: string | null; gtin: string; lots: readonly string[]; reason: string }): Promise<RecallRow> {
    return oneRowOf("INSERT_RECALL", RECALL_ROW, await this.db.query(INSERT_RECALL, [recall.organizationId, recall.gtin, recall.lots, recall.reason]));
  }

  /** Queues messages for other services in this store's transaction: they are sent only if it commits. */
  async enqueue(messages: readonly OutboxMessageInput[]): Promise<void> {
    await enqueueOutbox(this.db, SCHEMA, messages);
  }
}
