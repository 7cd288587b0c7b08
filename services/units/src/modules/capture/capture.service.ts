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
import { companyPrefixDigits, readCanonicalId } from "@tracehub/gs1";
import { BadUserInput, LimitExceeded, ownedKeyOfIdentifier, writeRefusal } from "@tracehub/subgraph-kit";
import type { DataSource, EntityManager } from "typeorm";
import { type HandOver, type StreamCustody, custodyChanges, streamCustody } from "../custody/custody.rules";
import type { CustodyStore } from "../custody/custody.store";
import type { StoredBody } from "../event/event.store";
import { type UnitState, unitKind } from "../unit/unit.rules";
import { type CapturePlan, type PlannedEvent, type StreamEntry, planCapture } from "./capture.plan";
import { DEFAULT_FUTURE_TOLERANCE_SECONDS, eventTimeProblem } from "./capture.rules";
import type { CaptureStore, UnitWrite } from "./capture.store";
import { CaptureReason } from "./capture.errors";

/**
 * Appends a capture's stream entries to the movement stream, inside the capture transaction, as its last write.
 * The movement module provides it; capture does not depend on the stream.
 */
export type StreamAppender = (em: EntityManager, entries: readonly (StreamEntry & { custody: StreamCustody })[]) => Promise<void>;

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

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The JSON path of event `index` in a document, where `eventsOf` finds it. */
function eventPath(document: Record<string, unknown>, index: number): string {
  const body = document["epcisBody"];
  if (!isObject(body)) return "$";
  if (Array.isArray(body["eventList"])) return `$.epcisBody.eventList[${index}]`;
  if (isObject(body["queryResults"])) return `$.epcisBody.queryResults.resultsBody.eventList[${index}]`;
  return "$.epcisBody.event";
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

/** The units one new event touched (those it named, and what was inside a container it moved). */
export interface TouchedByEvent {
  seq: string;
  units: string[];
  /** CBV short name, or null. */
  bizStep: string | null;
  errorDeclaration: boolean;
}

/**
 * EPCIS capture: validates a document with @tracehub/epcis, stores new events once (by CBV 2.0 event hash),
 * and in the same transaction indexes the units they touch, moves unit state, records containment and
 * lineage, and raises alerts.
 */
export class CaptureService {
  constructor(
    private readonly ds: DataSource,
    private readonly store: CaptureStore,
    private readonly appendToStream: StreamAppender,
    private readonly custody: CustodyStore,
    private readonly limits: CaptureLimits = DEFAULT_CAPTURE_LIMITS,
  ) {}

  private commissionedHook: ((em: EntityManager, unitIds: string[]) => Promise<void>) | null = null;

  /**
   * Registers what runs, inside the capture's transaction and after it applied, on the units a capture commissioned
   * (recall/ marks those an issued recall covers). Set once, at start-up: the recall module depends on capture, not
   * the other way round.
   */
  onCommissioned(hook: (em: EntityManager, unitIds: string[]) => Promise<void>): void {
    this.commissionedHook = hook;
  }

  private storedHook: ((count: number) => void) | null = null;

  /** Registers what learns how many new events each capture wrote (the `tracehub_capture_events_total` counter). */
  onStored(hook: (count: number) => void): void {
    this.storedHook = hook;
  }

  private touchedHook: ((em: EntityManager, touched: TouchedByEvent[]) => Promise<void>) | null = null;

  /**
   * Registers what runs, inside the capture's transaction and after it applied, on the units each new event touched
   * (hold/ raises the alerts of units on hold that moved). Set once, at start-up.
   */
  onTouched(hook: (em: EntityManager, touched: TouchedByEvent[]) => Promise<void>): void {
    this.touchedHook = hook;
  }

  /**
   * Checks what can be checked of a document before reading its events: a JSON object within the byte, event and
   * identifier limits. Answers its raw events; throws BAD_USER_INPUT or LIMIT_EXCEEDED (CAPTURE_TOO_LARGE).
   */
  admit(document: unknown): unknown[] {
    if (!isObject(document)) throw new BadUserInput("'document' must be an EPCIS 2.0 JSON-LD document (a JSON object).", { field: "document" });
    const bytes = Buffer.byteLength(JSON.stringify(document));
    if (bytes > this.limits.maxBytes) {
      throw new LimitExceeded(
        `The document is ${bytes} bytes; the capture limit is ${this.limits.maxBytes} bytes. Split it.`,
        { field: "document", limit: this.limits.maxBytes },
        CaptureReason.CAPTURE_TOO_LARGE,
      );
    }
    const rawEvents = eventsOf(document);
    if (rawEvents.length > this.limits.maxEvents) {
      throw new LimitExceeded(`The document has ${rawEvents.length} events; the capture limit is ${this.limits.maxEvents} per document. Split it.`, {
        field: "document",
        limit: this.limits.maxEvents,
      }, CaptureReason.CAPTURE_TOO_LARGE);
    }
    const identifiers = identifierCount(rawEvents);
    if (identifiers > this.limits.maxIdentifiers) {
      throw new LimitExceeded(`The document names ${identifiers} identifiers; the capture limit is ${this.limits.maxIdentifiers} per document. Split it.`, {
        field: "document",
        limit: this.limits.maxIdentifiers,
      }, CaptureReason.CAPTURE_TOO_LARGE);
    }
    return rawEvents;
  }

  /** Captures an EPCIS 2.0 document (or query document) sent by a client. */
  async captureDocument(document: unknown, behavior: CaptureErrorBehavior, principal: Principal): Promise<CaptureOutcome> {
    const rawEvents = this.admit(document);
    if (!isObject(document)) throw new BadUserInput("'document' must be an EPCIS 2.0 JSON-LD document (a JSON object).", { field: "document" });
    let issues: EpcisValidationIssue[];
    try {
      issues = validateEpcisDocument(document, { limits: { maxEvents: this.limits.maxEvents, maxBytes: this.limits.maxBytes } }).errors;
    } catch (error) {
      if (error instanceof EpcisError) throw new BadUserInput(`The document was refused: ${error.message}`, { field: "document", epcisCode: error.code }, CaptureReason.EPCIS_DOCUMENT_INVALID);
      throw error;
    }
    const documentLevel = issues.filter((i) => i.eventIndex === undefined);
    if (documentLevel.length) {
      throw new BadUserInput(`The document is not valid EPCIS 2.0: ${documentLevel.map((i) => `${i.path}: ${i.message}`).join("; ")}`, {
        field: "document",
        issues: documentLevel.slice(0, 50),
      }, CaptureReason.EPCIS_DOCUMENT_INVALID);
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
    const outcome = await this.ds.transaction((em) => this.storeAccepted(em, accepted, principal));
    return { ...outcome, rejected };
  }

  /**
   * Why a command's `eventTime` cannot be stored, as BAD_USER_INPUT naming `field`; returns the time to use
   * (now when none is given).
   */
  checkEventTime(value: Date | null | undefined, field = "eventTime"): Date {
    const time = value ?? new Date();
    const problem = eventTimeProblem(time, Date.now(), this.limits.futureToleranceSeconds);
    if (problem) throw new BadUserInput(`'${field}' ${problem}.`, { field }, CaptureReason.EVENT_TIME_OUT_OF_RANGE);
    return time;
  }

  /** Captures events the hub built itself (scans, packing), in the standard EPCIS context. */
  captureBuilt(events: Record<string, unknown>[], principal: Principal, em?: EntityManager): Promise<Omit<CaptureOutcome, "rejected">> {
    const resolved = resolveContext(EPCIS_CONTEXT_URL);
    const accepted = events.map((raw) => ({ event: normalizeEpcisEvent(raw, { context: resolved }), body: { event: raw, context: EPCIS_CONTEXT_URL } }));
    const now = Date.now();
    for (const { event } of accepted) {
      const problem = eventTimeProblem(event.eventTime, now, this.limits.futureToleranceSeconds);
      if (problem) throw new BadUserInput(`'eventTime' ${problem}.`, { field: "eventTime" }, CaptureReason.EVENT_TIME_OUT_OF_RANGE);
    }
    return em ? this.storeAccepted(em, accepted, principal) : this.ds.transaction((tx) => this.storeAccepted(tx, accepted, principal));
  }

  /** Stores accepted events and applies them; runs inside the caller's transaction. */
  async storeAccepted(em: EntityManager, accepted: { event: EpcisEvent; body: StoredBody }[], principal: Principal): Promise<Omit<CaptureOutcome, "rejected">> {
    const keyOf = (e: EpcisEvent) => `${e.hashId}|${e.errorDeclaration !== undefined}`;
    const firstByKey = new Map<string, number>();
    accepted.forEach((a, i) => {
      if (!firstByKey.has(keyOf(a.event))) firstByKey.set(keyOf(a.event), i);
    });
    const unique = [...firstByKey.values()].map((i) => accepted[i] as (typeof accepted)[number]);
    const inserted = await this.store.insertEvents(em, unique, principal.sub ?? "anonymous", principal.org);
    const rowByKey = new Map(inserted.map((r) => [`${r.hash_id}|${r.error_declaration}`, r]));
    const newEvents: PlannedEvent[] = unique.flatMap((a) => {
      const row = rowByKey.get(keyOf(a.event));
      return row ? [{ seq: row.seq, event: a.event, recordTime: row.record_time.toISOString() }] : [];
    });

    // Ids of events that were already stored.
    const missing = unique.filter((a) => !rowByKey.has(keyOf(a.event)));
    const existingIds = new Map<string, string>();
    if (missing.length) {
      const rows = await this.store.storedIds(em, [...new Set(missing.map((a) => a.event.hashId))]);
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
    if (this.commissionedHook) {
      // What this capture may commission (ObjectEvent ADD, transformation outputs): its GTINs' commissioning locks come
      // before any unit row lock, in the same order as commissioning and recall marking take them.
      const commissioning = newEvents.flatMap(({ event }) => [...(event.action === "ADD" ? event.epcList : []), ...event.outputEpcList]);
      const gtins = commissioning.map((id) => readCanonicalId(id, { checkValues: false })).flatMap((r) => (r?.kind === "sgtin" && r.gtin ? [r.gtin] : []));
      if (gtins.length) await this.store.lockCommissioning(em, gtins);
    }
    const involved = await this.store.withContents(em, touched);
    const stateRows = await this.store.lockStates(em, involved);
    const states = new Map<string, UnitState>(
      stateRows.map((r) => [
        r.id,
        {
          status: r.status,
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
    const open = await this.store.openContainment(em, involved);

    const lots = new Map(stateRows.filter((r) => r.lot).map((r) => [r.id, `${r.gtin ?? ""}/${r.lot}`]));
    const plan = planCapture({ events: newEvents, states, open, lots });
    const writes = unitWrites(plan, states);
    await this.store.writePlan(em, plan, writes);
    const handOvers = handOversOf(newEvents, plan);
    // Custody of the units the batch touched that existed before it (new units have none yet), for hand-overs and
    // for the stream (a receiver follows the units in its custody live).
    const known = [...new Set([...plan.stream.flatMap((s) => s.units), ...handOvers.flatMap((h) => h.units)])].filter((id) => !plan.created.has(id));
    const openCustody = known.length ? await this.custody.open(em, known) : [];
    if (handOvers.length) await this.custody.write(em, custodyChanges(handOvers, openCustody));
    const custodyBySeq = streamCustody(plan.stream, handOvers, openCustody);
    await this.store.insertTransactions(
      em,
      newEvents.flatMap(({ seq, event }) => event.bizTransactions.map((t) => ({ seq, type: t.type ?? null, id: t.id }))),
    );
    await this.appendToStream(
      em,
      plan.stream.map((s) => ({ ...s, custody: custodyBySeq.get(s.seq) ?? {} })),
    );
    if (this.touchedHook && plan.stream.length) {
      const bySeq = new Map(newEvents.map((e) => [e.seq, e.event]));
      await this.touchedHook(
        em,
        plan.stream.map((s) => {
          const event = bySeq.get(s.seq);
          return { seq: s.seq, units: s.units, bizStep: event?.bizStep ?? null, errorDeclaration: event?.errorDeclaration !== undefined };
        }),
      );
    }
    const commissioned = writes.filter((w) => w.commissionedAt !== null).map((w) => w.id);
    if (commissioned.length && this.commissionedHook) await this.commissionedHook(em, commissioned);
    const eventIdBySeq = new Map(newEvents.map((e) => [e.seq, e.event.eventId ?? e.event.hashId]));
    this.storedHook?.(newEvents.length);
    return {
      stored: newEvents.length,
      duplicates: accepted.length - newEvents.length,
      eventIds,
      alerts: plan.alerts.map((a) => ({ unitId: a.unitId, eventId: eventIdBySeq.get(a.seq) as string, kind: a.kind, message: a.message })),
    };
  }
}

/**
 * The hand-overs among new events: those naming destination parties or locations (CBV owning party, possessing
 * party, location) by GLN, with every unit each touched (what it named and what was inside it).
 */
function handOversOf(events: readonly PlannedEvent[], plan: CapturePlan): HandOver[] {
  const unitsBySeq = new Map(plan.stream.map((s) => [s.seq, s.units]));
  const out: HandOver[] = [];
  for (const { seq, event } of events) {
    if (event.errorDeclaration !== undefined || event.destinations.length === 0) continue;
    const glns = event.destinations.map((d) => readCanonicalId(d.id, { checkValues: false })?.gln).filter((g): g is string => g !== undefined);
    const units = unitsBySeq.get(seq) ?? [];
    if (glns.length && units.length) out.push({ seq, eventTime: event.eventTime, glns, units });
  }
  return out;
}

/** The unit rows a plan writes: each changed unit's final state, identity and master data. */
function unitWrites(plan: CapturePlan, before: Map<string, UnitState>): UnitWrite[] {
  return [...plan.states.entries()].map(([id, s]) => {
    // Hub ids are canonical (capture normalized them): reading their shape is enough.
    const read = readCanonicalId(id, { checkValues: false });
    const parts = read?.kind === "sgtin" ? read : undefined;
    const master = plan.masterData.get(id);
    return {
      id,
      kind: unitKind(id),
      keyDigits: read ? companyPrefixDigits(read) : null,
      gtin: parts?.gtin ?? null,
      serial: parts?.serial ?? null,
      lot: master?.lot ?? null,
      expiry: master?.expiry ?? s.expiry,
      productionDate: master?.productionDate ?? null,
      status: s.status,
      disposition: s.disposition,
      readPoint: s.readPoint,
      bizLocation: s.bizLocation,
      parentId: s.parentId,
      commissioned: s.commissioned,
      commissionedAt: s.commissioned && !before.get(id)?.commissioned ? s.lastEventTime : null,
      lastEventTime: s.lastEventTime,
      lastEffectiveTime: s.lastEffectiveTime,
    };
  });
}
