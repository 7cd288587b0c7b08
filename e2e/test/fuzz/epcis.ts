import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { dateTimeArb } from "./operations";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

/** The official EPCIS 2.0 examples (as the units conformance test finds them), schema-valid or not. */
export function officialExamples(): { name: string; document: Json }[] {
  const dir = path.resolve(__dirname, "../../../../shared/conformance/epcis/examples");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jsonld") || f.endsWith(".json"))
    .sort()
    .map((name) => ({ name, document: JSON.parse(readFileSync(path.join(dir, name), "utf8")) as Json }));
}

/** A document around these events. */
export function epcisDocument(events: JsonObject[]): JsonObject {
  return { "@context": [CONTEXT], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-01-01T00:00:00Z", epcisBody: { eventList: events } };
}

/**
 * Small valid documents on the hub's own units, one per event type: observe, commission new serials, pack into
 * a pallet, a transaction, a transformation, a destruction. `at` is a time the hub accepts (the recent past).
 */
export function handMadeDocuments(units: string[], gtin: string, at: string): JsonObject[] {
  const [a = "", b = "", c = ""] = units;
  const base = { eventTime: at, eventTimeZoneOffset: "+00:00" };
  const pallet = "urn:epc:id:sscc:9506000.0000000123";
  return [
    epcisDocument([{ type: "ObjectEvent", ...base, action: "OBSERVE", epcList: [a], bizStep: "inspecting", readPoint: { id: "urn:epc:id:sgln:9506000.13435.0" } }]),
    epcisDocument([
      { type: "ObjectEvent", ...base, action: "ADD", epcList: [`https://id.gs1.org/01/${gtin}/21/FUZZ-1`, `https://id.gs1.org/01/${gtin}/21/FUZZ-2`], bizStep: "commissioning", disposition: "active", ilmd: { "cbvmda:lotNumber": "FZ1" } },
    ]),
    epcisDocument([{ type: "AggregationEvent", ...base, action: "ADD", parentID: pallet, childEPCs: [a, b], bizStep: "packing", disposition: "in_progress" }]),
    epcisDocument([
      { type: "TransactionEvent", ...base, action: "ADD", epcList: [c], bizTransactionList: [{ type: "po", bizTransaction: "urn:epcglobal:cbv:bt:9506000134352:PO-1" }], bizStep: "shipping", disposition: "in_transit" },
    ]),
    epcisDocument([{ type: "TransformationEvent", ...base, inputEPCList: [b], outputEPCList: [`https://id.gs1.org/01/${gtin}/21/FUZZ-T1`], bizStep: "transforming" }]),
    epcisDocument([
      { type: "ObjectEvent", ...base, action: "OBSERVE", epcList: [a], bizStep: "shipping", disposition: "in_transit" },
      { type: "ObjectEvent", ...base, eventTime: at.replace(/:00(\.\d+)?Z$/, ":30Z"), action: "DELETE", epcList: [c], bizStep: "destroying", disposition: "destroyed" },
    ]),
  ];
}

/** One change to a document. Indices are taken modulo what the document has, so every mutation applies. */
export type Mutation =
  | { kind: "remove"; at: number }
  | { kind: "retype"; at: number; value: Json }
  | { kind: "identifier"; event: number; slot: number; value: string }
  | { kind: "time"; event: number; field: string; value: Json }
  | { kind: "duplicateEvent"; event: number; to: number }
  | { kind: "bigList"; event: number; length: number; item: string; distinct: boolean }
  | { kind: "repeatEvents"; event: number; times: number }
  | { kind: "deep"; event: number; depth: number; arrays: boolean }
  | { kind: "extension"; event: number; value: Json }
  | { kind: "string"; at: number; value: string }
  | { kind: "eventType"; event: number; type: Json; action: Json }
  | { kind: "envelope"; change: number };

/** Mutations, from a field removed to a list of thousands of EPCs or a thousand levels of nesting. */
export function mutationArb(identifiers: fc.Arbitrary<string>): fc.Arbitrary<Mutation> {
  const wrong = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
    fc.constantFrom<Json>(1e308, -1, 0, true, "", [], {}, [null], "x".repeat(5_000)),
  );
  const at = fc.nat();
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("remove" as const), at }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("retype" as const), at, value: wrong }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("identifier" as const), event: at, slot: at, value: identifiers }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant("time" as const),
        event: at,
        field: fc.constantFrom("eventTime", "eventTime", "recordTime", "eventTimeZoneOffset", "declarationTime", "creationDate"),
        value: fc.oneof(dateTimeArb() as fc.Arbitrary<Json>, fc.constantFrom<Json>("+14:01", "-25:00", "Z", "+00:00", "00:00")),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("duplicateEvent" as const), event: at, to: at }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant("bigList" as const), event: at, length: fc.oneof(fc.integer({ min: 2, max: 50 }), fc.integer({ min: 500, max: 3_000 })), item: identifiers, distinct: fc.boolean() }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("repeatEvents" as const), event: at, times: fc.oneof(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 100, max: 400 })) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("deep" as const), event: at, depth: fc.oneof(fc.integer({ min: 2, max: 64 }), fc.integer({ min: 500, max: 3_000 })), arrays: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("extension" as const), event: at, value: extensionValueArb() }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("string" as const),
        at,
        value: fc.oneof(fc.constantFrom("\u0000", "a\u0000", "\ud800", "😀", "", " ", "%", "'", "\\", "urn:", "https://"), fc.string({ unit: "binary", maxLength: 12 })),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("eventType" as const),
        event: at,
        type: fc.constantFrom<Json>("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent", "QuantityEvent", "Event", "", null, 1),
        action: fc.constantFrom<Json>("ADD", "OBSERVE", "DELETE", "add", "", null, "REMOVE"),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("envelope" as const), change: fc.nat({ max: 9 }) }) },
  );
}

