import { CbvVocabulary, type EpcFormat, EpcisError, type EpcisEvent, normalizeEpcisEvent, resolveContext, toCbvShortName, toEpcisDocument } from "@tracehub/epcis";
import { BadUserInput, LimitExceeded, type Page, anyUnitId, decodeCursor, locationId, normalizeGtin, pageSize, toPage } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import type { StoredBody } from "../capture/capture.service";
import { type EpcFormatType, type EventFilter } from "./event.input";
import type { EventType } from "./event.type";

/** Most events one export answers; narrow the filter beyond that. */
export const MAX_EXPORT_EVENTS = 10_000;

const EVENT_TYPES = new Set(["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"]);

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
  body: StoredBody;
  bizTransactions: { type: string | null; id: string }[] | null;
}

/** The columns every event query selects, from `units.event e`. */
export const EVENT_COLUMNS = `e."seq", e."event_id" AS "eventId", e."hash_id" AS "hashId", e."type", e."action", e."biz_step" AS "bizStep",
  e."disposition", e."read_point" AS "readPoint", e."biz_location" AS "bizLocation", e."event_time" AS "eventTime",
  e."event_time_zone_offset" AS "eventTimeZoneOffset", e."record_time" AS "recordTime", e."error_declaration" AS "isErrorDeclaration", e."body",
  (SELECT json_agg(json_build_object('type', t."type", 'id', t."biz_transaction")) FROM "units"."event_biz_transaction" t WHERE t."event_seq" = e."seq") AS "bizTransactions"`;

/** Maps a stored event row to its API shape. */
export function toEventType(row: EventRow): EventType {
  return {
    seq: String(row.seq),
    eventId: row.eventId,
    hashId: row.hashId,
    type: row.type,
    action: row.action,
    bizStep: row.bizStep,
    disposition: row.disposition,
    readPoint: row.readPoint,
    bizLocation: row.bizLocation,
    eventTime: row.eventTime,
    eventTimeZoneOffset: row.eventTimeZoneOffset,
    recordTime: row.recordTime,
    isErrorDeclaration: row.isErrorDeclaration,
    bizTransactions: row.bizTransactions ?? [],
    epcisEvent: row.body.event,
  };
}

function vocabulary(values: string[] | null | undefined, kind: CbvVocabulary, field: string): string[] | null {
  if (!values?.length) return null;
  return values.map((v, i) => {
    const short = toCbvShortName(kind, v);
    // Non-CBV values are kept as given (a custom business step is a URI).
    if (!short && !/^(urn:|https?:\/\/)/.test(v)) throw new BadUserInput(`'${field}[${i}]' ${JSON.stringify(v)} is neither a CBV 2.0 value nor a URI.`, { field });
    return short ?? v;
  });
}

/** Builds the WHERE clause of an event filter; positional parameters go into `params`. */
function whereOf(filter: EventFilter, params: unknown[]): string {
  const where: string[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    let out = sql;
    for (const value of values) {
      params.push(value);
      out = out.replace("?", `$${params.length}`);
    }
    where.push(out);
  };
  if (filter.code) {
    const id = anyUnitId(filter.code, "filter.code");
    if (filter.includeContents) {
      add(
        `e."seq" IN (SELECT eu."event_seq" FROM "units"."event_unit" eu WHERE eu."unit_id" IN (
           WITH RECURSIVE tree(id, depth) AS (SELECT ?::text, 0 UNION SELECT u."id", t.depth + 1 FROM "units"."unit" u JOIN tree t ON u."parent_id" = t.id WHERE t.depth < 16)
           SELECT id FROM tree))`,
        id,
      );
    } else {
      add(`e."seq" IN (SELECT "event_seq" FROM "units"."event_unit" WHERE "unit_id" = ?)`, id);
    }
  }
  if (filter.gtin) {
    add(`e."seq" IN (SELECT eu."event_seq" FROM "units"."event_unit" eu JOIN "units"."unit" u ON u."id" = eu."unit_id" WHERE u."gtin" = ?)`, normalizeGtin(filter.gtin, "filter.gtin"));
  }
  if (filter.eventTypes?.length) {
    const bad = filter.eventTypes.find((t) => !EVENT_TYPES.has(t));
    if (bad) throw new BadUserInput(`'filter.eventTypes' holds ${JSON.stringify(bad)}: use ${[...EVENT_TYPES].join(", ")}.`, { field: "filter.eventTypes" });
    add(`e."type" = ANY(?::text[])`, filter.eventTypes);
  }
  const steps = vocabulary(filter.bizSteps, CbvVocabulary.BizStep, "filter.bizSteps");
  if (steps) add(`e."biz_step" = ANY(?::text[])`, steps);
  const dispositions = vocabulary(filter.dispositions, CbvVocabulary.Disposition, "filter.dispositions");
  if (dispositions) add(`e."disposition" = ANY(?::text[])`, dispositions);
  if (filter.readPoints?.length) add(`e."read_point" = ANY(?::text[])`, filter.readPoints.map((l, i) => locationId(l, `filter.readPoints[${i}]`)));
  if (filter.bizLocations?.length) add(`e."biz_location" = ANY(?::text[])`, filter.bizLocations.map((l, i) => locationId(l, `filter.bizLocations[${i}]`)));
  if (filter.from) add(`e."event_time" >= ?`, filter.from);
  if (filter.to) add(`e."event_time" < ?`, filter.to);
  if (filter.recordedFrom) add(`e."record_time" >= ?`, filter.recordedFrom);
  if (filter.recordedTo) add(`e."record_time" < ?`, filter.recordedTo);
  if (filter.bizTransaction) add(`e."seq" IN (SELECT "event_seq" FROM "units"."event_biz_transaction" WHERE "biz_transaction" = ?)`, String(filter.bizTransaction));
  if (filter.eventIds?.length) add(`e."event_id" = ANY(?::text[])`, filter.eventIds);
  return where.length ? where.join(" AND ") : "TRUE";
}

