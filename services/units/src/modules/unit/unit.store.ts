import { type KeyColumn, type KeyValue, type SqlCondition, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { ReadScope } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import { unitVisible, unitVisibleUntil } from "../scope/scope.store";
import type { UnitRecord } from "./unit.mapper";

/** Which units a listing reads; every given condition holds. Values are checked and canonical. */
export interface UnitCriteria {
  gtin?: string;
  lot?: string;
  status?: string;
  /** Business location, else read point. */
  location?: string;
  /** Directly inside this container now. */
  container?: string;
  /**
   * A condition another module writes on the unit row (alias given), with its parameters numbered from `firstParam`:
   * e.g. "affected by this recall" (recall/). Never built from client text.
   */
  where?: (u: string, firstParam: number) => SqlCondition;
}

/** A unit row as the raw statements read it: the entity's columns under their property names. */
const UNIT_ROW = {
  id: "text",
  kind: "text",
  gtin: "text?",
  serial: "text?",
  lot: "text?",
  expiry: "text?",
  productionDate: "text?",
  status: "text",
  disposition: "text?",
  readPoint: "text?",
  bizLocation: "text?",
  parentId: "text?",
  commissioned: "bool",
  commissionedAt: "time?",
  lastEventTime: "time?",
  updatedAt: "time",
  visibleUntil: "time?",
} as const;

/** A row of the transformation links. */
const LINK_ROW = { outputId: "text", inputId: "text" } as const;

/** A transformation link: an output and one of its inputs. */
export interface LinkRow {
  outputId: string;
  inputId: string;
}

const UNIT_COLUMNS = `u."id", u."kind", u."gtin", u."serial", u."lot", u."expiry"::text AS "expiry", u."production_date"::text AS "productionDate", u."status", u."disposition",
  u."read_point" AS "readPoint", u."biz_location" AS "bizLocation", u."parent_id" AS "parentId", u."commissioned",
  u."commissioned_at" AS "commissionedAt", u."last_event_time" AS "lastEventTime", u."updated_at" AS "updatedAt"`;

/** The order of a listing: by id, which is unique. */
const LISTING_KEYS: readonly KeyColumn[] = [{ column: "u.id" }];

/** Longest containment chain followed. */
const MAX_DEPTH = 16;

/** The WHERE conditions of a listing, limited to what `scope` may read, and their bound parameters ($1...). */
function criteriaSql(criteria: UnitCriteria, scope: ReadScope): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  };
  add(`u."gtin"`, criteria.gtin);
  add(`u."lot"`, criteria.lot);
  add(`u."status"`, criteria.status);
  add(`COALESCE(u."biz_location", u."read_point")`, criteria.location);
  add(`u."parent_id"`, criteria.container);
  if (criteria.where) {
    const extra = criteria.where("u", params.length + 1);
    where.push(extra.sql);
    params.push(...extra.params);
  }
  const visible = unitVisible(scope, "u", params.length + 1);
  if (visible.sql !== "TRUE") {
    where.push(visible.sql);
    params.push(...visible.params);
  }
  if (!scope.all && (criteria.location !== undefined || criteria.container !== undefined)) {
    // Where a unit is now, and what it is in, are not for a reader whose custody of it ended: filtering by them would
    // tell what its fields hide.
    const until = unitVisibleUntil(scope, "u", params.length + 1);
    where.push(`${until.sql} IS NULL`);
    params.push(...until.params);
  }
  if (!scope.all && criteria.container !== undefined) {
    // A container the reader may not see answers like an unknown one, even when some of what is inside is its own.
    const container = unitVisible(scope, "cu", params.length + 2);
    params.push(criteria.container, ...container.params);
    where.push(`EXISTS (SELECT 1 FROM "units"."unit" cu WHERE cu."id" = $${params.length - container.params.length} AND ${container.sql})`);
  }
  return { where, params };
}

/** Every SQL statement of the unit read model. */
export class UnitStore {
  constructor(private readonly ds: DataSource) {}

  /** Units by id that `scope` may read (one statement; missing and hidden ids are absent alike). */
  async byIds(ids: readonly string[], scope: ReadScope): Promise<UnitRecord[]> {
    const visible = unitVisible(scope, "u", 2);
    const until = unitVisibleUntil(scope, "u", 2 + visible.params.length);
    return rowsOf(
      "UNITS_BY_ID",
      UNIT_ROW,
      await this.ds.query(`SELECT ${UNIT_COLUMNS}, ${until.sql} AS "visibleUntil" FROM "units"."unit" u WHERE u."id" = ANY($1::text[]) AND ${visible.sql}`, [
        ids,
        ...visible.params,
        ...until.params,
      ]),
    );
  }

