import { type KeyColumn, type KeyValue, type KeysetPage, type OutboxMessageInput, type RowOf, type SqlCondition, type SqlReadScope, enqueueOutbox, keyReadable, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

/** The PostgreSQL schema of this service (its outbox lives there too). */
const SCHEMA = "compliance";

/** A recall as every statement that reads recalls returns it. */
const RECALL_ROW = { id: "text", organizationId: "text?", gtin: "text", lots: "text[]", reason: "text", status: "text", issuedAt: "time" } as const;
export type RecallRow = RowOf<typeof RECALL_ROW>;

const RECALL_COLUMNS = `r."id", r."organization_id" AS "organizationId", r."gtin", r."lots", r."reason", r."status", r."issued_at" AS "issuedAt"`;

/**
 * The condition "the caller may read recall `r`": it reads everything, its organization issued it, or it may read the
 * recalled GTIN (it holds its company prefix, or was granted READ on it). Parameters from `$firstParam`.
 */
function recallVisible(scope: SqlReadScope, firstParam: number): SqlCondition {
  if (scope.all) return { sql: "TRUE", params: [] };
  const key = keyReadable(scope, { digits: `substr(r."gtin", 2, 12)`, gtin: `r."gtin"` }, firstParam + 1);
  return { sql: `((r."organization_id" IS NOT NULL AND r."organization_id"::text = $${firstParam}::text) OR ${key.sql})`, params: [scope.org, ...key.params] };
}

/** Recalls by id that the caller may read. $1: uuid[], then the visibility's parameters. */
const RECALLS_BY_ID = (visible: SqlCondition) => `SELECT ${RECALL_COLUMNS} FROM "compliance"."recall" r WHERE r."id" = ANY($1::uuid[]) AND ${visible.sql}`;

/**
 * Every recall of these GTINs, oldest first. $1: GTIN-14s. Only `Unit.recalls` reads it, and the gateway reaches that
 * field only through a unit the units subgraph let the caller see: whoever may see a unit may see its recalls.
 */
const RECALLS_BY_GTIN = `SELECT ${RECALL_COLUMNS} FROM "compliance"."recall" r WHERE r."gtin" = ANY($1::text[]) ORDER BY r."issued_at", r."id"`;

/** How many recalls the caller may read. */
const COUNT_RECALLS = (visible: SqlCondition) => `SELECT count(*)::int AS "n" FROM "compliance"."recall" r WHERE ${visible.sql}`;
const COUNT_ROW = { n: "int" } as const;

/** The order of the recalls connection: by id (its cursor holds the id). */
const RECALL_KEYS: readonly KeyColumn[] = [{ column: "r.id" }];

/** A page of the recalls the caller may read after the page's position, by id. */
const RECALL_PAGE = (visible: SqlCondition, page: KeysetPage) =>
  `SELECT ${RECALL_COLUMNS} FROM "compliance"."recall" r WHERE ${visible.sql} AND ${page.where} ORDER BY ${page.orderBy} ${page.limit}`;

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

  /** Recalls by id (ids must be UUIDs) that the caller may read, in any order. */
  async byIds(ids: readonly string[], scope: SqlReadScope): Promise<RecallRow[]> {
    const visible = recallVisible(scope, 2);
    return rowsOf("RECALLS_BY_ID", RECALL_ROW, await this.db.query(RECALLS_BY_ID(visible), [ids, ...visible.params]));
  }

  /** Every recall of these GTINs, oldest first (for `Unit.recalls`: see RECALLS_BY_GTIN). */
  async byGtins(gtins: readonly string[]): Promise<RecallRow[]> {
    return rowsOf("RECALLS_BY_GTIN", RECALL_ROW, await this.db.query(RECALLS_BY_GTIN, [gtins]));
  }

  /** How many recalls the caller may read. */
  async count(scope: SqlReadScope): Promise<number> {
    const visible = recallVisible(scope, 1);
    return oneRowOf("COUNT_RECALLS", COUNT_ROW, await this.db.query(COUNT_RECALLS(visible), visible.params)).n;
  }

  /** A page of `size` recalls the caller may read after position `after` ([id]), by id; one more when a next page exists. */
  async page(scope: SqlReadScope, after: readonly KeyValue[] | null, size: number): Promise<RecallRow[]> {
    const visible = recallVisible(scope, 1);
    const page = keysetPage({ keys: RECALL_KEYS, after, size, firstParam: visible.params.length + 1 });
    return rowsOf("RECALL_PAGE", RECALL_ROW, await this.db.query(RECALL_PAGE(visible, page), [...visible.params, ...page.params]));
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
