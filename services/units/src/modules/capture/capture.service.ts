import type { Principal } from "@tracehub/auth";
import {
  EPCIS_CONTEXT_URL,
  type EpcisEvent,
  EpcisError,
  type EpcisValidationIssue,
  documentIgnoreFields,
  eventsOf,
  normalizeEpcisEvent,
  resolveContext,
  validateEpcisDocument,
} from "@tracehub/epcis";
import { BadUserInput, LimitExceeded, ownedKeyOfIdentifier, writeRefusal } from "@tracehub/subgraph-kit";
import type { DataSource, EntityManager } from "typeorm";
import type { UnitState } from "../unit/unit.rules";
import type { UnitStatus } from "../unit/unit.type";
import { type OpenContainment, type PlannedEvent, planCapture } from "./capture.plan";
import { DEFAULT_FUTURE_TOLERANCE_SECONDS, eventTimeProblem } from "./capture.rules";
import { appendToMovementStream } from "../movement/movement.append";

/** What happens to a document with invalid events. */
export enum CaptureErrorBehavior {
  /** All or nothing (EPCIS `rollback`): one invalid event stores none. */
  ROLLBACK = "ROLLBACK",
  /** Store the valid events, report the rest (EPCIS `proceed`). */
  PROCEED = "PROCEED",
}

/** Explicit capture limits. */
export interface CaptureLimits {
  /** Most events in one document. */
  maxEvents: number;
  /** Largest document, as JSON text. */
  maxBytes: number;
  /** Most identifiers (EPCs and quantity classes, in every list of every event) in one document: capture time grows with them. */
  maxIdentifiers: number;
  /** How far ahead of the hub's clock an event time may be (clock skew), in seconds. */
  futureToleranceSeconds: number;
}

/** The limits the hub applies unless configured otherwise. */
export const DEFAULT_CAPTURE_LIMITS: CaptureLimits = {
  maxEvents: 10_000,
  maxBytes: 16 * 1024 * 1024,
  maxIdentifiers: 50_000,
  futureToleranceSeconds: DEFAULT_FUTURE_TOLERANCE_SECONDS,
};

/** The lists of an EPCIS event that name identifiers. */
const IDENTIFIER_LISTS = ["epcList", "childEPCs", "inputEPCList", "outputEPCList", "quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"];

/** How many identifiers the raw events name, counting list entries as they are (before validation). */
function identifierCount(events: readonly unknown[]): number {
  let n = 0;
  for (const event of events) {
    if (!event || typeof event !== "object") continue;
    for (const key of IDENTIFIER_LISTS) {
      const list = (event as Record<string, unknown>)[key];
      if (Array.isArray(list)) n += list.length;
    }
  }
  return n;
}

/** An event refused at capture. */
export interface RejectedEvent {
  eventIndex: number;
  path: string;
  message: string;
}

/** An alert raised by a capture. */
export interface CapturedAlert {
  unitId: string;
  eventId: string;
  kind: string;
  message: string;
}

/** What a capture did. */
export interface CaptureOutcome {
  stored: number;
  duplicates: number;
  rejected: RejectedEvent[];
  /** Ids of the accepted events (stored or duplicate), in document order. */
  eventIds: string[];
  alerts: CapturedAlert[];
}

