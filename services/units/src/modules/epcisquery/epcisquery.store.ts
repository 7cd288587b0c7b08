import { type KeyColumn, type KeyValue, type RowOf, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

const QUERY_ROW = { orgId: "text", name: "text", query: "json", createdAt: "time" } as const;
export type EpcisQueryRow = RowOf<typeof QUERY_ROW>;

const SUBSCRIPTION_ROW = { id: "text", url: "text", queryName: "text", epcFormat: "text?", createdAt: "time", lastNotifiedAt: "time?" } as const;
export type SubscriptionRow = RowOf<typeof SUBSCRIPTION_ROW>;

const COLUMNS = `q."org_id" AS "orgId", q."name", q."query", q."created_at" AS "createdAt"`;
const SUBSCRIPTION_COLUMNS = `w."id"::text AS "id", w."url", w."query_name" AS "queryName", w."epc_format" AS "epcFormat", w."created_at" AS "createdAt", w."last_notified_at" AS "lastNotifiedAt"`;
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

  async subscribe(s: { id: string; orgId: string; queryName: string; url: string; secret: string; roles: string[]; createdBy: string | null; epcFormat: string }): Promise<SubscriptionRow> {
    const rows = await this.ds.query(
      `INSERT INTO "units"."webhook" AS w ("id", "org_id", "url", "kinds", "filter", "secret", "roles", "created_by", "from_position", "query_name", "epc_format")
       VALUES ($1::uuid, $2, $3, ARRAY['EPCIS_QUERY'], NULL, $4, $5::text[], $6, (SELECT "last" FROM "units"."stream_head" WHERE "id" = 1), $7, $8) RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [s.id, s.orgId, s.url, s.secret, s.roles, s.createdBy, s.queryName, s.epcFormat],
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
}
