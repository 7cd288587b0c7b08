import { type RowOf, rowsOf } from "@tracehub/db";
import type { DataSource } from "typeorm";

/** Longest containment or lineage chain followed. */
const MAX_DEPTH = 16;

/** A row of the timeline: one event of the unit or of a container it was in (`via`: that container; null for the unit's own). */
const TIMELINE_ROW = {
  eventId: "text",
  type: "text",
  action: "text?",
  bizStep: "text?",
  disposition: "text?",
  eventTime: "time",
  readPoint: "text?",
  bizLocation: "text?",
  via: "text?",
} as const;
export type TimelineRow = RowOf<typeof TIMELINE_ROW>;

/** A row of the containment history. */
const CONTAINMENT_ROW = { childId: "text", parentId: "text", packedAt: "time", unpackedAt: "time?", level: "int" } as const;
export type ContainmentRow = RowOf<typeof CONTAINMENT_ROW>;

/** A row of the lineage. */
const LINEAGE_ROW = { unitId: "text", intoId: "text", depth: "int" } as const;
export type LineageRow = RowOf<typeof LINEAGE_ROW>;

/** Every SQL statement of provenance: a unit's story from the event log, containment history and lineage. */
export class ProvenanceStore {
  constructor(private readonly ds: DataSource) {}

  /**
   * Every event of the unit and, for each container it was in (at any level), the container's events
   * during the time the unit was inside: one statement with a recursive walk up the containment history. With
   * `until`, only what happened up to then.
   */
  async timeline(unitId: string, until: Date | null): Promise<TimelineRow[]> {
    return rowsOf(
      "UNIT_TIMELINE",
      TIMELINE_ROW,
      await this.ds.query(
        `WITH RECURSIVE chain(container, from_t, to_t, level) AS (
           SELECT "parent_id", "added_time", COALESCE("removed_time", 'infinity'::timestamptz), 1 FROM "units"."aggregation" WHERE "child_id" = $1
           UNION ALL
           SELECT a."parent_id", GREATEST(c.from_t, a."added_time"), LEAST(c.to_t, COALESCE(a."removed_time", 'infinity'::timestamptz)), c.level + 1
           FROM "units"."aggregation" a JOIN chain c ON a."child_id" = c.container
           WHERE a."added_time" < c.to_t AND COALESCE(a."removed_time", 'infinity'::timestamptz) > c.from_t AND c.level < ${MAX_DEPTH}),
         own AS (SELECT DISTINCT "event_seq" AS seq FROM "units"."event_unit" WHERE "unit_id" = $1),
         inherited AS (
           SELECT DISTINCT ON (eu."event_seq") eu."event_seq" AS seq, c.container
           FROM chain c JOIN "units"."event_unit" eu ON eu."unit_id" = c.container JOIN "units"."event" e ON e."seq" = eu."event_seq"
           WHERE e."event_time" > c.from_t AND e."event_time" <= c.to_t AND eu."event_seq" NOT IN (SELECT seq FROM own)
           ORDER BY eu."event_seq", c.level)
         SELECT e."event_id" AS "eventId", e."type", e."action", e."biz_step" AS "bizStep", e."disposition", e."event_time" AS "eventTime",
           e."read_point" AS "readPoint", e."biz_location" AS "bizLocation", x.container AS "via"
         FROM (SELECT seq, NULL::text AS container FROM own UNION ALL SELECT seq, container FROM inherited) x
         JOIN "units"."event" e ON e."seq" = x.seq
         WHERE NOT e."error_declaration" AND ($2::timestamptz IS NULL OR e."event_time" <= $2::timestamptz)
         ORDER BY e."event_time", e."seq"`,
        [unitId, until],
      ),
    );
  }

  /** The containment history of the unit and of every container that held it while it was inside (with `until`, packed up to then). */
  async containers(unitId: string, until: Date | null): Promise<ContainmentRow[]> {
    return rowsOf(
      "UNIT_CONTAINERS",
      CONTAINMENT_ROW,
      await this.ds.query(
        `WITH RECURSIVE chain(child_id, parent_id, added, removed, level) AS (
           SELECT "child_id", "parent_id", "added_time", "removed_time", 1 FROM "units"."aggregation" WHERE "child_id" = $1
           UNION ALL
           SELECT a."child_id", a."parent_id", a."added_time", a."removed_time", c.level + 1
           FROM "units"."aggregation" a JOIN chain c ON a."child_id" = c.parent_id
           WHERE a."added_time" < COALESCE(c.removed, 'infinity'::timestamptz) AND COALESCE(a."removed_time", 'infinity'::timestamptz) > c.added AND c.level < ${MAX_DEPTH})
         SELECT DISTINCT child_id AS "childId", parent_id AS "parentId", added AS "packedAt", removed AS "unpackedAt", level FROM chain
         WHERE $2::timestamptz IS NULL OR added <= $2::timestamptz ORDER BY level, "packedAt"`,
        [unitId, until],
      ),
    );
  }

  /** Everything the unit was made from, at every depth (breadth first). */
  async lineage(unitId: string): Promise<LineageRow[]> {
    return rowsOf(
      "UNIT_LINEAGE",
      LINEAGE_ROW,
      await this.ds.query(
        `WITH RECURSIVE lineage(unit_id, into_id, depth) AS (
           SELECT "input_id", "output_id", 1 FROM "units"."transformation_link" WHERE "output_id" = $1
           UNION
           SELECT t."input_id", t."output_id", l.depth + 1 FROM "units"."transformation_link" t JOIN lineage l ON t."output_id" = l.unit_id WHERE l.depth < ${MAX_DEPTH})
         SELECT DISTINCT unit_id AS "unitId", into_id AS "intoId", depth FROM lineage ORDER BY depth, "unitId"`,
        [unitId],
      ),
    );
  }
}
