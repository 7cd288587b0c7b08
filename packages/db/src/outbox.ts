import { context, propagation } from "@opentelemetry/api";
import type { DataSource, EntityManager, QueryRunner } from "typeorm";

/** Something that runs SQL: a DataSource, or the EntityManager of the caller's transaction. */
type Sql = Pick<EntityManager, "query"> | Pick<DataSource, "query"> | Pick<QueryRunner, "query">;

const ident = (schema: string): string => `"${schema.replace(/"/g, '""')}"`;

/**
 * A `query` for work between requests (workers, pollers): each statement runs alone on a QueryRunner marked as
 * background work, so per-request SQL counts ({@link SqlCounter}) leave it out.
 */
export function backgroundSql(ds: Pick<DataSource, "createQueryRunner">): Pick<EntityManager, "query"> {
  return { query: (sql: string, params?: unknown[]) => backgroundTransaction(ds, (em) => em.query(sql, params)) } as Pick<EntityManager, "query">;
}

/**
 * Runs `work` in a transaction on a QueryRunner marked as background work (`data.background`), so per-request SQL
 * counts ({@link SqlCounter}) leave out what relays and message consumers do between requests.
 */
export async function backgroundTransaction<T>(ds: Pick<DataSource, "createQueryRunner">, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  runner.data = { ...(runner.data as object), background: true };
  try {
    await runner.connect();
    await runner.startTransaction();
    try {
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  } finally {
    await runner.release();
  }
}

/**
 * Creates a service's `outbox` (messages to deliver to other services) and `inbox` (messages it received and
 * applied, by id) in its schema. Call it from one of the service's migrations.
 */
export async function createOutboxTables(q: Sql, schema: string): Promise<void> {
  const s = ident(schema);
  await q.query(`CREATE TABLE ${s}."outbox" (
    "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    "seq" bigserial NOT NULL UNIQUE,
    "topic" text NOT NULL,
    "aggregate_key" text NOT NULL,
    "payload" jsonb NOT NULL,
    "created_at" timestamptz NOT NULL DEFAULT now(),
    "attempts" int NOT NULL DEFAULT 0,
    "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
    "last_error" text,
    "delivered_at" timestamptz,
    "dead_at" timestamptz)`);
  await q.query(`CREATE INDEX "outbox_pending_idx" ON ${s}."outbox" ("aggregate_key", "seq") WHERE "delivered_at" IS NULL`);
  await q.query(`CREATE TABLE ${s}."inbox" (
    "message_id" uuid PRIMARY KEY,
    "topic" text NOT NULL,
    "received_at" timestamptz NOT NULL DEFAULT now())`);
}

/** A message for another service, written in the same transaction as the change it announces. */
export interface OutboxMessageInput {
  /** What happened, e.g. `recall.issued`; the relay routes by topic. */
  topic: string;
  /** Messages with the same key are delivered in the order they were written (e.g. one recall, one order). */
  key: string;
  /** JSON payload. */
  payload: unknown;
}

/** A stored outbox message. */
export interface OutboxMessage {
  id: string;
  seq: string;
  topic: string;
  key: string;
  payload: unknown;
  createdAt: Date;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  deliveredAt: Date | null;
  deadAt: Date | null;
  /** The W3C `traceparent` of the request that wrote it, when that request was traced: its delivery continues that trace. */
  traceParent: string | null;
}

/** Where a message is in its life. */
export type OutboxStatus = "PENDING" | "DELIVERED" | "DEAD";

const COLUMNS = `"id", "seq"::text AS "seq", "topic", "aggregate_key" AS "key", "payload", "created_at" AS "createdAt", "attempts",
  "next_attempt_at" AS "nextAttemptAt", "last_error" AS "lastError", "delivered_at" AS "deliveredAt", "dead_at" AS "deadAt", "trace_parent" AS "traceParent"`;

/**
 * Writes messages to the outbox inside the caller's transaction (`em`), so they exist exactly when the change
 * they announce committed. Returns their ids.
 */
export async function enqueueOutbox(em: Sql, schema: string, messages: readonly OutboxMessageInput[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = (await em.query(
    `INSERT INTO ${ident(schema)}."outbox" ("topic", "aggregate_key", "payload", "trace_parent")
     SELECT t, k, p, $4 FROM unnest($1::text[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS m(t, k, p, n) ORDER BY n RETURNING "id"`,
    [messages.map((m) => m.topic), messages.map((m) => m.key), messages.map((m) => JSON.stringify(m.payload ?? null)), activeTraceParent()],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/** The active trace context as a W3C `traceparent` (null when this process does not trace: no-op propagation). */
function activeTraceParent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/**
 * Adds the outbox's `trace_parent` column (the request's trace, continued by the delivery). Call it from one of the
 * service's migrations, after {@link createOutboxTables}.
 */
export async function addOutboxTraceParent(q: Sql, schema: string): Promise<void> {
  await q.query(`ALTER TABLE ${ident(schema)}."outbox" ADD COLUMN "trace_parent" text`);
}

/**
 * Records that a message was received, inside the consumer's transaction that applies it. True the first
 * time; false when it was applied before (a redelivery), so the consumer skips it: delivery at least once plus
 * this check gives an effect exactly once.
 */
export async function acceptInboxMessage(em: Sql, schema: string, messageId: string, topic: string): Promise<boolean> {
  const rows = (await em.query(`INSERT INTO ${ident(schema)}."inbox" ("message_id", "topic") VALUES ($1::uuid, $2) ON CONFLICT DO NOTHING RETURNING "message_id"`, [
    messageId,
    topic,
  ])) as unknown[];
  return rows.length === 1;
}

/** Every statement the outbox relay runs, on one service's schema. */
export class OutboxStore {
  private readonly s: string;

  constructor(
    private readonly ds: Pick<DataSource, "createQueryRunner">,
    readonly schema: string,
  ) {
    this.s = ident(schema);
  }

  /**
   * Claims up to `limit` deliverable messages and runs `deliver` on them inside one transaction that holds their
   * row locks, so replicas never deliver the same message at once. Only the oldest undelivered message of each key
   * is deliverable (per-key order); a dead head keeps its key waiting, and other keys go on.
   */
  async withDeliverable<T>(limit: number, deliver: (messages: OutboxMessage[], tx: OutboxTx) => Promise<T>): Promise<T> {
    return backgroundTransaction(this.ds, async (em) => {
      const messages = (await em.query(
        `WITH heads AS (
           SELECT DISTINCT ON ("aggregate_key") "id" FROM ${this.s}."outbox" WHERE "delivered_at" IS NULL ORDER BY "aggregate_key", "seq")
         SELECT ${COLUMNS} FROM ${this.s}."outbox" o
         WHERE o."id" IN (SELECT "id" FROM heads) AND o."dead_at" IS NULL AND o."next_attempt_at" <= now()
         ORDER BY o."seq" LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      )) as OutboxMessage[];
      return deliver(messages, {
        delivered: async (id) => {
          await em.query(`UPDATE ${this.s}."outbox" SET "delivered_at" = now(), "attempts" = "attempts" + 1, "last_error" = NULL WHERE "id" = $1`, [id]);
        },
        failed: async (id, error, retryInMs, dead) => {
          await em.query(
            `UPDATE ${this.s}."outbox" SET "attempts" = "attempts" + 1, "last_error" = $2, "next_attempt_at" = now() + ($3::int * interval '1 millisecond'),
               "dead_at" = CASE WHEN $4 THEN now() ELSE NULL END WHERE "id" = $1`,
            [id, error.slice(0, 2000), Math.round(retryInMs), dead],
          );
        },
      });
    });
  }

  private background(sql: string, params?: unknown[]): Promise<unknown> {
    return backgroundTransaction(this.ds, (em) => em.query(sql, params));
  }

  /** True when a message could be delivered now (a cheap check for the relay's idle poll). */
  async hasDeliverable(): Promise<boolean> {
    const rows = (await this.background(`SELECT 1 FROM ${this.s}."outbox" WHERE "delivered_at" IS NULL AND "dead_at" IS NULL AND "next_attempt_at" <= now() LIMIT 1`)) as unknown[];
    return rows.length > 0;
  }

  /** Messages by status, oldest first, after `afterSeq` (for operators). */
  async list(status: OutboxStatus | null, afterSeq: string | null, limit: number): Promise<OutboxMessage[]> {
    const where = [
      status === "PENDING" ? `"delivered_at" IS NULL AND "dead_at" IS NULL` : status === "DELIVERED" ? `"delivered_at" IS NOT NULL` : status === "DEAD" ? `"dead_at" IS NOT NULL` : "TRUE",
      afterSeq ? `"seq" > $2::bigint` : "TRUE",
    ];
    return (await this.background(`SELECT ${COLUMNS} FROM ${this.s}."outbox" WHERE ${where.join(" AND ")} ORDER BY "seq" LIMIT $1`, afterSeq ? [limit, afterSeq] : [limit])) as OutboxMessage[];
  }

  /** How many messages are pending, delivered and dead, and the age of the oldest pending one in seconds. */
  async counts(): Promise<{ pending: number; delivered: number; dead: number; oldestPendingSeconds: number | null }> {
    const [row] = (await this.background(
      `SELECT count(*) FILTER (WHERE "delivered_at" IS NULL AND "dead_at" IS NULL)::int AS "pending",
              count(*) FILTER (WHERE "delivered_at" IS NOT NULL)::int AS "delivered",
              count(*) FILTER (WHERE "dead_at" IS NOT NULL)::int AS "dead",
              EXTRACT(EPOCH FROM now() - min("created_at") FILTER (WHERE "delivered_at" IS NULL AND "dead_at" IS NULL))::float AS "oldestPendingSeconds"
       FROM ${this.s}."outbox"`,
    )) as { pending: number; delivered: number; dead: number; oldestPendingSeconds: number | null }[];
    return row ?? { pending: 0, delivered: 0, dead: 0, oldestPendingSeconds: null };
  }

  /** Puts a dead message back in line for delivery (an operator fixed its cause). */
  async retry(id: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected] = (await this.background(
      `UPDATE ${this.s}."outbox" SET "dead_at" = NULL, "next_attempt_at" = now(), "attempts" = 0 WHERE "id" = $1::uuid AND "dead_at" IS NOT NULL`,
      [id],
    )) as [unknown[], number];
    return affected > 0;
  }
}

/** What a delivery may record about each claimed message, inside the claiming transaction. */
export interface OutboxTx {
  delivered(id: string): Promise<void>;
  failed(id: string, error: string, retryInMs: number, dead: boolean): Promise<void>;
}