  /** The units directly inside any of these containers now that `scope` may read, in id order (one statement). */
  async childrenOf(parentIds: readonly string[], scope: ReadScope): Promise<UnitRecord[]> {
    const visible = unitVisible(scope, "u", 2);
    const until = unitVisibleUntil(scope, "u", 2 + visible.params.length);
    return rowsOf(
      "CHILDREN_OF",
      UNIT_ROW,
      await this.ds.query(`SELECT ${UNIT_COLUMNS}, ${until.sql} AS "visibleUntil" FROM "units"."unit" u WHERE u."parent_id" = ANY($1::text[]) AND ${visible.sql} ORDER BY u."id"`, [
        parentIds,
        ...visible.params,
        ...until.params,
      ]),
    );
  }

  /** How many units match that `scope` may read. */
  async count(criteria: UnitCriteria, scope: ReadScope): Promise<number> {
    const { where, params } = criteriaSql(criteria, scope);
    return oneRowOf(
      "COUNT_UNITS",
      { n: "int" },
      await this.ds.query(`SELECT count(*)::int AS n FROM "units"."unit" u ${where.length ? `WHERE ${where.join(" AND ")}` : ""}`, params),
    ).n;
  }

  /** One page of matching units in id order after the position `after` (an id), with one extra row when more follow. */
  async page(criteria: UnitCriteria, scope: ReadScope, after: readonly KeyValue[] | null, size: number): Promise<UnitRecord[]> {
    const { where, params } = criteriaSql(criteria, scope);
    const until = unitVisibleUntil(scope, "u", params.length + 1);
    const page = keysetPage({ keys: LISTING_KEYS, after, size, firstParam: params.length + until.params.length + 1 });
    return rowsOf(
      "UNITS_PAGE",
      UNIT_ROW,
      await this.ds.query(
        `SELECT ${UNIT_COLUMNS}, ${until.sql} AS "visibleUntil" FROM "units"."unit" u WHERE ${[...where, page.where].join(" AND ")} ORDER BY ${page.orderBy} ${page.limit}`,
        [...params, ...until.params, ...page.params],
      ),
    );
  }

  /** Everything inside a container now that `scope` may read, at every level, with its depth (1 = directly inside). */
  async contents(rootId: string, scope: ReadScope): Promise<{ unit: UnitRecord; depth: number }[]> {
    const visible = unitVisible(scope, "u", 2);
    const until = unitVisibleUntil(scope, "u", 2 + visible.params.length);
    const rows = rowsOf(
      "UNIT_CONTENTS",
      { ...UNIT_ROW, depth: "int" },
      await this.ds.query(
        `WITH RECURSIVE tree(id, depth) AS (
           SELECT "id", 1 FROM "units"."unit" WHERE "parent_id" = $1
           UNION SELECT c."id", t.depth + 1 FROM "units"."unit" c JOIN tree t ON c."parent_id" = t.id WHERE t.depth < ${MAX_DEPTH})
         SELECT ${UNIT_COLUMNS}, ${until.sql} AS "visibleUntil", t.depth FROM tree t JOIN "units"."unit" u ON u."id" = t.id WHERE ${visible.sql} ORDER BY t.depth, u."id"`,
        [rootId, ...visible.params, ...until.params],
      ),
    );
    return rows.map(({ depth, ...unit }) => ({ unit, depth }));
  }

  /** The containers a unit was in at a moment, innermost first (from the containment history). */
  async containersAt(childId: string, at: Date): Promise<string[]> {
    const rows = rowsOf(
      "CONTAINERS_AT",
      { id: "text" },
      await this.ds.query(
        `WITH RECURSIVE chain(id, depth) AS (
         SELECT "parent_id", 1 FROM "units"."aggregation"
         WHERE "child_id" = $1 AND "added_time" <= $2 AND ("removed_time" IS NULL OR "removed_time" > $2)
         UNION SELECT a."parent_id", c.depth + 1 FROM "units"."aggregation" a JOIN chain c ON a."child_id" = c.id
         WHERE a."added_time" <= $2 AND (a."removed_time" IS NULL OR a."removed_time" > $2) AND c.depth < ${MAX_DEPTH})
       SELECT id FROM chain ORDER BY depth`,
        [childId, at],
      ),
    );
    return rows.map((r) => r.id);
  }

  /** Transformation links whose output is one of `ids` (what they were made from), by input. */
  async linksByOutput(ids: readonly string[]): Promise<LinkRow[]> {
    return rowsOf(
      "LINKS_BY_OUTPUT",
      LINK_ROW,
      await this.ds.query(`SELECT DISTINCT "output_id" AS "outputId", "input_id" AS "inputId" FROM "units"."transformation_link" WHERE "output_id" = ANY($1::text[]) ORDER BY 2`, [
        ids,
      ]),
    );
  }

  /** Transformation links whose input is one of `ids` (what they went into), by output. */
  async linksByInput(ids: readonly string[]): Promise<LinkRow[]> {
    return rowsOf(
      "LINKS_BY_INPUT",
      LINK_ROW,
      await this.ds.query(`SELECT DISTINCT "output_id" AS "outputId", "input_id" AS "inputId" FROM "units"."transformation_link" WHERE "input_id" = ANY($1::text[]) ORDER BY 1`, [
        ids,
      ]),
    );
  }
}
