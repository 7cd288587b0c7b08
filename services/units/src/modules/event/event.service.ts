import { CbvVocabulary, EVENT_TYPES, type EpcFormat, EpcisError, type CompanyPrefixLength, type EpcisEvent, type ExportOptions, cbvValueOrUri, normalizeEpcisEvent, resolveContext, toEpcisDocument } from "@tracehub/epcis";
import { companyPrefixDigits, owningCompanyPrefix, parseCode } from "@tracehub/gs1";
import { BadUserInput, LimitExceeded, type Page, type ReadScope, anyUnitId, identifierReader, decodeCursor, locationId, normalizeGtin, pageSize, toPage } from "@tracehub/subgraph-kit";
import { type EpcFormatType, type EventFilter } from "./event.input";
import { visibleEventBody } from "./event.rules";
import type { EventCriteria, EventRow, EventStore } from "./event.store";
import type { EventType } from "./event.type";

/** Most events one export answers; narrow the filter beyond that. */
export const MAX_EXPORT_EVENTS = 10_000;


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
    // Non-CBV values are kept as given (a custom business step is a URI).
    const known = cbvValueOrUri(kind, v);
    if (known === undefined) throw new BadUserInput(`'${field}[${i}]' ${JSON.stringify(v)} is neither a CBV 2.0 value nor a URI.`, { field });
    return known;
  });
}

/** Checks an event filter and turns it into canonical criteria; BAD_USER_INPUT names the field at fault. */
function criteriaOf(filter: EventFilter): EventCriteria {
  const c: EventCriteria = {};
  if (filter.code) {
    c.unitId = anyUnitId(filter.code, "filter.code");
    if (filter.includeContents) c.includeContents = true;
    if (filter.includeContainers) c.includeContainers = true;
  }
  if (filter.gtin) c.gtin = normalizeGtin(filter.gtin, "filter.gtin");
  if (filter.eventTypes?.length) {
    const bad = filter.eventTypes.find((t) => !(EVENT_TYPES as readonly string[]).includes(t));
    if (bad) throw new BadUserInput(`'filter.eventTypes' holds ${JSON.stringify(bad)}: use ${EVENT_TYPES.join(", ")}.`, { field: "filter.eventTypes" });
    c.eventTypes = filter.eventTypes;
  }
  const steps = vocabulary(filter.bizSteps, CbvVocabulary.BizStep, "filter.bizSteps");
  if (steps) c.bizSteps = steps;
  const dispositions = vocabulary(filter.dispositions, CbvVocabulary.Disposition, "filter.dispositions");
  if (dispositions) c.dispositions = dispositions;
  if (filter.readPoints?.length) c.readPoints = filter.readPoints.map((l, i) => locationId(l, `filter.readPoints[${i}]`));
  if (filter.bizLocations?.length) c.bizLocations = filter.bizLocations.map((l, i) => locationId(l, `filter.bizLocations[${i}]`));
  if (filter.from) c.from = filter.from;
  if (filter.to) c.to = filter.to;
  if (filter.recordedFrom) c.recordedFrom = filter.recordedFrom;
  if (filter.recordedTo) c.recordedTo = filter.recordedTo;
  if (filter.bizTransaction) c.bizTransaction = String(filter.bizTransaction);
  if (filter.eventIds?.length) c.eventIds = filter.eventIds;
  return c;
}

/**
 * Events as a reader sees them: whole when it reads everything or its organization captured them; otherwise with
 * the identifiers it may not read left out (a mixed pallet shows each owner its own units only).
 */
function asSeenBy(scope: ReadScope, custodial: ReadonlySet<string>): (row: EventRow) => EventRow {
  if (scope.all) return (row) => row;
  const byKey = identifierReader(scope);
  const mayRead = (identifier: string) => {
    if (byKey(identifier)) return true;
    if (custodial.size === 0) return false;
    try {
      return custodial.has(anyUnitId(identifier));
    } catch {
      return false;
    }
  };
  return (row) =>
    scope.org !== null && row.capturedByOrg === scope.org ? row : { ...row, body: { ...row.body, event: visibleEventBody(row.body.event, mayRead) } };
}

/** False for an aggregation that lost its (hidden) container: EPCIS requires `parentID` for ADD and DELETE. */
/** The length of the registered company prefix that owns an identifier (a canonical Digital Link), if one does. */
function prefixLengthOf(registered: ReadonlySet<string>): (canonicalDigitalLink: string) => number | undefined {
  return (link) => {
    let digits: string | null;
    try {
      digits = companyPrefixDigits(parseCode(link));
    } catch {
      return undefined;
    }
    return digits === null ? undefined : owningCompanyPrefix(digits, registered)?.length;
  };
}

/** A company prefix length the EPC encodings cover, or none. */
function checkPrefixLength(companyPrefixLength: number | null): void {
  if (companyPrefixLength !== null && (!Number.isInteger(companyPrefixLength) || companyPrefixLength < 6 || companyPrefixLength > 12)) {
    throw new BadUserInput("'companyPrefixLength' must be 6 to 12 (the EPC encodings cover those lengths).", { field: "companyPrefixLength" });
  }
}