/** What the hub keeps of each event to re-read, re-hash and export it. */
export interface StoredBody {
  event: Record<string, unknown>;
  context: unknown;
  ignoreFields?: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The JSON path of event `index` in a document, where `eventsOf` finds it. */
function eventPath(document: Record<string, unknown>, index: number): string {
  const body = document["epcisBody"];
  if (!isObject(body)) return "$";
  if (Array.isArray(body["eventList"])) return `$.epcisBody.eventList[${index}]`;
  if (isObject(body["queryResults"])) return `$.epcisBody.queryResults.resultsBody.eventList[${index}]`;
  return "$.epcisBody.event";
}

/** Reads the GTIN and serial out of a canonical SGTIN Digital Link. */
function sgtinParts(id: string): { gtin: string; serial: string } | null {
  const m = /^https:\/\/id\.gs1\.org\/01\/(\d{14})\/21\/([^/?#]+)$/.exec(id);
  if (!m) return null;
  try {
    return { gtin: m[1] as string, serial: decodeURIComponent(m[2] as string) };
  } catch {
    return null;
  }
}

/** Where in an event each GS1 identifier it names sits, as JSON paths inside the event. */
function namedIdentifiers(event: EpcisEvent): { path: string; id: string }[] {
  const out: { path: string; id: string }[] = [];
  const list = (path: string, ids: readonly string[]) => ids.forEach((id, i) => out.push({ path: `${path}[${i}]`, id }));
  const classes = (path: string, items: readonly { epcClass: string }[]) => items.forEach((q, i) => out.push({ path: `${path}[${i}].epcClass`, id: q.epcClass }));
  if (event.parentId) out.push({ path: "parentID", id: event.parentId });
  list("epcList", event.epcList);
  list("childEPCs", event.childEpcs);
  list("inputEPCList", event.inputEpcList);
  list("outputEPCList", event.outputEpcList);
  classes("quantityList", event.quantityList);
  classes("childQuantityList", event.childQuantityList);
  classes("inputQuantityList", event.inputQuantityList);
  classes("outputQuantityList", event.outputQuantityList);
  return out;
}

/**
 * Why `principal` may not capture `event`, or null: every GS1 identifier the event names must be the caller's
 * organization's (by company prefix) or granted to it with CAPTURE; operators capture anything. Identifiers
 * without a GS1 key (private URNs) belong to no one and pass.
 */
function ownershipRefusal(principal: Principal, event: EpcisEvent): { path: string; message: string } | null {
  if (principal.roles.includes("operator")) return null;
  const seen = new Set<string>();
  for (const { path, id } of namedIdentifiers(event)) {
    const key = ownedKeyOfIdentifier(id);
    if (!key) continue;
    const memo = `${key.digits}|${key.gtin ?? ""}`;
    if (seen.has(memo)) continue;
    seen.add(memo);
    const refusal = writeRefusal(principal, key, "CAPTURE");
    if (refusal) return { path, message: `FORBIDDEN: you may not capture events on ${id}: ${refusal}.` };
  }
  return null;
}

/**
 * EPCIS capture: validates a document with @tracehub/epcis, stores new events once (by CBV 2.0 event hash),
 * and in the same transaction indexes the units they touch, moves unit state, records containment and
 * lineage, and raises alerts.
 */
export class CaptureService {
  constructor(
    private readonly ds: DataSource,
    private readonly limits: CaptureLimits = DEFAULT_CAPTURE_LIMITS,
  ) {}

  /** Captures an EPCIS 2.0 document (or query document) sent by a client. */
  async captureDocument(document: unknown, behavior: CaptureErrorBehavior, principal: Principal): Promise<CaptureOutcome> {
    if (!isObject(document)) throw new BadUserInput("'document' must be an EPCIS 2.0 JSON-LD document (a JSON object).", { field: "document" });
    const bytes = Buffer.byteLength(JSON.stringify(document));
    if (bytes > this.limits.maxBytes) {
      throw new LimitExceeded(`The document is ${bytes} bytes; the capture limit is ${this.limits.maxBytes} bytes. Split it.`, { field: "document", limit: this.limits.maxBytes });
    }
    const rawEvents = eventsOf(document);
    if (rawEvents.length > this.limits.maxEvents) {
      throw new LimitExceeded(`The document has ${rawEvents.length} events; the capture limit is ${this.limits.maxEvents} per document. Split it.`, {
        field: "document",
        limit: this.limits.maxEvents,
      });
    }
    const identifiers = identifierCount(rawEvents);
    if (identifiers > this.limits.maxIdentifiers) {
      throw new LimitExceeded(`The document names ${identifiers} identifiers; the capture limit is ${this.limits.maxIdentifiers} per document. Split it.`, {
        field: "document",
        limit: this.limits.maxIdentifiers,
      });
    }
    let issues: EpcisValidationIssue[];
    try {
      issues = validateEpcisDocument(document, { limits: { maxEvents: this.limits.maxEvents, maxBytes: this.limits.maxBytes } }).errors;
    } catch (error) {
      if (error instanceof EpcisError) throw new BadUserInput(`The document was refused: ${error.message}`, { field: "document", epcisCode: error.code });
      throw error;
    }
    const documentLevel = issues.filter((i) => i.eventIndex === undefined);
    if (documentLevel.length) {
      throw new BadUserInput(`The document is not valid EPCIS 2.0: ${documentLevel.map((i) => `${i.path}: ${i.message}`).join("; ")}`, {
        field: "document",
        issues: documentLevel.slice(0, 50),
      });
    }
    if (rawEvents.length === 0) throw new BadUserInput("The document holds no events.", { field: "document" });
    const rejected: RejectedEvent[] = issues.map((i) => ({ eventIndex: i.eventIndex as number, path: i.path, message: i.message }));
    const invalid = new Set(rejected.map((r) => r.eventIndex));
    if (invalid.size && behavior === CaptureErrorBehavior.ROLLBACK) {
      return { stored: 0, duplicates: 0, rejected, eventIds: [], alerts: [] };
    }
    const context = document["@context"];
    const resolved = resolveContext(context);
    const ignoreFields = documentIgnoreFields(document);
    const accepted: { event: EpcisEvent; body: StoredBody }[] = [];
    const now = Date.now();
    rawEvents.forEach((raw, index) => {
      if (invalid.has(index)) return;
      const event = normalizeEpcisEvent(raw as Record<string, unknown>, { context: resolved, ignoreFields });
      const problem = eventTimeProblem(event.eventTime, now, this.limits.futureToleranceSeconds, event.errorDeclaration !== undefined);
      if (problem) {
        rejected.push({ eventIndex: index, path: `${eventPath(document, index)}.eventTime`, message: `eventTime ${problem}.` });
        return;
      }
      const refusal = ownershipRefusal(principal, event);
      if (refusal) {
        rejected.push({ eventIndex: index, path: `${eventPath(document, index)}.${refusal.path}`, message: refusal.message });
        return;
      }
      const eventContext = (raw as Record<string, unknown>)["@context"] ?? context;
      accepted.push({ event, body: { event: raw as Record<string, unknown>, context: eventContext, ...(ignoreFields.length ? { ignoreFields } : {}) } });
    });
    rejected.sort((a, b) => a.eventIndex - b.eventIndex);
    if (rejected.length && behavior === CaptureErrorBehavior.ROLLBACK) return { stored: 0, duplicates: 0, rejected, eventIds: [], alerts: [] };
    if (accepted.length === 0) return { stored: 0, duplicates: 0, rejected, eventIds: [], alerts: [] };
    const outcome = await this.ds.transaction((em) => this.store(em, accepted, principal));
    return { ...outcome, rejected };
  }

  /**
   * Why a command's `eventTime` cannot be stored, as BAD_USER_INPUT naming `field`; returns the time to use
   * (now when none is given).
   */
  checkEventTime(value: Date | null | undefined, field = "eventTime"): Date {
    const time = value ?? new Date();
    const problem = eventTimeProblem(time, Date.now(), this.limits.futureToleranceSeconds);
    if (problem) throw new BadUserInput(`'${field}' ${problem}.`, { field });
    return time;
  }

  /** Captures events the hub built itself (scans, packing), in the standard EPCIS context. */
  captureBuilt(events: Record<string, unknown>[], principal: Principal, em?: EntityManager): Promise<Omit<CaptureOutcome, "rejected">> {
    const resolved = resolveContext(EPCIS_CONTEXT_URL);
    const accepted = events.map((raw) => ({ event: normalizeEpcisEvent(raw, { context: resolved }), body: { event: raw, context: EPCIS_CONTEXT_URL } }));
    const now = Date.now();
    for (const { event } of accepted) {
      const problem = eventTimeProblem(event.eventTime, now, this.limits.futureToleranceSeconds);
      if (problem) throw new BadUserInput(`'eventTime' ${problem}.`, { field: "eventTime" });
    }
    return em ? this.store(em, accepted, principal) : this.ds.transaction((tx) => this.store(tx, accepted, principal));
  }

  /** Stores accepted events and applies them; runs inside the caller's transaction. */
  async store(em: EntityManager, accepted: { event: EpcisEvent; body: StoredBody }[], principal: Principal): Promise<Omit<CaptureOutcome, "rejected">> {
    const keyOf = (e: EpcisEvent) => `${e.hashId}|${e.errorDeclaration !== undefined}`;
    const firstByKey = new Map<string, number>();
    accepted.forEach((a, i) => {
      if (!firstByKey.has(keyOf(a.event))) firstByKey.set(keyOf(a.event), i);
    });
    const unique = [...firstByKey.values()].map((i) => accepted[i] as (typeof accepted)[number]);
    const inserted = await this.insertEvents(em, unique, principal);
    const rowByKey = new Map(inserted.map((r) => [`${r.hash_id}|${r.error_declaration}`, r]));
    const newEvents: PlannedEvent[] = unique.flatMap((a) => {
      const row = rowByKey.get(keyOf(a.event));
      return row ? [{ seq: row.seq, event: a.event, recordTime: row.record_time.toISOString() }] : [];
    });

    // Ids of events that were already stored.
    const missing = unique.filter((a) => !rowByKey.has(keyOf(a.event)));
    const existingIds = new Map<string, string>();
    if (missing.length) {
      const rows = (await em.query(`SELECT "hash_id", "error_declaration", "event_id" FROM "units"."event" WHERE "hash_id" = ANY($1::text[])`, [
        [...new Set(missing.map((a) => a.event.hashId))],
      ])) as { hash_id: string; error_declaration: boolean; event_id: string }[];
      for (const r of rows) existingIds.set(`${r.hash_id}|${r.error_declaration}`, r.event_id);
    }
    // A repeat inside the document is a duplicate of its first copy and answers with the id that copy was stored under.
    const eventIds = accepted.map((a) => {
      const first = accepted[firstByKey.get(keyOf(a.event)) as number] as (typeof accepted)[number];
      return existingIds.get(keyOf(a.event)) ?? first.event.eventId ?? first.event.hashId;
    });
    if (newEvents.length === 0) return { stored: 0, duplicates: accepted.length, eventIds, alerts: [] };

    // Load what the plan needs: every touched unit and everything inside touched containers.
    const touched = [...new Set(newEvents.flatMap(({ event }) => [...event.epcList, ...event.childEpcs, ...event.inputEpcList, ...event.outputEpcList, ...(event.parentId ? [event.parentId] : [])]))];
    const involved = (
      (await em.query(
        `WITH RECURSIVE tree(id, depth) AS (
           SELECT unnest($1::text[]), 0
           UNION
           SELECT a."child_id", t.depth + 1 FROM "units"."aggregation" a JOIN tree t ON a."parent_id" = t.id
           WHERE a."removed_seq" IS NULL AND t.depth < 16)
         SELECT DISTINCT id FROM tree`,
        [touched],
      )) as { id: string }[]
    ).map((r) => r.id);
    const stateRows = (await em.query(
      `SELECT "id", "status", "disposition", "read_point", "biz_location", "parent_id", "commissioned", "last_event_time", "last_effective_time", "expiry"::text AS "expiry", "gtin", "lot"
       FROM "units"."unit" WHERE "id" = ANY($1::text[]) ORDER BY "id" FOR UPDATE`,
      [involved],
    )) as {
      id: string;
      status: string;
      disposition: string | null;
      read_point: string | null;
      biz_location: string | null;
      parent_id: string | null;
      commissioned: boolean;
      last_event_time: Date | null;
      last_effective_time: Date | null;
      expiry: string | null;
      gtin: string | null;
      lot: string | null;
    }[];
    const states = new Map<string, UnitState>(
      stateRows.map((r) => [
        r.id,
        {
          status: r.status as UnitStatus,
          disposition: r.disposition,
          readPoint: r.read_point,
          bizLocation: r.biz_location,
          parentId: r.parent_id,
          commissioned: r.commissioned,
          lastEventTime: r.last_event_time ? r.last_event_time.toISOString() : null,
          lastEffectiveTime: r.last_effective_time ? r.last_effective_time.toISOString() : null,
          expiry: r.expiry,
        },
      ]),
    );
    const openRows = (await em.query(
      `SELECT a."id", a."parent_id", a."child_id", a."added_seq", a."added_time", LEAST(a."added_time", e."record_time") AS "added_effective_time"
       FROM "units"."aggregation" a JOIN "units"."event" e ON e."seq" = a."added_seq" WHERE a."child_id" = ANY($1::text[]) AND a."removed_seq" IS NULL`,
      [involved],
    )) as { id: string; parent_id: string; child_id: string; added_seq: string; added_time: Date; added_effective_time: Date }[];
    const open = new Map<string, OpenContainment>(
      openRows.map((r) => [
        r.child_id,
        { parentId: r.parent_id, addedSeq: r.added_seq, addedTime: r.added_time.toISOString(), addedEffectiveTime: r.added_effective_time.toISOString(), rowId: r.id },
      ]),
    );

    const lots = new Map(stateRows.filter((r) => r.lot).map((r) => [r.id, `${r.gtin ?? ""}/${r.lot}`]));
    const plan = planCapture({ events: newEvents, states, open, lots });
    await this.writePlan(em, plan, states);
    const transactions = newEvents.flatMap(({ seq, event }) => event.bizTransactions.map((t) => ({ seq, type: t.type ?? null, id: t.id })));
    if (transactions.length) {
      await em.query(`INSERT INTO "units"."event_biz_transaction" ("event_seq", "type", "biz_transaction") SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])`, [
        transactions.map((t) => t.seq),
        transactions.map((t) => t.type),
        transactions.map((t) => t.id),
      ]);
    }
    await appendToMovementStream(em, plan.stream);
    const eventIdBySeq = new Map(newEvents.map((e) => [e.seq, e.event.eventId ?? e.event.hashId]));
    return {
      stored: newEvents.length,
      duplicates: accepted.length - newEvents.length,
      eventIds,
      alerts: plan.alerts.map((a) => ({ unitId: a.unitId, eventId: eventIdBySeq.get(a.seq) as string, kind: a.kind, message: a.message })),
    };
  }

  private async insertEvents(
    em: EntityManager,
    events: { event: EpcisEvent; body: StoredBody }[],
    principal: Principal,
  ): Promise<{ seq: string; hash_id: string; error_declaration: boolean; record_time: Date }[]> {
    const col = <T>(f: (e: EpcisEvent, b: StoredBody) => T) => events.map(({ event, body }) => f(event, body));
    return em.query(
      `INSERT INTO "units"."event" ("event_id", "hash_id", "type", "action", "biz_step", "disposition", "read_point", "biz_location",
         "event_time", "event_time_zone_offset", "error_declaration", "captured_by", "captured_by_org", "body")
       SELECT e, h, ty, ac, bs, di, rp, bl, et, tz, ed, $12, $13, bo
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::timestamptz[], $10::text[], $11::boolean[], $14::jsonb[]) AS t(e, h, ty, ac, bs, di, rp, bl, et, tz, ed, bo)
       ON CONFLICT ("hash_id", "error_declaration") DO NOTHING RETURNING "seq", "hash_id", "error_declaration", "record_time"`,
      [
        col((e) => e.eventId ?? e.hashId),
        col((e) => e.hashId),
        col((e) => e.type),
        col((e) => e.action ?? null),
        col((e) => e.bizStep ?? null),
        col((e) => e.disposition ?? null),
        col((e) => e.readPoint?.id ?? null),
        col((e) => e.bizLocation?.id ?? null),
        col((e) => e.eventTime),
        col((e) => e.eventTimeZoneOffset),
        col((e) => e.errorDeclaration !== undefined),
        principal.sub ?? "anonymous",
        principal.org,
        col((_e, b) => JSON.stringify(b)),
      ],
    );
  }

  private async writePlan(em: EntityManager, plan: ReturnType<typeof planCapture>, before: Map<string, UnitState>): Promise<void> {
    const units = [...plan.states.entries()];
    if (units.length) {
      const parts = units.map(([id]) => sgtinParts(id));
      await em.query(
        `INSERT INTO "units"."unit" ("id", "kind", "gtin", "serial", "lot", "expiry", "status", "disposition", "read_point", "biz_location",
           "parent_id", "commissioned", "commissioned_at", "last_event_time", "last_effective_time", "production_date", "updated_at")
         SELECT id, kind, gtin, serial, lot, expiry, status, disposition, rp, bl, parent, commissioned, commissioned_at, last_time, effective_time, production_date, now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[],
           $11::text[], $12::boolean[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[], $16::date[])
           AS t(id, kind, gtin, serial, lot, expiry, status, disposition, rp, bl, parent, commissioned, commissioned_at, last_time, effective_time, production_date)
         ON CONFLICT ("id") DO UPDATE SET
           "lot" = COALESCE(EXCLUDED."lot", "unit"."lot"), "expiry" = COALESCE(EXCLUDED."expiry", "unit"."expiry"),
           "production_date" = COALESCE(EXCLUDED."production_date", "unit"."production_date"), "last_effective_time" = EXCLUDED."last_effective_time",
           "status" = EXCLUDED."status", "disposition" = EXCLUDED."disposition", "read_point" = EXCLUDED."read_point",
           "biz_location" = EXCLUDED."biz_location", "parent_id" = EXCLUDED."parent_id", "commissioned" = EXCLUDED."commissioned",
           "commissioned_at" = COALESCE("unit"."commissioned_at", EXCLUDED."commissioned_at"),
           "last_event_time" = EXCLUDED."last_event_time", "updated_at" = now()`,
        [
          units.map(([id]) => id),
          units.map(([id]) => (sgtinParts(id) ? "sgtin" : /^https:\/\/id\.gs1\.org\/00\//.test(id) ? "sscc" : "other")),
          parts.map((p) => p?.gtin ?? null),
          parts.map((p) => p?.serial ?? null),
          units.map(([id]) => plan.masterData.get(id)?.lot ?? null),
          units.map(([id, s]) => plan.masterData.get(id)?.expiry ?? s.expiry),
          units.map(([, s]) => s.status),
          units.map(([, s]) => s.disposition),
          units.map(([, s]) => s.readPoint),
          units.map(([, s]) => s.bizLocation),
          units.map(([, s]) => s.parentId),
          units.map(([, s]) => s.commissioned),
          units.map(([id, s]) => (s.commissioned && !before.get(id)?.commissioned ? s.lastEventTime : null)),
          units.map(([, s]) => s.lastEventTime),
          units.map(([, s]) => s.lastEffectiveTime),
          units.map(([id]) => plan.masterData.get(id)?.productionDate ?? null),
        ],
      );
    }
    if (plan.index.length) {
      await em.query(
        `INSERT INTO "units"."event_unit" ("unit_id", "event_seq", "role") SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[]) ON CONFLICT DO NOTHING`,
        [plan.index.map((r) => r.unitId), plan.index.map((r) => r.seq), plan.index.map((r) => r.role)],
      );
    }
    if (plan.newContainment.length) {
      const rows = plan.newContainment;
      await em.query(
        `INSERT INTO "units"."aggregation" ("parent_id", "child_id", "added_seq", "added_time", "removed_seq", "removed_time")
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[], $5::bigint[], $6::timestamptz[])`,
        [rows.map((r) => r.parentId), rows.map((r) => r.childId), rows.map((r) => r.addedSeq), rows.map((r) => r.addedTime), rows.map((r) => r.removedSeq), rows.map((r) => r.removedTime)],
      );
    }
    if (plan.closedContainment.length) {
      const rows = plan.closedContainment;
      await em.query(
        `UPDATE "units"."aggregation" a SET "removed_seq" = t.seq, "removed_time" = t.at
         FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[]) AS t(id, seq, at) WHERE a."id" = t.id`,
        [rows.map((r) => r.rowId), rows.map((r) => r.removedSeq), rows.map((r) => r.removedTime)],
      );
    }
    if (plan.transformations.length) {
      const rows = plan.transformations;
      await em.query(
        `INSERT INTO "units"."transformation_link" ("input_id", "output_id", "event_seq") SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT DO NOTHING`,
        [rows.map((r) => r.inputId), rows.map((r) => r.outputId), rows.map((r) => r.seq)],
      );
    }
    if (plan.alerts.length) {
      const rows = plan.alerts;
      await em.query(`INSERT INTO "units"."alert" ("unit_id", "event_seq", "kind", "message") SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[])`, [
        rows.map((r) => r.unitId),
        rows.map((r) => r.seq),
        rows.map((r) => r.kind),
        rows.map((r) => r.message),
      ]);
    }
  }
}
