import { rowsOf } from "@tracehub/db";
import type { ReadScope } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import { unitVisible, unitVisibleUntil } from "../scope/scope.store";

/** Longest containment chain followed. */
const MAX_DEPTH = 16;

/** One event that touched units of the lot, with how many of them (directly, or inside a container it named). */
const TRACE_ROW = {
  eventId: "text",
  type: "text",
  bizStep: "text?",
  disposition: "text?",
  eventTime: "time",
  readPoint: "text?",
  bizLocation: "text?",
  body: "json",
  quantity: "int",
  productName: "text?",
} as const;

/** Every SQL statement of traceability reports. */
export class ReportStore {
  constructor(private readonly ds: DataSource) {}

  /**
   * The events (not error declarations) that named units of a GTIN's lot the caller may read, or a container they
   * were in while inside it, in [from, to), in event-time order, each with how many of the lot's units it touched; at
   * most `limit`. Units it owns or was granted (every unit, for readers of everything) count with their whole story;
   * units handed over to it count up to the end of its custody (the event that handed them on included), as their
   * events do: a custodian keeps the records of the critical tracking events it took part in, and of what came before.
   */
  async lotEvents(gtin: string, lot: string, from: Date | null, to: Date | null, scope: ReadScope, limit: number) {
    const visible = unitVisible(scope, "u", 6);
    const until = unitVisibleUntil(scope, "u", 6 + visible.params.length);
    return rowsOf(
      "LOT_EVENTS",
      TRACE_ROW,
      await this.ds.query(
        `WITH RECURSIVE lot_units AS (
           SELECT u."id", COALESCE(${until.sql}, 'infinity'::timestamptz) AS until FROM "units"."unit" u WHERE u."gtin" = $1 AND u."lot" = $2 AND ${visible.sql}),
         chain(unit_id, container, from_t, to_t, level) AS (
           SELECT a."child_id", a."parent_id", a."added_time", COALESCE(a."removed_time", 'infinity'::timestamptz), 1
           FROM "units"."aggregation" a JOIN lot_units l ON l."id" = a."child_id"
           UNION ALL
           SELECT c.unit_id, a."parent_id", GREATEST(c.from_t, a."added_time"), LEAST(c.to_t, COALESCE(a."removed_time", 'infinity'::timestamptz)), c.level + 1
           FROM "units"."aggregation" a JOIN chain c ON a."child_id" = c.container
           WHERE a."added_time" < c.to_t AND COALESCE(a."removed_time", 'infinity'::timestamptz) > c.from_t AND c.level < ${MAX_DEPTH}),
         touched AS (
           SELECT eu."event_seq" AS seq, eu."unit_id", l.until FROM "units"."event_unit" eu JOIN lot_units l ON l."id" = eu."unit_id"
           UNION
           SELECT eu."event_seq", c.unit_id, l.until FROM chain c JOIN lot_units l ON l."id" = c.unit_id JOIN "units"."event_unit" eu ON eu."unit_id" = c.container
             JOIN "units"."event" ce ON ce."seq" = eu."event_seq" WHERE ce."event_time" > c.from_t AND ce."event_time" <= c.to_t)
         SELECT e."event_id" AS "eventId", e."type", e."biz_step" AS "bizStep", e."disposition", e."event_time" AS "eventTime",
           e."read_point" AS "readPoint", e."biz_location" AS "bizLocation", e."body", count(DISTINCT t.unit_id)::int AS "quantity",
           (SELECT p."name" FROM "units"."product" p WHERE p."gtin" = $1) AS "productName"
         FROM touched t JOIN "units"."event" e ON e."seq" = t.seq
         WHERE NOT e."error_declaration" AND e."event_time" <= t.until AND ($3::timestamptz IS NULL OR e."event_time" >= $3::timestamptz) AND ($4::timestamptz IS NULL OR e."event_time" < $4::timestamptz)
         GROUP BY e."seq" ORDER BY e."event_time", e."seq" LIMIT $5::int`,
        [gtin, lot, from, to, limit, ...visible.params, ...until.params],
      ),
    );
  }
}
