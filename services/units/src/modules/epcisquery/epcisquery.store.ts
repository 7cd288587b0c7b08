import { type KeyColumn, type KeyValue, type RowOf, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

const QUERY_ROW = { orgId: "text", name: "text", query: "json", createdAt: "time" } as const;
export type EpcisQueryRow = RowOf<typeof QUERY_ROW>;

const SUBSCRIPTION_ROW = {
  id: "text",
  url: "text",
  queryName: "text",
  epcFormat: "text?",
  createdAt: "time",
  lastNotifiedAt: "time?",
  schedule: "json?",
  reportIfEmpty: "bool",
  nextRunAt: "time?",
  minRecordTime: "time?",
} as const;
export type SubscriptionRow = RowOf<typeof SUBSCRIPTION_ROW>;

const COLUMNS = `q."org_id" AS "orgId", q."name", q."query", q."created_at" AS "createdAt"`;
const SUBSCRIPTION_COLUMNS = `w."id"::text AS "id", w."url", w."query_name" AS "queryName", w."epc_format" AS "epcFormat", w."created_at" AS "createdAt", w."last_notified_at" AS "lastNotifiedAt",
  w."schedule", w."report_if_empty" AS "reportIfEmpty", w."next_run_at" AS "nextRunAt", w."min_record_time" AS "minRecordTime"`;
const DUE_ROW = { ...SUBSCRIPTION_ROW, orgId: "text", roles: "text[]" } as const;
/** A scheduled subscription due to run, with whose it is. */
export type DueRow = RowOf<typeof DUE_ROW>;
const KEYS: readonly KeyColumn[] = [{ column: "q.name" }];

/** Every SQL statement of named EPCIS queries and their subscriptions. */
export class EpcisQueryStore {
  constructor(private readonly ds: Pick<EntityManager, "query">) {}

  /** Stores a query; null when the organization has one of that name. */
  async insert(orgId: string, name: string, query: object): Promise<EpcisQueryRow | null> {
    const rows = await this.ds.query(`INSERT INTO "units"."epcis_query" AS q ("org_id", "name", "query") VALUES ($1, $2, $3::jsonb) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`, [orgId, name, JSON.stringify(query)]);
    return rowsOf("EPCIS_QUERY_INSERT", QUERY_ROW, rows)[0] ?? null;
  }

  async byName(orgId: string, name: string): Promise<EpcisQueryRow | null> {
    return rowsOf("EPCIS_QUERY_BY_NAME", QUERY_ROW, await this.ds.query(`SELECT ${COLUMNS} FROM "units"."epcis_query" q WHERE q."org_id" = $1 AND q."name" = $2`, [orgId, name]))[0] ?? null;
  }

  async count(orgId: string): Promise<number> {
    return oneRowOf("EPCIS_QUERY_COUNT", { n: "int" }, await this.ds.query(`SELECT count(*)::int AS "n" FROM "units"."epcis_query" WHERE "org_id" = $1`, [orgId])).n;
  }

  async page(orgId: string, after: readonly KeyValue[] | null, size: number): Promise<EpcisQueryRow[]> {
    const page = keysetPage({ keys: KEYS, after, size, firstParam: 2 });
    return rowsOf("EPCIS_QUERY_PAGE", QUERY_ROW, await this.ds.query(`SELECT ${COLUMNS} FROM "units"."epcis_query" q WHERE q."org_id" = $1 AND ${page.where} ORDER BY ${page.orderBy} ${page.limit}`, [orgId, ...page.params]));
  }

  /** Deletes a query and stops its subscriptions; false when there was none. */
  async remove(orgId: string, name: string): Promise<boolean> {
    const rows = await this.ds.query(`WITH d AS (DELETE FROM "units"."epcis_query" WHERE "org_id" = $1 AND "name" = $2 RETURNING 1) SELECT count(*)::int AS "n" FROM d`, [orgId, name]);
    if (oneRowOf("EPCIS_QUERY_DELETE", { n: "int" }, rows).n === 0) return false;
    await this.ds.query(`UPDATE "units"."webhook" SET "active" = false WHERE "org_id" = $1 AND "query_name" = $2`, [orgId, name]);
    return true;
  }

  async subscribe(s: {
    id: string;
    orgId: string;
    queryName: string;
    url: string;
    secret: string;
    roles: string[];
    createdBy: string | null;
    epcFormat: string;
    schedule: object | null;
    reportIfEmpty: boolean;
    nextRunAt: Date | null;
    minRecordTime: Date | null;
  }): Promise<SubscriptionRow> {
    const rows = await this.ds.query(
      `INSERT INTO "units"."webhook" AS w ("id", "org_id", "url", "kinds", "filter", "secret", "roles", "created_by", "from_position", "query_name", "epc_format",
         "schedule", "report_if_empty", "next_run_at", "min_record_time")
       VALUES ($1::uuid, $2, $3, ARRAY['EPCIS_QUERY'], NULL, $4, $5::text[], $6, (SELECT "last" FROM "units"."stream_head" WHERE "id" = 1), $7, $8,
         $9::jsonb, $10, $11, COALESCE($12::timestamptz, now())) RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [s.id, s.orgId, s.url, s.secret, s.roles, s.createdBy, s.queryName, s.epcFormat, s.schedule === null ? null : JSON.stringify(s.schedule), s.reportIfEmpty, s.nextRunAt, s.minRecordTime],
    );
    return oneRowOf("EPCIS_SUBSCRIBE", SUBSCRIPTION_ROW, rows);
  }

  async subscriptions(orgId: string, queryName: string): Promise<SubscriptionRow[]> {
    return rowsOf(
      "EPCIS_SUBSCRIPTIONS",
      SUBSCRIPTION_ROW,
      await this.ds.query(`SELECT ${SUBSCRIPTION_COLUMNS} FROM "units"."webhook" w WHERE w."org_id" = $1 AND w."query_name" = $2 AND w."active" ORDER BY w."created_at", w."id"`, [orgId, queryName]),
    );
  }

  /** Stops a subscription; false when the query has no such subscription. */
  async unsubscribe(orgId: string, queryName: string, id: string): Promise<boolean> {
    const rows = await this.ds.query(
      `WITH u AS (UPDATE "units"."webhook" SET "active" = false WHERE "id" = $3::uuid AND "org_id" = $1 AND "query_name" = $2 AND "active" RETURNING 1) SELECT count(*)::int AS "n" FROM u`,
      [orgId, queryName, id],
    );
    return oneRowOf("EPCIS_UNSUBSCRIBE", { n: "int" }, rows).n > 0;
  }

  /**
   * Claims scheduled subscriptions whose run is due (at most `limit`), pushing their next run `leaseSeconds` ahead
   * so that no other instance runs them meanwhile.
   */
  async claimDueSchedules(limit: number, leaseSeconds: number): Promise<DueRow[]> {
    const rows = await this.ds.query(
      `WITH due AS (SELECT "id" FROM "units"."webhook" WHERE "active" AND "schedule" IS NOT NULL AND "next_run_at" <= now() ORDER BY "next_run_at" LIMIT $1 FOR UPDATE SKIP LOCKED),
       claimed AS (UPDATE "units"."webhook" w SET "next_run_at" = now() + make_interval(secs => $2) FROM due WHERE w."id" = due."id" RETURNING w.*)
       SELECT ${SUBSCRIPTION_COLUMNS}, w."org_id" AS "orgId", w."roles" FROM claimed w`,
      [limit, leaseSeconds],
    );
    return rowsOf("EPCIS_SCHEDULES_DUE", DUE_ROW, rows);
  }

  /** Records a scheduled run: the record time the next run starts from, and when it is. */
  async scheduleRan(em: Pick<EntityManager, "query">, id: string, minRecordTime: Date, nextRunAt: Date | null): Promise<void> {
    await em.query(`UPDATE "units"."webhook" SET "min_record_time" = $2, "next_run_at" = $3, "active" = "active" AND $3::timestamptz IS NOT NULL WHERE "id" = $1::uuid`, [id, minRecordTime, nextRunAt]);
  }
}
