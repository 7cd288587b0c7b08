import { type KeyColumn, type KeyValue, type RowOf, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

const WEBHOOK_ROW = {
  id: "text",
  orgId: "text",
  url: "text",
  kinds: "text[]",
  filter: "json?",
  roles: "text[]",
  fromPosition: "text",
  active: "bool",
  createdAt: "time",
  queryName: "text?",
  epcFormat: "text?",
} as const;
export type WebhookRow = RowOf<typeof WEBHOOK_ROW>;

const DELIVERY_ROW = {
  id: "text",
  seq: "text",
  webhookId: "text",
  kind: "text",
  payload: "json",
  status: "text",
  attempts: "int",
  nextAttemptAt: "time",
  lastStatus: "int?",
  lastError: "text?",
  replayOf: "text?",
  createdAt: "time",
  deliveredAt: "time?",
} as const;
export type DeliveryRow = RowOf<typeof DELIVERY_ROW>;

const SENDABLE_ROW = { ...DELIVERY_ROW, url: "text", secret: "text" } as const;
/** A delivery claimed for sending, with where and how to sign it. */
export type SendableRow = RowOf<typeof SENDABLE_ROW>;

const WEBHOOK_COLUMNS = `w."id"::text AS "id", w."org_id" AS "orgId", w."url", w."kinds", w."filter", w."roles", w."from_position"::text AS "fromPosition", w."active", w."created_at" AS "createdAt",
  w."query_name" AS "queryName", w."epc_format" AS "epcFormat"`;
const DELIVERY_COLUMNS = `d."id"::text AS "id", d."seq"::text AS "seq", d."webhook_id"::text AS "webhookId", d."kind", d."payload", d."status", d."attempts", d."next_attempt_at" AS "nextAttemptAt",
  d."last_status" AS "lastStatus", d."last_error" AS "lastError", d."replay_of"::text AS "replayOf", d."created_at" AS "createdAt", d."delivered_at" AS "deliveredAt"`;
const WEBHOOK_KEYS: readonly KeyColumn[] = [{ column: "w.created_at", direction: "DESC" }, { column: "w.id", direction: "DESC" }];
const DELIVERY_KEYS: readonly KeyColumn[] = [{ column: "d.seq", direction: "DESC" }];

/** A delivery to make: which webhook, what news (its key), and the body's data. */
export interface NewDelivery {
  id: string;
  webhookId: string;
  kind: string;
  eventKey: string;
  payload: unknown;
  replayOf?: string | null;
}

/** Every SQL statement of webhooks and their deliveries. */
export class WebhookStore {
  /** `ds`: the data source for requests, or `backgroundSql(ds)` for the delivery worker (left out of per-request SQL counts). */
  constructor(private readonly ds: Pick<EntityManager, "query">) {}

  async insert(w: { id: string; orgId: string; url: string; kinds: string[]; filter: object | null; secret: string; roles: string[]; createdBy: string | null }): Promise<WebhookRow> {
    const rows = await this.ds.query(
      `INSERT INTO "units"."webhook" AS w ("id", "org_id", "url", "kinds", "filter", "secret", "roles", "created_by", "from_position")
       VALUES ($1::uuid, $2, $3, $4::text[], $5::jsonb, $6, $7::text[], $8, (SELECT "last" FROM "units"."stream_head" WHERE "id" = 1)) RETURNING ${WEBHOOK_COLUMNS}`,
      [w.id, w.orgId, w.url, w.kinds, w.filter === null ? null : JSON.stringify(w.filter), w.secret, w.roles, w.createdBy],
    );
    return oneRowOf("WEBHOOK_INSERT", WEBHOOK_ROW, rows);
  }

  async countOfOrg(orgId: string): Promise<number> {
    return oneRowOf("WEBHOOK_COUNT", { n: "int" }, await this.ds.query(`SELECT count(*)::int AS "n" FROM "units"."webhook" WHERE "org_id" = $1 AND "active"`, [orgId])).n;
  }

  /** A webhook of the organization (any, for `org` null: operators). */
  async byId(id: string, org: string | null): Promise<WebhookRow | null> {
    const rows = await this.ds.query(`SELECT ${WEBHOOK_COLUMNS} FROM "units"."webhook" w WHERE w."id" = $1::uuid AND ($2::text IS NULL OR w."org_id" = $2)`, [id, org]);
    return rowsOf("WEBHOOK_BY_ID", WEBHOOK_ROW, rows)[0] ?? null;
  }

  async count(org: string | null): Promise<number> {
    return oneRowOf("WEBHOOK_LIST_COUNT", { n: "int" }, await this.ds.query(`SELECT count(*)::int AS "n" FROM "units"."webhook" w WHERE ($1::text IS NULL OR w."org_id" = $1) AND w."active"`, [org])).n;
  }

  async page(org: string | null, after: readonly KeyValue[] | null, size: number): Promise<WebhookRow[]> {
    const page = keysetPage({ keys: WEBHOOK_KEYS, after, size, firstParam: 2 });
    const sql = `SELECT ${WEBHOOK_COLUMNS} FROM "units"."webhook" w WHERE ($1::text IS NULL OR w."org_id" = $1) AND w."active" AND ${page.where} ORDER BY ${page.orderBy} ${page.limit}`;
    return rowsOf("WEBHOOK_PAGE", WEBHOOK_ROW, await this.ds.query(sql, [org, ...page.params]));
  }

  /** Stops a webhook: no news is turned into deliveries for it any more, and pending ones are not sent. */
  async deactivate(id: string): Promise<void> {
    await this.ds.query(`UPDATE "units"."webhook" SET "active" = false WHERE "id" = $1::uuid`, [id]);
  }

  /** Active webhooks wanting any of `kinds` as news comes (scheduled query subscriptions run on their schedule instead). */
  async active(kinds: readonly string[], em: Pick<EntityManager, "query"> = this.ds): Promise<WebhookRow[]> {
    return rowsOf("WEBHOOKS_ACTIVE", WEBHOOK_ROW, await em.query(`SELECT ${WEBHOOK_COLUMNS} FROM "units"."webhook" w WHERE w."active" AND w."kinds" && $1::text[] AND w."schedule" IS NULL`, [kinds]));
  }

  /** Active webhooks of one organization wanting `kind`. */
  async activeOfOrg(org: string, kind: string, em: Pick<EntityManager, "query"> = this.ds): Promise<WebhookRow[]> {
    return rowsOf("WEBHOOKS_OF_ORG", WEBHOOK_ROW, await em.query(`SELECT ${WEBHOOK_COLUMNS} FROM "units"."webhook" w WHERE w."active" AND w."org_id" = $1 AND $2 = ANY(w."kinds")`, [org, kind]));
  }

  /** Where the producer is in the movement stream, locked until the transaction ends. */
  async producerPosition(em: Pick<EntityManager, "query">): Promise<bigint> {
    return BigInt(oneRowOf("WEBHOOK_PRODUCER", { position: "text" }, await em.query(`SELECT "position"::text AS "position" FROM "units"."webhook_producer" WHERE "id" = 1 FOR UPDATE`)).position);
  }

  async setProducerPosition(em: Pick<EntityManager, "query">, position: bigint): Promise<void> {
    await em.query(`UPDATE "units"."webhook_producer" SET "position" = $1 WHERE "id" = 1`, [position.toString()]);
  }

  /** Records deliveries to make; news already turned into a delivery for that webhook is left alone. */
  async enqueue(em: Pick<EntityManager, "query">, deliveries: readonly NewDelivery[]): Promise<number> {
    if (deliveries.length === 0) return 0;
    const rows = await em.query(
      `WITH n AS (
         INSERT INTO "units"."webhook_delivery" ("id", "webhook_id", "kind", "event_key", "payload", "replay_of")
         SELECT x."id"::uuid, x."webhook_id"::uuid, x."kind", x."event_key", x."payload", x."replay_of"::uuid
         FROM jsonb_to_recordset($1::jsonb) AS x("ord" int, "id" text, "webhook_id" text, "kind" text, "event_key" text, "payload" jsonb, "replay_of" text)
         ORDER BY x."ord"
         ON CONFLICT ("webhook_id", "event_key") DO NOTHING RETURNING 1)
       SELECT count(*)::int AS "n" FROM n`,
      [JSON.stringify(deliveries.map((d, ord) => ({ ord, id: d.id, webhook_id: d.webhookId, kind: d.kind, event_key: d.eventKey, payload: d.payload, replay_of: d.replayOf ?? null })))],
    );
    return oneRowOf("WEBHOOK_ENQUEUE", { n: "int" }, rows).n;
  }

  /**
   * Claims deliveries to send for up to `webhooks` active webhooks not in `busy`: each one's oldest pending deliveries
   * (at most `perWebhook`, in order), when the oldest is due, so each receiver gets its news in order and one that is
   * down holds up only itself. One index probe per webhook. The claim pushes their next attempt `leaseMs` ahead,
   * re-checked under the row lock, so no other instance sends them meanwhile.
   */
  async claimDue(webhooks: number, perWebhook: number, leaseMs: number, busy: readonly string[]): Promise<SendableRow[]> {
    const rows = await this.ds.query(
      `WITH lanes AS (
         SELECT w."id" FROM "units"."webhook" w
         CROSS JOIN LATERAL (SELECT d."next_attempt_at" FROM "units"."webhook_delivery" d
                             WHERE d."webhook_id" = w."id" AND d."status" = 'PENDING' ORDER BY d."seq" LIMIT 1) h
         WHERE w."active" AND h."next_attempt_at" <= now() AND NOT (w."id" = ANY($4::uuid[]))
         ORDER BY h."next_attempt_at" LIMIT $1),
       picked AS (
         SELECT p."id" FROM lanes l
         CROSS JOIN LATERAL (SELECT d."id" FROM "units"."webhook_delivery" d
                             WHERE d."webhook_id" = l."id" AND d."status" = 'PENDING' ORDER BY d."seq" LIMIT $2) p),
       claimed AS (
         UPDATE "units"."webhook_delivery" d SET "next_attempt_at" = now() + make_interval(secs => $3::float8 / 1000)
         FROM picked WHERE d."id" = picked."id" AND d."status" = 'PENDING' AND d."next_attempt_at" <= now() RETURNING d.*)
       SELECT ${DELIVERY_COLUMNS}, w."url", w."secret" FROM claimed d JOIN "units"."webhook" w ON w."id" = d."webhook_id" ORDER BY d."webhook_id", d."seq"`,
      [webhooks, perWebhook, leaseMs, busy],
    );
    return rowsOf("WEBHOOK_CLAIM", SENDABLE_ROW, rows);
  }

  /** Records deliveries the receiver accepted (with the status it answered). */
  async deliveredAll(ids: readonly string[], statuses: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.ds.query(
      `UPDATE "units"."webhook_delivery" d SET "status" = 'DELIVERED', "attempts" = d."attempts" + 1, "last_status" = x."status", "last_error" = NULL, "delivered_at" = now()
       FROM unnest($1::uuid[], $2::int[]) AS x("id", "status") WHERE d."id" = x."id"`,
      [ids, statuses],
    );
    await this.ds.query(`UPDATE "units"."webhook" w SET "last_notified_at" = now() WHERE w."id" IN (SELECT d."webhook_id" FROM "units"."webhook_delivery" d WHERE d."id" = ANY($1::uuid[]))`, [ids]);
  }

  /** Hands claimed deliveries back (their turn comes again once the one before them is delivered). */
  async release(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.ds.query(`UPDATE "units"."webhook_delivery" SET "next_attempt_at" = now() WHERE "id" = ANY($1::uuid[]) AND "status" = 'PENDING'`, [ids]);
  }

  /** Records a failed attempt: tried again after `retryInMs`, or FAILED when `giveUp`. */
  async failed(id: string, status: number | null, error: string, retryInMs: number, giveUp: boolean): Promise<void> {
    await this.ds.query(
      `UPDATE "units"."webhook_delivery" SET "attempts" = "attempts" + 1, "last_status" = $2, "last_error" = $3,
         "status" = CASE WHEN $5::boolean THEN 'FAILED' ELSE "status" END, "next_attempt_at" = now() + make_interval(secs => $4::float8 / 1000) WHERE "id" = $1::uuid`,
      [id, status, error.slice(0, 500), retryInMs, giveUp],
    );
  }

  async deliveryById(id: string): Promise<DeliveryRow | null> {
    return rowsOf("WEBHOOK_DELIVERY_BY_ID", DELIVERY_ROW, await this.ds.query(`SELECT ${DELIVERY_COLUMNS} FROM "units"."webhook_delivery" d WHERE d."id" = $1::uuid`, [id]))[0] ?? null;
  }

  async replaysOf(id: string): Promise<number> {
    return oneRowOf("WEBHOOK_REPLAYS", { n: "int" }, await this.ds.query(`SELECT count(*)::int AS "n" FROM "units"."webhook_delivery" WHERE "replay_of" = $1::uuid`, [id])).n;
  }

  async deliveryCount(webhookId: string, status: string | null): Promise<number> {
    return oneRowOf("WEBHOOK_DELIVERY_COUNT", { n: "int" }, await this.ds.query(`SELECT count(*)::int AS "n" FROM "units"."webhook_delivery" d WHERE d."webhook_id" = $1::uuid AND ($2::text IS NULL OR d."status" = $2)`, [webhookId, status])).n;
  }

  /** A webhook's deliveries, newest first. */
  async deliveries(webhookId: string, status: string | null, after: readonly KeyValue[] | null, size: number): Promise<DeliveryRow[]> {
    const page = keysetPage({ keys: DELIVERY_KEYS, after, size, firstParam: 3 });
    const sql = `SELECT ${DELIVERY_COLUMNS} FROM "units"."webhook_delivery" d WHERE d."webhook_id" = $1::uuid AND ($2::text IS NULL OR d."status" = $2) AND ${page.where} ORDER BY ${page.orderBy} ${page.limit}`;
    return rowsOf("WEBHOOK_DELIVERIES", DELIVERY_ROW, await this.ds.query(sql, [webhookId, status, ...page.params]));
  }
}