function exportable(row: EventRow): boolean {
  const event = row.body.event;
  if (event["type"] === "AggregationEvent") return event["action"] === "OBSERVE" || typeof event["parentID"] === "string";
  // A transformation needs inputs and outputs, or its transformationID and one of them: one whose visible side is
  // not enough is left out for the same reason (the `events` query shows it, trimmed).
  if (event["type"] === "TransformationEvent") {
    const some = (...keys: string[]) => keys.some((k) => Array.isArray(event[k]) && (event[k] as unknown[]).length > 0);
    const inputs = some("inputEPCList", "inputQuantityList");
    const outputs = some("outputEPCList", "outputQuantityList");
    return (inputs && outputs) || (typeof event["transformationID"] === "string" && (inputs || outputs));
  }
  return true;
}

/** Reads the event log: filtered pages and EPCIS exports. */
export class EventService {
  private readonly contexts = new Map<string, ReturnType<typeof resolveContext>>();

  constructor(private readonly store: EventStore) {}

  /** A page of events in event-time order (log position breaks ties). */
  async list(args: { first?: number | null; after?: string | null; filter?: EventFilter | null }, scope: ReadScope): Promise<Page<EventType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["time", "bigint"]);
    const criteria = criteriaOf(args.filter ?? {});
    const count = await this.store.count(criteria, scope);
    const rows = await this.seenBy(scope, await this.store.page(criteria, scope, after, size));
    const page = toPage(rows, size, (r) => [r.eventTime.toISOString(), String(r.seq)], count);
    return { ...page, edges: page.edges.map((e) => ({ node: toEventType(e.node), cursor: e.cursor })) };
  }

  /** A page of one unit's own events, in event-time order. */
  unitEvents(unitId: string, args: { first?: number | null; after?: string | null }, scope: ReadScope): Promise<Page<EventType>> {
    return this.list({ ...args, filter: { code: unitId } }, scope);
  }

  /** The matching events as an EPCIS 2.0 document, valid against the schema, identifiers in the chosen form. */
  async export(filter: EventFilter, format: EpcFormatType, companyPrefixLength: number | null, scope: ReadScope): Promise<Record<string, unknown>> {
    checkPrefixLength(companyPrefixLength);
    // An aggregation whose container the reader may not see cannot be written as valid EPCIS without it (ADD and
    // DELETE require parentID), so the export leaves it out; the `events` query shows it without the parent.
    const rows = (await this.seenBy(scope, await this.store.page(criteriaOf(filter), scope, null, MAX_EXPORT_EVENTS))).filter(exportable);
    if (rows.length > MAX_EXPORT_EVENTS) {
      throw new LimitExceeded(`More than ${MAX_EXPORT_EVENTS} events match; narrow the filter (a time window, a business step).`, { limit: MAX_EXPORT_EVENTS });
    }
    return this.document(rows, format, companyPrefixLength, {});
  }

  /**
   * One page of the matching events as an EPCIS 2.0 query document (the REST binding's `/events`), with the cursor
   * of the next page. Aggregations the reader may not see the container of are left out, as in `export`, so a page
   * may hold fewer events than asked for.
   */
  async exportPage(
    args: { filter: EventFilter; first?: number | null; after?: string | null; queryName?: string; subscriptionId?: string; seqs?: string[] },
    format: EpcFormatType,
    companyPrefixLength: number | null,
    scope: ReadScope,
    ownPrefixes: readonly string[] = [],
  ): Promise<{ document: Record<string, unknown>; hasNextPage: boolean; endCursor: string | null; count: number }> {
    checkPrefixLength(companyPrefixLength);
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["time", "bigint"]);
    const criteria = criteriaOf(args.filter);
    if (args.seqs) criteria.seqs = args.seqs;
    const rows = await this.store.page(criteria, scope, after, size);
    const page = toPage(rows, size, (r) => [r.eventTime.toISOString(), String(r.seq)], 0);
    const seen = (await this.seenBy(scope, page.edges.map((e) => e.node))).filter(exportable);
    // Without a length given, identifiers under the caller's own company prefixes are written with those.
    const lengths = companyPrefixLength ?? (ownPrefixes.length ? prefixLengthOf(new Set(ownPrefixes)) : null);
    const document = this.document(seen, format, lengths, {
      documentType: "EPCISQueryDocument",
      queryName: args.queryName ?? "SimpleEventQuery",
      ...(args.subscriptionId ? { subscriptionId: args.subscriptionId } : {}),
    });
    return { document, hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor, count: seen.length };
  }

  private document(rows: EventRow[], format: EpcFormatType, companyPrefixLength: CompanyPrefixLength | null, options: Pick<ExportOptions, "documentType" | "queryName" | "subscriptionId">): Record<string, unknown> {
    try {
      return toEpcisDocument(rows.map((r) => this.toEpcisEvent(r)), {
        ...options,
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

  /** The rows as `scope` sees them (identifiers it may not read left out; units in its custody kept). */
  private async seenBy(scope: ReadScope, rows: EventRow[]): Promise<EventRow[]> {
    if (scope.all) return rows;
    const foreign = rows.filter((r) => scope.org === null || r.capturedByOrg !== scope.org).map((r) => String(r.seq));
    return rows.map(asSeenBy(scope, await this.store.custodialUnits(foreign, scope)));
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
