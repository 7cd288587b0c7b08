import { type KeyColumn, type KeyValue, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { ReadScope } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import { custodyOfCaller, eventVisible, unitVisible } from "../scope/scope.store";

/** What the hub keeps of each event to re-read, re-hash and export it. */
export interface StoredBody {
  event: Record<string, unknown>;
  context: unknown;
  ignoreFields?: string[];
}

/** A stored event row as the queries read it. */
export interface EventRow {
  seq: string;
  eventId: string;
  hashId: string;
  type: string;
  action: string | null;
  bizStep: string | null;
  disposition: string | null;
  readPoint: string | null;
  bizLocation: string | null;
  eventTime: Date;
  eventTimeZoneOffset: string;
  recordTime: Date;
  isErrorDeclaration: boolean;
  /** The organization whose credentials captured it. */
  capturedByOrg: string | null;
  body: StoredBody;
  bizTransactions: { type: string | null; id: string }[] | null;
}

/** Which events a query reads, with values already checked and canonical; every given condition holds. */
export interface EventCriteria {
  /** Events naming this unit in any role. */
  unitId?: string;
  /** With `unitId`: also events of every unit inside it now. */
  includeContents?: boolean;
  /** With `unitId`: also events of every container it was in (at any level), while it was inside. */
  includeContainers?: boolean;
  gtin?: string;
  eventTypes?: string[];
  bizSteps?: string[];
  dispositions?: string[];
  readPoints?: string[];
  bizLocations?: string[];
  from?: Date;
  to?: Date;
  recordedFrom?: Date;
  recordedTo?: Date;
  bizTransaction?: string;
  eventIds?: string[];
  /** Only these log positions (a batch of the movement stream a query subscription is told about). */
  seqs?: string[];
}

/** The columns every event query selects, from `units.event e`. */
const EVENT_COLUMNS = `e."seq", e."event_id" AS "eventId", e."hash_id" AS "hashId", e."type", e."action", e."biz_step" AS "bizStep",
  e."disposition", e."read_point" AS "readPoint", e."biz_location" AS "bizLocation", e."event_time" AS "eventTime",
  e."event_time_zone_offset" AS "eventTimeZoneOffset", e."record_time" AS "recordTime", e."error_declaration" AS "isErrorDeclaration", e."captured_by_org" AS "capturedByOrg", e."body",
  (SELECT json_agg(json_build_object('type', t."type", 'id', t."biz_transaction")) FROM "units"."event_biz_transaction" t WHERE t."event_seq" = e."seq") AS "bizTransactions"`;

/** The log's order: event time, then log position (unique). */
const LOG_KEYS: readonly KeyColumn[] = [{ column: "e.event_time" }, { column: "e.seq" }];

/** Longest containment chain followed. */
const MAX_DEPTH = 16;

/** The checked columns of an event row (`bizTransactions`, an aggregate, is null or a JSON list). */
const EVENT_ROW = {
  seq: "text",
  eventId: "text",
  hashId: "text",
  type: "text",
  action: "text?",
  bizStep: "text?",
  disposition: "text?",
  readPoint: "text?",
  bizLocation: "text?",
  eventTime: "time",
  eventTimeZoneOffset: "text",
  recordTime: "time",
  isErrorDeclaration: "bool",
  capturedByOrg: "text?",
  body: "json",
} as const;

function eventRows(statement: string, rows: unknown): EventRow[] {
  return rowsOf(statement, EVENT_ROW, rows) as unknown as EventRow[];
}

/**
 * The WHERE clause of `criteria`; values go into `params` as bound parameters. A condition on units (`unitId`,
 * `gtin`) matches only units `scope` may read, or events the caller's organization captured: a filter is no oracle
 * for which hidden units an event names.
 */
function whereOf(criteria: EventCriteria, params: unknown[], scope: ReadScope): string {
  const where: string[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  /** `condition` on the units `alias` of a subquery, limited to readable units unless the event is the caller's own. */
  const onReadableUnits = (alias: string, subquery: (visible: string) => string) => {
    if (scope.all) {
      where.push(subquery("TRUE"));
      return;
    }
    const visible = unitVisible(scope, alias, params.length + 1);
    params.push(...visible.params);
    const own = `(e."captured_by_org" IS NOT NULL AND e."captured_by_org" = ${bind(scope.org)}::text)`;
    where.push(`(${subquery(visible.sql)} OR (${own} AND ${subquery("TRUE")}))`);
  };
  const c = criteria;
  if (c.unitId !== undefined) {
    const id = bind(c.unitId);
    // The unit's own events, and, when asked, those of everything inside it now and of the containers it was in.
    const own = (visible: string) => `e."seq" IN (SELECT eu."event_seq" FROM "units"."event_unit" eu JOIN "units"."unit" fu ON fu."id" = eu."unit_id" WHERE eu."unit_id" = ${id} AND ${visible})`;
    let contentsRoot = "TRUE";
    if (c.includeContents && !scope.all) {
      // The container itself must be one the caller may see: a hidden one answers like an unknown one, even when
      // some of what is inside is the caller's.
      const rootVisible = unitVisible(scope, "ru", params.length + 1);
      params.push(...rootVisible.params);
      contentsRoot = `EXISTS (SELECT 1 FROM "units"."unit" ru WHERE ru."id" = ${id} AND ${rootVisible.sql})`;
    }
    const contents = (visible: string) => `(${contentsRoot} AND e."seq" IN (SELECT eu."event_seq" FROM "units"."event_unit" eu JOIN "units"."unit" fu ON fu."id" = eu."unit_id" WHERE ${visible} AND eu."unit_id" IN (
           WITH RECURSIVE tree(id, depth) AS (SELECT ${id}::text, 0 UNION SELECT u."id", t.depth + 1 FROM "units"."unit" u JOIN tree t ON u."parent_id" = t.id WHERE t.depth < ${MAX_DEPTH})
           SELECT id FROM tree)))`;
    // The events of each container the unit was in, at any level, while it was inside (the pallet's shipping is part
    // of its units' history): for a reader of the unit.
    const containers = (visible: string) => `e."seq" IN (SELECT ieu."event_seq" FROM "units"."unit" fu JOIN (
            WITH RECURSIVE chain(container, from_t, to_t, level) AS (
              SELECT "parent_id", "added_time", COALESCE("removed_time", 'infinity'::timestamptz), 1 FROM "units"."aggregation" WHERE "child_id" = ${id}
              UNION ALL
              SELECT a."parent_id", GREATEST(ch.from_t, a."added_time"), LEAST(ch.to_t, COALESCE(a."removed_time", 'infinity'::timestamptz)), ch.level + 1
              FROM "units"."aggregation" a JOIN chain ch ON a."child_id" = ch.container
              WHERE a."added_time" < ch.to_t AND COALESCE(a."removed_time", 'infinity'::timestamptz) > ch.from_t AND ch.level < ${MAX_DEPTH})
            SELECT eu2."event_seq", ch.from_t, ch.to_t FROM chain ch JOIN "units"."event_unit" eu2 ON eu2."unit_id" = ch.container
          ) ieu ON TRUE JOIN "units"."event" ie ON ie."seq" = ieu."event_seq"
          WHERE fu."id" = ${id} AND ${visible} AND ie."event_time" > ieu.from_t AND ie."event_time" <= ieu.to_t)`;
    onReadableUnits("fu", (visible) => {
      const parts = [c.includeContents ? contents(visible) : own(visible)];
      if (c.includeContainers) parts.push(containers(visible));
      return parts.length === 1 ? (parts[0] as string) : `(${parts.join(" OR ")})`;
    });
  }
  if (c.gtin !== undefined) {
    const gtin = bind(c.gtin);
    onReadableUnits("fu", (visible) => `e."seq" IN (SELECT eu."event_seq" FROM "units"."event_unit" eu JOIN "units"."unit" fu ON fu."id" = eu."unit_id" WHERE fu."gtin" = ${gtin} AND ${visible})`);
  }
  if (c.eventTypes) where.push(`e."type" = ANY(${bind(c.eventTypes)}::text[])`);
  if (c.bizSteps) where.push(`e."biz_step" = ANY(${bind(c.bizSteps)}::text[])`);
  if (c.dispositions) where.push(`e."disposition" = ANY(${bind(c.dispositions)}::text[])`);
  if (c.readPoints) where.push(`e."read_point" = ANY(${bind(c.readPoints)}::text[])`);
  if (c.bizLocations) where.push(`e."biz_location" = ANY(${bind(c.bizLocations)}::text[])`);
  if (c.from) where.push(`e."event_time" >= ${bind(c.from)}`);
  if (c.to) where.push(`e."event_time" < ${bind(c.to)}`);
  if (c.recordedFrom) where.push(`e."record_time" >= ${bind(c.recordedFrom)}`);
  if (c.recordedTo) where.push(`e."record_time" < ${bind(c.recordedTo)}`);
  if (c.bizTransaction !== undefined) where.push(`e."seq" IN (SELECT "event_seq" FROM "units"."event_biz_transaction" WHERE "biz_transaction" = ${bind(c.bizTransaction)})`);
  if (c.eventIds) where.push(`e."event_id" = ANY(${bind(c.eventIds)}::text[])`);
  if (c.seqs) where.push(`e."seq" = ANY(${bind(c.seqs)}::bigint[])`);
  return where.length ? where.join(" AND ") : "TRUE";
}

/** Every SQL statement that reads the event log (capture writes it). */
export class EventStore {
  constructor(private readonly ds: DataSource) {}

  /** The units these events name that were in the caller's custody when the event happened (canonical ids). */
  async custodialUnits(seqs: readonly string[], scope: ReadScope): Promise<Set<string>> {
    if (scope.all || seqs.length === 0) return new Set();
    const party = custodyOfCaller(scope, "vc", 2);
    const rows = rowsOf(
      "CUSTODIAL_UNITS_OF_EVENTS",
      { unitId: "text" },
      await this.ds.query(
        `SELECT DISTINCT veu."unit_id" AS "unitId" FROM "units"."event_unit" veu JOIN "units"."event" ve ON ve."seq" = veu."event_seq"
         JOIN "units"."custody" vc ON vc."unit_id" = veu."unit_id"
         WHERE veu."event_seq" = ANY($1::bigint[]) AND ${party.sql} AND (vc."to_time" IS NULL OR ve."event_time" <= vc."to_time")`,
        [seqs, ...party.params],
      ),
    );
    return new Set(rows.map((r) => r.unitId));
  }

  /** How many events match that `scope` may read. */
  async count(criteria: EventCriteria, scope: ReadScope): Promise<number> {
    const params: unknown[] = [];
    const where = whereOf(criteria, params, scope);
    const visible = eventVisible(scope, "e", params.length + 1);
    params.push(...visible.params);
    return oneRowOf("COUNT_EVENTS", { n: "int" }, await this.ds.query(`SELECT count(*)::int AS n FROM "units"."event" e WHERE ${where} AND ${visible.sql}`, params)).n;
  }

  /**
   * One page of matching events in event-time order (log position breaks ties) after the position
   * (`eventTime`, `seq`) when one is given, with one extra row when more follow.
   */
  async page(criteria: EventCriteria, scope: ReadScope, after: readonly KeyValue[] | null, size: number): Promise<EventRow[]> {
    const params: unknown[] = [];
    const filters = whereOf(criteria, params, scope);
    const visible = eventVisible(scope, "e", params.length + 1);
    params.push(...visible.params);
    const where = `${filters} AND ${visible.sql}`;
    const page = keysetPage({ keys: LOG_KEYS, after, size, firstParam: params.length + 1 });
    return eventRows(
      "EVENTS_PAGE",
      await this.ds.query(`SELECT ${EVENT_COLUMNS} FROM "units"."event" e WHERE ${where} AND ${page.where} ORDER BY ${page.orderBy} ${page.limit}`, [...params, ...page.params]),
    );
  }
}