/** Characters that storage or JSON handling may choke on: NUL (PostgreSQL jsonb refuses it), lone surrogates, a BOM. */
const HAZARDS = ["\u0000", "\ud800", "\udfff", "\ufeff", "\u001d", "\\", '"'];

/** A user extension's value as a careless system writes it: text with a hazard inside, or such text as a key. */
function extensionValueArb(): fc.Arbitrary<Json> {
  const hazardous = fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom(...HAZARDS), fc.string({ maxLength: 6 })).map(([a, h, b]) => a + h + b);
  return fc.oneof(
    hazardous,
    hazardous.map((key): Json => ({ [key]: "value" })),
    fc.array(hazardous, { minLength: 1, maxLength: 3 }),
  );
}

type Container = JsonObject | Json[];
const isContainer = (node: Json): node is Container => node !== null && typeof node === "object";

/**
 * A deep copy of a document. Iterative, like {@link slots}: documents are nested thousands of levels deep on
 * purpose, deeper than recursion (structuredClone included) survives in a test worker.
 */
function clone<T extends Json>(value: T): T {
  const copy = (node: Json): Json => (Array.isArray(node) ? [...node] : isContainer(node) ? { ...node } : node);
  const top = copy(value);
  const stack: Container[] = isContainer(top) ? [top] : [];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const record = node as Record<string | number, Json>;
    for (const key of Object.keys(record)) {
      const child = copy(record[key] as Json);
      record[key] = child;
      if (isContainer(child)) stack.push(child);
    }
  }
  return top as T;
}

/** Every place in a document a value sits: the containing object or array and the key. */
function slots(root: Json): { parent: Container; key: string | number }[] {
  const out: { parent: Container; key: string | number }[] = [];
  const stack: Container[] = isContainer(root) ? [root] : [];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const children: { parent: Container; key: string | number }[] = Array.isArray(node) ? node.map((_, i) => ({ parent: node as Container, key: i })) : Object.keys(node).map((key) => ({ parent: node as Container, key }));
    out.push(...children);
    for (const child of children.reverse()) {
      const value = (child.parent as Record<string | number, Json>)[child.key] as Json;
      if (isContainer(value)) stack.push(value);
    }
  }
  return out;
}

function eventList(document: Json): JsonObject[] | null {
  const body = document && typeof document === "object" && !Array.isArray(document) ? document.epcisBody : undefined;
  const list = body && typeof body === "object" && !Array.isArray(body) ? (body.eventList ?? body.queryResults) : undefined;
  return Array.isArray(list) ? (list.filter((e) => e && typeof e === "object" && !Array.isArray(e)) as JsonObject[]) : null;
}

function rawEventList(document: Json): Json[] | null {
  const body = document && typeof document === "object" && !Array.isArray(document) ? document.epcisBody : undefined;
  const list = body && typeof body === "object" && !Array.isArray(body) ? body.eventList : undefined;
  return Array.isArray(list) ? list : null;
}

/** The identifier slots of an event: its EPC lists, parent, classes, read point, location, sources, transactions. */
function identifierSlots(event: JsonObject): { parent: JsonObject | Json[]; key: string | number }[] {
  const out: { parent: JsonObject | Json[]; key: string | number }[] = [];
  for (const list of ["epcList", "childEPCs", "inputEPCList", "outputEPCList"]) {
    const value = event[list];
    if (Array.isArray(value)) value.forEach((_, i) => out.push({ parent: value, key: i }));
  }
  if ("parentID" in event) out.push({ parent: event, key: "parentID" });
  for (const [list, key] of [
    ["quantityList", "epcClass"],
    ["childQuantityList", "epcClass"],
    ["sourceList", "source"],
    ["destinationList", "destination"],
    ["bizTransactionList", "bizTransaction"],
  ] as const) {
    const value = event[list];
    if (Array.isArray(value)) for (const item of value) if (item && typeof item === "object" && !Array.isArray(item)) out.push({ parent: item, key });
  }
  for (const key of ["readPoint", "bizLocation"]) {
    const value = event[key];
    if (value && typeof value === "object" && !Array.isArray(value)) out.push({ parent: value, key: "id" });
  }
  return out;
}

function set(slot: { parent: JsonObject | Json[]; key: string | number }, value: Json): void {
  (slot.parent as Record<string | number, Json>)[slot.key] = value;
}

