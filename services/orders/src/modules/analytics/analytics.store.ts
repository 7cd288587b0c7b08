import { type RowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

const RETURN_STATS_ROW = { gtin: "text", sold: "int", returned: "int", requests: "json" } as const;
export type ReturnStatsRow = RowOf<typeof RETURN_STATS_ROW>;
const TIMES_ROW = { orders: "int", shipped: "int", delivered: "int", hoursToShip: "json", hoursToDeliver: "json" } as const;
export type TimesRow = RowOf<typeof TIMES_ROW>;
const SOLD_ROW = { day: "text", gtin: "text", units: "int" } as const;
export type SoldRow = RowOf<typeof SOLD_ROW>;

/** Whose sales an analytics query covers: a seller's own orders, or every seller's sales of a brand's products. */
export type Whose = { seller: string } | { brand: { prefixes: string[]; foreignPrefixes: string[] } };

/** `$1` seller (or NULL), `$4` the brand's prefixes (or NULL), `$5` the longer prefixes inside them held by others. */
const params = (whose: Whose) => ("seller" in whose ? { org: whose.seller, prefixes: null, foreign: [] } : { org: null, prefixes: whose.brand.prefixes, foreign: whose.brand.foreignPrefixes });
const COVERED = (gtin: string) => `(($1::text IS NOT NULL AND o."organization_id" = $1::text) OR ($4::text[] IS NOT NULL
  AND EXISTS (SELECT 1 FROM unnest($4::text[]) AS p(x) WHERE substr(${gtin}, 2) LIKE p.x || '%')
  AND NOT EXISTS (SELECT 1 FROM unnest($5::text[]) AS f(x) WHERE substr(${gtin}, 2) LIKE f.x || '%')))`;

/** Every SQL statement of analytics: a seller's over its own orders, a brand's over its products' sales. */
export class AnalyticsStore {
  constructor(private readonly db: EntityManager) {}

  /**
   * Per product: units delivered on the seller's orders in [from, to), units taken back from them, and every return
   * request (accepted or refused) by verdict and by the customer's reason.
   */
  async returnStats(whose: Whose, from: Date, to: Date): Promise<ReturnStatsRow[]> {
    const sql = `WITH sold AS (
        SELECT a."gtin"::text AS "gtin", count(*)::int AS "n" FROM "orders"."allocation" a JOIN "orders"."order" o ON o."id" = a."order_id"
        WHERE ${COVERED('a."gtin"')} AND o."delivered_at" >= $2 AND o."delivered_at" < $3 AND a."gtin" IS NOT NULL GROUP BY a."gtin"),
      req AS (
        SELECT r."gtin"::text AS "gtin", r."verdict", COALESCE(lower(r."reason"), '') AS "reason", r."status" FROM "orders"."unit_return" r
        JOIN "orders"."order" o ON o."id" = r."order_id"
        WHERE ${COVERED('r."gtin"')} AND o."delivered_at" >= $2 AND o."delivered_at" < $3 AND r."gtin" IS NOT NULL)
      SELECT s."gtin", s."n" AS "sold",
        (SELECT count(*)::int FROM req WHERE req."gtin" = s."gtin" AND req."status" NOT IN ('REFUSED', 'AWAITING_ITEM')) AS "returned",
        COALESCE((SELECT jsonb_agg(jsonb_build_object('verdict', q."verdict", 'reason', q."reason", 'count', q."n")) FROM (
          SELECT req."verdict", req."reason", count(*)::int AS "n" FROM req WHERE req."gtin" = s."gtin" GROUP BY 1, 2) q), '[]'::jsonb) AS "requests"
      FROM sold s ORDER BY s."gtin"`;
    const p = params(whose);
    const rows = (await this.db.query(sql, [p.org, from, to, p.prefixes, p.foreign])) as Record<string, unknown>[];
    return rowsOf("RETURN_STATS", RETURN_STATS_ROW, rows.map((r) => ({ ...r, requests: { list: r.requests } })));
  }

  /** Orders created in [from, to): how many shipped and were delivered, and the hours each took (sorted). */
  async times(org: string, from: Date, to: Date): Promise<TimesRow> {
    const sql = `SELECT count(*)::int AS "orders", count("shipped_at")::int AS "shipped", count("delivered_at")::int AS "delivered",
        jsonb_build_object('list', COALESCE(jsonb_agg(extract(epoch FROM "shipped_at" - "created_at") / 3600 ORDER BY "shipped_at" - "created_at") FILTER (WHERE "shipped_at" IS NOT NULL), '[]'::jsonb)) AS "hoursToShip",
        jsonb_build_object('list', COALESCE(jsonb_agg(extract(epoch FROM "delivered_at" - "created_at") / 3600 ORDER BY "delivered_at" - "created_at") FILTER (WHERE "delivered_at" IS NOT NULL), '[]'::jsonb)) AS "hoursToDeliver"
      FROM "orders"."order" WHERE "organization_id" = $1 AND "created_at" >= $2 AND "created_at" < $3`;
    return rowsOf("FULFILMENT_TIMES", TIMES_ROW, await this.db.query(sql, [org, from, to]))[0] as TimesRow;
  }

  /** Units delivered per UTC day and product in [from, to). */
  async soldPerDay(whose: Whose, from: Date, to: Date, gtin: string | null): Promise<SoldRow[]> {
    const sql = `SELECT to_char(date_trunc('day', o."delivered_at" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS "day", a."gtin"::text AS "gtin", count(*)::int AS "units"
      FROM "orders"."allocation" a JOIN "orders"."order" o ON o."id" = a."order_id"
      WHERE ${COVERED('a."gtin"')} AND o."delivered_at" >= $2 AND o."delivered_at" < $3 AND a."gtin" IS NOT NULL AND ($6::text IS NULL OR a."gtin" = $6::char(14))
      GROUP BY 1, 2 ORDER BY 1, 2`;
    const p = params(whose);
    return rowsOf("SOLD_PER_DAY", SOLD_ROW, await this.db.query(sql, [p.org, from, to, p.prefixes, p.foreign, gtin]));
  }
}