/** Reads the event log: filtered pages and EPCIS exports. */
export class EventService {
  private readonly contexts = new Map<string, ReturnType<typeof resolveContext>>();

  constructor(private readonly ds: DataSource) {}

  /** A page of events in event-time order (log position breaks ties). */
  async list(args: { first?: number | null; after?: string | null; filter?: EventFilter | null }): Promise<Page<EventType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["time", "bigint"]);
    const params: unknown[] = [];
    const where = whereOf(args.filter ?? {}, params);
    const [count] = (await this.ds.query(`SELECT count(*)::int AS n FROM "units"."event" e WHERE ${where}`, params)) as { n: number }[];
    let pageWhere = where;
    const pageParams = [...params];
    if (after) {
      pageParams.push(String(after[0]), String(after[1]));
      pageWhere += ` AND (e."event_time", e."seq") > ($${pageParams.length - 1}::timestamptz, $${pageParams.length}::bigint)`;
    }
    const rows: EventRow[] = await this.ds.query(`SELECT ${EVENT_COLUMNS} FROM "units"."event" e WHERE ${pageWhere} ORDER BY e."event_time", e."seq" LIMIT ${size + 1}`, pageParams);
    const page = toPage(rows, size, (r) => [r.eventTime.toISOString(), String(r.seq)], count?.n ?? 0);
    return { ...page, edges: page.edges.map((e) => ({ node: toEventType(e.node), cursor: e.cursor })) };
  }

  /** A page of one unit's own events, in event-time order. */
  unitEvents(unitId: string, args: { first?: number | null; after?: string | null }): Promise<Page<EventType>> {
    return this.list({ ...args, filter: { code: unitId } });
  }

  /** The matching events as an EPCIS 2.0 document, valid against the schema, identifiers in the chosen form. */
  async export(filter: EventFilter, format: EpcFormatType, companyPrefixLength: number | null = null): Promise<Record<string, unknown>> {
    if (companyPrefixLength !== null && (!Number.isInteger(companyPrefixLength) || companyPrefixLength < 6 || companyPrefixLength > 12)) {
      throw new BadUserInput("'companyPrefixLength' must be 6 to 12 (the EPC encodings cover those lengths).", { field: "companyPrefixLength" });
    }
    const params: unknown[] = [];
    const where = whereOf(filter, params);
    const rows: EventRow[] = await this.ds.query(
      `SELECT ${EVENT_COLUMNS} FROM "units"."event" e WHERE ${where} ORDER BY e."event_time", e."seq" LIMIT ${MAX_EXPORT_EVENTS + 1}`,
      params,
    );
    if (rows.length > MAX_EXPORT_EVENTS) {
      throw new LimitExceeded(`More than ${MAX_EXPORT_EVENTS} events match; narrow the filter (a time window, a business step).`, { limit: MAX_EXPORT_EVENTS });
    }
    try {
      return toEpcisDocument(rows.map((r) => this.toEpcisEvent(r)), {
        epcFormat: format as unknown as EpcFormat,
        ...(companyPrefixLength !== null ? { companyPrefixLength } : {}),
      });
    } catch (error) {
      if (error instanceof EpcisError && /COMPANY_PREFIX|PREFIX_LENGTH/i.test(`${error.code} ${error.message}`)) {
        throw new BadUserInput(`Some identifiers were captured as Digital Links, so writing them as EPC URNs needs 'companyPrefixLength' (${error.message}).`, {
          field: "companyPrefixLength",
        });
      }
      throw error;
    }
  }

  /** Re-reads a stored event into the EPCIS model (hash recomputed from the event as captured). */
  toEpcisEvent(row: EventRow): EpcisEvent {
    const key = JSON.stringify(row.body.context ?? null);
    let context = this.contexts.get(key);
    if (!context) {
      context = resolveContext(row.body.context);
      this.contexts.set(key, context);
    }
    const event = normalizeEpcisEvent(row.body.event, { context, ...(row.body.ignoreFields ? { ignoreFields: row.body.ignoreFields } : {}) });
    event.raw = { event: row.body.event, context: row.body.context, ...(row.body.ignoreFields ? { ignoreFields: row.body.ignoreFields } : {}) };
    event.recordTime = row.recordTime.toISOString();
    if (!event.eventId) event.eventId = row.eventId;
    return event;
  }
}