function nested(depth: number, arrays: boolean): Json {
  let value: Json = "bottom";
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { "example:level": value };
  return value;
}

/**
 * Most values (strings, numbers, list items, ...) a mutated document may hold. Capture time grows with the
 * number of EPCs, not the number of events: on a busy 2-core machine a document of 345,000 EPCs (1 MB, well
 * within the capture limits) took over 60 s. This suite stays bounded; that cost is a finding of its own.
 */
const MAX_DOCUMENT_VALUES = 20_000;

function size(value: Json): number {
  return slots(value).length;
}

/** Applies mutations to a copy of a document. */
export function mutate(original: Json, mutations: readonly Mutation[]): Json {
  let document = clone(original);
  for (const m of mutations) {
    const events = eventList(document) ?? [];
    const event = events.length ? events[("event" in m ? m.event : 0) % events.length] : undefined;
    switch (m.kind) {
      case "remove": {
        const all = slots(document);
        const slot = all[m.at % Math.max(all.length, 1)];
        if (slot && Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
        else if (slot) delete (slot.parent as JsonObject)[slot.key as string];
        break;
      }
      case "retype": {
        const all = slots(document);
        const slot = all[m.at % Math.max(all.length, 1)];
        if (slot) set(slot, m.value);
        break;
      }
      case "string": {
        const all = slots(document).filter((s) => typeof (s.parent as Record<string | number, Json>)[s.key] === "string");
        const slot = all[m.at % Math.max(all.length, 1)];
        if (slot) {
          const current = (slot.parent as Record<string | number, Json>)[slot.key] as string;
          const i = current.length ? m.at % current.length : 0;
          set(slot, current.slice(0, i) + m.value + current.slice(i));
        }
        break;
      }
      case "identifier": {
        if (!event) break;
        const all = identifierSlots(event);
        const slot = all[m.slot % Math.max(all.length, 1)];
        if (slot) set(slot, m.value);
        else event.epcList = [m.value];
        break;
      }
      case "time": {
        if (m.field === "creationDate") {
          if (document && typeof document === "object" && !Array.isArray(document)) document.creationDate = m.value;
        } else if (m.field === "declarationTime") {
          if (event) event.errorDeclaration = { declarationTime: m.value, reason: "incorrect_data" };
        } else if (event) {
          event[m.field] = m.value;
        }
        break;
      }
      case "duplicateEvent": {
        const raw = rawEventList(document);
        if (event && raw && size(document) + size(event) <= MAX_DOCUMENT_VALUES) raw.splice(m.to % (raw.length + 1), 0, clone(event));
        break;
      }
      case "bigList": {
        if (!event) break;
        const key = event.type === "AggregationEvent" ? "childEPCs" : event.type === "TransformationEvent" ? "inputEPCList" : "epcList";
        // Long items are cut: thousands of 20,000-character strings would only test the body limit.
        const item = m.item.slice(0, 100);
        const length = Math.max(0, Math.min(m.length, MAX_DOCUMENT_VALUES - size(document)));
        event[key] = Array.from({ length }, (_, i) => (m.distinct ? `${item}${i}` : item));
        break;
      }
      case "repeatEvents": {
        const raw = rawEventList(document);
        if (!event || !raw) break;
        const times = Math.min(m.times, Math.floor((MAX_DOCUMENT_VALUES - size(document)) / (size(event) + 1)));
        for (let i = 0; i < times; i++) raw.push(clone(event));
        break;
      }
      case "deep": {
        if (!event) break;
        event["example:deep"] = nested(m.depth, m.arrays);
        break;
      }
      case "extension": {
        // A namespaced user extension, its prefix declared in the context as EPCIS 2.0 asks.
        if (!event || !document || typeof document !== "object" || Array.isArray(document)) break;
        const context = document["@context"];
        document["@context"] = [...(Array.isArray(context) ? context : context === undefined ? [] : [context]), { fuzz: "https://fuzz.example/epcis/" }];
        event["fuzz:note"] = m.value;
        break;
      }
      case "eventType": {
        if (!event) break;
        event.type = m.type;
        event.action = m.action;
        break;
      }
      case "envelope": {
        if (!document || typeof document !== "object" || Array.isArray(document)) break;
        const changes: ((d: JsonObject) => Json)[] = [
          (d) => ({ ...d, "@context": "https://example.com/not-epcis.jsonld" }),
          (d) => ({ ...d, "@context": [] }),
          (d) => ({ ...d, type: "EPCISQueryDocument" }),
          (d) => ({ ...d, type: "Nope" }),
          (d) => ({ ...d, schemaVersion: "3.0" }),
          (d) => ({ ...d, epcisBody: [] }),
          (d) => ({ ...d, epcisBody: { eventList: {} } }),
          (d) => ({ ...d, epcisBody: { eventList: [] } }),
          (d) => [d],
          (d) => ({ ...d, epcisHeader: { epcisMasterData: { vocabularyList: [{ type: "urn:epcglobal:epcis:vtype:BusinessLocation", vocabularyElementList: "x" }] } } }),
        ];
        document = (changes[m.change % changes.length] as (d: JsonObject) => Json)(document);
        break;
      }
    }
  }
  return document;
}
