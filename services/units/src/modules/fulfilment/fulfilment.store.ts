import { type RowOf, rowsOf } from "@tracehub/db";
import type { ReadScope } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import { storedScopeCovers } from "../recall/recall.store";
import { unitHeldBy } from "../scope/scope.store";
import type { Holder } from "./fulfilment.rules";

/** What orders needs to know of a unit to allocate, ship or take it back. */
const FACTS_ROW = {
  id: "text",
  gtin: "text?",
  serial: "text?",
  lot: "text?",
  expiry: "text?",
  status: "text",
  commissioned: "bool",
  location: "text?",
  onHold: "bool",
  recalled: "bool",
  held: "bool",
} as const;

/** A unit as orders sees it through `unit-facts`. */
export type UnitFactsRow = RowOf<typeof FACTS_ROW>;

/** A seller's sellable unit, for pick suggestions. */
const STOCK_ROW = { id: "text", gtin: "text", lot: "text?", expiry: "text?", location: "text?" } as const;
export type StockRow = RowOf<typeof STOCK_ROW>;

/** The read scope that asks "does this seller hold the unit now" (grants never make a holder). */
function holderScope(holder: Holder): ReadScope {
  return { all: false, org: holder.org, prefixes: holder.scope.prefixes, foreignPrefixes: holder.scope.foreignPrefixes, grants: [], glns: holder.scope.glns ?? [] };
}

const ON_HOLD = (u: string) => `EXISTS (SELECT 1 FROM "units"."hold" h WHERE h."status" = 'OPEN' AND ${storedScopeCovers(u, "h")})`;
const RECALLED = (u: string) =>
  `(${u}."status" = 'RECALLED' OR EXISTS (SELECT 1 FROM "units"."recall_unit" ru JOIN "units"."recall" r ON r."id" = ru."recall_id" AND r."status" = 'ISSUED' WHERE ru."unit_id" = ${u}."id"))`;

/** Every SQL statement of units' fulfilment reads (the facts and stock orders asks for). */
export class FulfilmentStore {
  constructor(private readonly ds: DataSource) {}

  /** Facts of the units the hub knows among `unitIds` (ids it never saw are absent); `held` is false without a holder. */
  async facts(unitIds: readonly string[], holder: Holder | null): Promise<UnitFactsRow[]> {
    const held = holder ? unitHeldBy(holderScope(holder), "u", 2) : { sql: "FALSE", params: [] };
    const sql = `SELECT u."id", u."gtin"::text AS "gtin", u."serial", u."lot", u."expiry"::text AS "expiry", u."status", u."commissioned",
        COALESCE(u."biz_location", u."read_point") AS "location", ${ON_HOLD("u")} AS "onHold", ${RECALLED("u")} AS "recalled", ${held.sql} AS "held"
      FROM "units"."unit" u WHERE u."id" = ANY($1::text[])`;
    return rowsOf("UNIT_FACTS", FACTS_ROW, await this.ds.query(sql, [unitIds, ...held.params]));
  }

  /**
   * A seller's sellable units of each GTIN, first expiry first (no expiry last), then by id: units it holds now,
   * ACTIVE, not expired, on no open hold and in no recall, outside `excluded`; at most `perGtin` per GTIN.
   */
  async stock(holder: Holder, gtins: readonly string[], perGtin: number, excluded: readonly string[], location: string | null): Promise<StockRow[]> {
    const held = unitHeldBy(holderScope(holder), "u", 5);
    const sql = `SELECT s.* FROM unnest($1::text[]) AS g(gtin) CROSS JOIN LATERAL (
        SELECT u."id", u."gtin"::text AS "gtin", u."lot", u."expiry"::text AS "expiry", COALESCE(u."biz_location", u."read_point") AS "location"
        FROM "units"."unit" u
        WHERE u."gtin" = g.gtin::char(14) AND u."commissioned" AND u."status" = 'ACTIVE' AND (u."expiry" IS NULL OR u."expiry" >= current_date)
          AND NOT (u."id" = ANY($3::text[])) AND ($4::text IS NULL OR COALESCE(u."biz_location", u."read_point") = $4::text)
          AND NOT ${ON_HOLD("u")} AND NOT ${RECALLED("u")} AND ${held.sql}
        ORDER BY u."expiry" ASC NULLS LAST, u."id" LIMIT $2::int) s`;
    return rowsOf("UNIT_STOCK", STOCK_ROW, await this.ds.query(sql, [gtins, perGtin, excluded, location, ...held.params]));
  }
}
