import { CbvVocabulary, GS1_VOC_BASE, MEASUREMENT_TYPES, SENSOR_EXCEPTIONS, toCbvShortName } from "./cbv";
import { type ContextOptions, type ResolvedContext, eventContext, expandCurie, resolveContext } from "./context";
import { EpcisValidationError } from "./errors";
import { documentIgnoreFields, eventsOf, preHashString, hashIdFromPreHash } from "./hash";
import { canonicalEpcisIdentifier as canonicalIdentifier } from "./identifiers";
import { isoUtc } from "./iso-time";
import { type EpcisLimits, resolveLimits } from "./limits";
import type {
  BizTransaction, EpcisAction, EpcisEvent, EpcisEventType, EpcisExtension, EpcisLocation, ErrorDeclaration, QuantityElement,
  SensorElement, SensorMetadata, SensorReport, SourceOrDestination,
} from "./model";
import { documentIssues, prepareInput } from "./validate";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** Options of `normalizeEpcisDocument`. */
export interface NormalizeOptions extends ContextOptions {
  /**
   * Rewrite CBV values in URN (`urn:epcglobal:cbv:bizstep:shipping`) or Web URI form to the bare form before validating.
   * Kept for compatibility: standard values in those forms are now accepted (and stored bare) without it; the raw event
   * keeps the forms as written only without it. Hash IDs are the same either way.
   */
  lenient?: boolean;
  /** Input limits; refused input throws `EpcisLimitError` (`LIMIT_EXCEEDED`). */
  limits?: Partial<EpcisLimits>;
}

const TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** UTC ISO-8601 of an RFC 3339 time, keeping the original fractional digits (at least three). */
export function toUtcIso(value: string): string {
  const m = TIME.exec(value);
  if (!m) return value;
  const [, date, clock, frac = "", off] = m;
  const base = isoUtc(Date.parse(`${date}T${clock}${off === "Z" ? "Z" : off}`));
  if (base === undefined) return value;
  return `${base.slice(0, 19)}.${frac.padEnd(3, "0")}Z`;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : undefined);
const id = (v: unknown): string | undefined => (typeof v === "string" ? canonicalIdentifier(v) : undefined);
const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string").map(canonicalIdentifier) : []);
const time = (v: unknown): string | undefined => (typeof v === "string" ? toUtcIso(v) : undefined);

function vocab(v: unknown, kind: CbvVocabulary): string | undefined {
  if (typeof v !== "string") return undefined;
  return toCbvShortName(kind, v) ?? v;
}

function gs1Term(v: unknown, terms: readonly string[], ctx: ResolvedContext): string | undefined {
  if (typeof v !== "string") return undefined;
  const gs1 = ctx.prefixes.get("gs1") ?? GS1_VOC_BASE;
  for (const candidate of [v, v.startsWith("gs1:") ? v.slice(4) : "", v.startsWith(gs1) ? v.slice(gs1.length) : "", v.startsWith(GS1_VOC_BASE) ? v.slice(GS1_VOC_BASE.length) : "", v.startsWith("https://ref.gs1.org/voc/") ? v.slice(24) : ""]) {
    if (candidate && terms.includes(candidate)) return candidate;
  }
  return v;
}

/** Extension elements of `obj` (keys not in `known`), namespaces resolved through the context. */
export function extensionsOf(obj: Obj, known: ReadonlySet<string>, ctx: ResolvedContext): EpcisExtension[] {
  const out: EpcisExtension[] = [];
  for (const k of Object.keys(obj)) {
    if (known.has(k)) continue;
    const v = obj[k];
    const curie = expandCurie(k, ctx);
    for (const item of Array.isArray(v) ? v : [v]) out.push(extensionElement(curie, k, item, ctx));
  }
  return out;
}

/**
 * One extension element. Written out field by field rather than `{ ...head, value }`: on Node 20 (V8 11.3) adding a
 * key to an object made by spread takes a slow runtime path (~0.7 µs measured), paid for every extension of every event.
 */
function extensionElement(curie: ReturnType<typeof expandCurie>, key: string, item: unknown, ctx: ResolvedContext): EpcisExtension {
  if (isObj(item)) {
    const children = extensionsOf(item, NONE, ctx);
    return curie ? { namespace: curie.namespace, name: curie.name, prefix: curie.prefix, children } : { namespace: "", name: key, children };
  }
  const value = (item ?? null) as string | number | boolean | null;
  return curie ? { namespace: curie.namespace, name: curie.name, prefix: curie.prefix, value } : { namespace: "", name: key, value };
}

const NONE: ReadonlySet<string> = new Set();

function quantities(v: unknown): QuantityElement[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObj).map((q) => {
    const out: QuantityElement = { epcClass: canonicalIdentifier(String(q["epcClass"] ?? "")) };
    const quantity = num(q["quantity"]);
    if (quantity !== undefined) out.quantity = quantity;
    if (typeof q["uom"] === "string") out.uom = q["uom"];
    return out;
  });
}

function location(v: unknown, ctx: ResolvedContext): EpcisLocation | undefined {
  if (!isObj(v) || typeof v["id"] !== "string") return undefined;
  return { id: canonicalIdentifier(v["id"]), extensions: extensionsOf(v, ID_ONLY, ctx) };
}
const ID_ONLY: ReadonlySet<string> = new Set(["id"]);

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

const METADATA_KEYS = new Set(["time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules"]);
const REPORT_KEYS = new Set([
  "type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "time", "microorganism", "chemicalSubstance",
  "value", "component", "stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue", "sDev",
  "percRank", "percValue", "uom", "coordinateReferenceSystem",
]);

function sensorElements(v: unknown, ctx: ResolvedContext): SensorElement[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObj).map((el) => {
    const out: SensorElement = { reports: [], extensions: extensionsOf(el, new Set(["sensorMetadata", "sensorReport"]), ctx) };
    const md = el["sensorMetadata"];
    if (isObj(md)) {
      const m: SensorMetadata = { extensions: extensionsOf(md, METADATA_KEYS, ctx) };
      assign(m, "time", time(md["time"]));
      assign(m, "startTime", time(md["startTime"]));
      assign(m, "endTime", time(md["endTime"]));
      assign(m, "deviceId", id(md["deviceID"]));
      assign(m, "deviceMetadata", id(md["deviceMetadata"]));
      assign(m, "rawData", id(md["rawData"]));
      assign(m, "dataProcessingMethod", id(md["dataProcessingMethod"]));
      assign(m, "bizRules", id(md["bizRules"]));
      out.metadata = m;
    }
    const reports = el["sensorReport"];
    if (Array.isArray(reports)) {
      out.reports = reports.filter(isObj).map((r) => {
        const s: SensorReport = { extensions: extensionsOf(r, REPORT_KEYS, ctx) };
        assign(s, "type", gs1Term(r["type"], MEASUREMENT_TYPES, ctx));
        assign(s, "exception", gs1Term(r["exception"], SENSOR_EXCEPTIONS, ctx));
        assign(s, "deviceId", id(r["deviceID"]));
        assign(s, "deviceMetadata", id(r["deviceMetadata"]));
        assign(s, "rawData", id(r["rawData"]));
        assign(s, "dataProcessingMethod", id(r["dataProcessingMethod"]));
        assign(s, "time", time(r["time"]));
        assign(s, "microorganism", str(r["microorganism"]));
        assign(s, "chemicalSubstance", str(r["chemicalSubstance"]));
        assign(s, "value", num(r["value"]));
        assign(s, "component", vocab(r["component"], CbvVocabulary.Component));
        assign(s, "stringValue", str(r["stringValue"]));
        assign(s, "booleanValue", typeof r["booleanValue"] === "boolean" ? r["booleanValue"] : undefined);
        assign(s, "hexBinaryValue", str(r["hexBinaryValue"]));
        assign(s, "uriValue", str(r["uriValue"]));
        for (const k of ["minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue"] as const) assign(s, k, num(r[k]));
        assign(s, "uom", str(r["uom"]));
        assign(s, "coordinateReferenceSystem", str(r["coordinateReferenceSystem"]));
        return s;
      });
    }
    return out;
  });
}

const EVENT_KEYS = new Set([
  "@context", "type", "eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "certificationInfo", "errorDeclaration",
  "action", "epcList", "quantityList", "bizStep", "disposition", "persistentDisposition", "readPoint", "bizLocation",
  "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "ilmd", "parentID", "childEPCs",
  "childQuantityList", "inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID",
]);

/**
 * Normalises one event (assumed valid) into the stored model. `context` is the document's `@context` (or a resolved
 * context); the event's own `@context` adds to it (JSON-LD: the document's prefixes stay defined, the event's win).
 */
export function normalizeEpcisEvent(event: Obj, options: ContextOptions & { context?: unknown; ignoreFields?: string[] } = {}): EpcisEvent {
  const outer: ResolvedContext = isObj(options.context) && options.context["prefixes"] instanceof Map ? (options.context as unknown as ResolvedContext) : resolveContext(options.context, options);
  const ctx = eventContext(event, outer, options);
  // Object.assign, not spread + new keys: see extensionElement. The hash adds the event's own @context to `outer` itself.
  const preHash = preHashString(event, Object.assign({}, options, { context: outer, ignoreFields: options.ignoreFields ?? [] }));
  const out: EpcisEvent = {
    type: event["type"] as EpcisEventType,
    hashId: hashIdFromPreHash(preHash),
    eventTime: time(event["eventTime"]) ?? "",
    eventTimeZoneOffset: str(event["eventTimeZoneOffset"]) ?? "",
    epcList: ids(event["epcList"]),
    childEpcs: ids(event["childEPCs"]),
    inputEpcList: ids(event["inputEPCList"]),
    outputEpcList: ids(event["outputEPCList"]),
    quantityList: quantities(event["quantityList"]),
    childQuantityList: quantities(event["childQuantityList"]),
    inputQuantityList: quantities(event["inputQuantityList"]),
    outputQuantityList: quantities(event["outputQuantityList"]),
    bizTransactions: (Array.isArray(event["bizTransactionList"]) ? event["bizTransactionList"] : []).filter(isObj).map((b) => {
      const t: BizTransaction = { id: canonicalIdentifier(String(b["bizTransaction"] ?? "")) };
      assign(t, "type", vocab(b["type"], CbvVocabulary.BizTransactionType));
      return t;
    }),
    sources: sourcesOrDestinations(event["sourceList"], "source"),
    destinations: sourcesOrDestinations(event["destinationList"], "destination"),
    sensorElements: sensorElements(event["sensorElementList"], ctx),
    certificationInfo: (Array.isArray(event["certificationInfo"]) ? event["certificationInfo"] : event["certificationInfo"] === undefined ? [] : [event["certificationInfo"]]).filter((x): x is string => typeof x === "string").map(canonicalIdentifier),
    // Fields a document declares in `ignoreFields` are another repository's bookkeeping: kept in `raw` only.
    extensions: extensionsOf(event, options.ignoreFields && options.ignoreFields.length > 0 ? new Set([...EVENT_KEYS, ...options.ignoreFields]) : EVENT_KEYS, ctx),
    // The document's context: `eventHashId(raw.event, { context: raw.context })` adds the event's own, as here.
    raw: options.ignoreFields && options.ignoreFields.length > 0 ? { event, context: options.context, ignoreFields: options.ignoreFields } : { event, context: options.context },
  };
  assign(out, "eventId", str(event["eventID"]));
  assign(out, "action", str(event["action"]) as EpcisAction | undefined);
  assign(out, "bizStep", vocab(event["bizStep"], CbvVocabulary.BizStep));
  assign(out, "disposition", vocab(event["disposition"], CbvVocabulary.Disposition));
  assign(out, "recordTime", time(event["recordTime"]));
  assign(out, "readPoint", location(event["readPoint"], ctx));
  assign(out, "bizLocation", location(event["bizLocation"], ctx));
  assign(out, "parentId", id(event["parentID"]));
  assign(out, "transformationId", id(event["transformationID"]));
  if (isObj(event["ilmd"])) out.ilmd = extensionsOf(event["ilmd"], NONE, ctx);
  const pd = event["persistentDisposition"];
  if (isObj(pd)) {
    const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string").map((x) => vocab(x, CbvVocabulary.Disposition) as string) : []);
    out.persistentDisposition = { set: list(pd["set"]), unset: list(pd["unset"]) };
  }
  const ed = event["errorDeclaration"];
  if (isObj(ed)) {
    const e: ErrorDeclaration = {
      declarationTime: time(ed["declarationTime"]) ?? "",
      correctiveEventIds: Array.isArray(ed["correctiveEventIDs"]) ? ed["correctiveEventIDs"].filter((x): x is string => typeof x === "string") : [],
      extensions: extensionsOf(ed, new Set(["declarationTime", "reason", "correctiveEventIDs"]), ctx),
    };
    assign(e, "reason", vocab(ed["reason"], CbvVocabulary.ErrorReason));
    out.errorDeclaration = e;
  }
  return out;
}

function sourcesOrDestinations(v: unknown, key: "source" | "destination"): SourceOrDestination[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObj).map((s) => ({ type: vocab(s["type"], CbvVocabulary.SourceDestinationType) ?? "", id: canonicalIdentifier(String(s[key] ?? "")) }));
}

/** Returns a copy of `doc` where URN / Web URI CBV values are rewritten in bare form (the lenient import path). */
export function toBareCbvForms(doc: unknown): unknown {
  const copy = structuredClone(doc);
  for (const event of eventsOf(copy)) {
    if (!isObj(event)) continue;
    const fix = (o: Obj, k: string, kind: CbvVocabulary): void => {
      const v = o[k];
      if (typeof v === "string") o[k] = toCbvShortName(kind, v) ?? v;
    };
    fix(event, "bizStep", CbvVocabulary.BizStep);
    fix(event, "disposition", CbvVocabulary.Disposition);
    const pd = event["persistentDisposition"];
    if (isObj(pd)) {
      for (const k of ["set", "unset"]) {
        const list = pd[k];
        if (Array.isArray(list)) pd[k] = list.map((v) => (typeof v === "string" ? toCbvShortName(CbvVocabulary.Disposition, v) ?? v : v));
      }
    }
    for (const [list, kind] of [["bizTransactionList", CbvVocabulary.BizTransactionType], ["sourceList", CbvVocabulary.SourceDestinationType], ["destinationList", CbvVocabulary.SourceDestinationType]] as const) {
      const items = event[list];
      if (Array.isArray(items)) for (const item of items) if (isObj(item)) fix(item, "type", kind);
    }
    if (isObj(event["errorDeclaration"])) fix(event["errorDeclaration"], "reason", CbvVocabulary.ErrorReason);
  }
  return copy;
}

/**
 * Validates and normalises an EPCIS 2.0 document (`EPCISDocument`, `EPCISQueryDocument` or a bare event; parsed value,
 * JSON text or bytes) into stored events, in document order, each with its CBV 2.0 hash ID.
 * @throws EpcisValidationError (`INVALID_DOCUMENT`) with every issue when the document is invalid;
 *   EpcisLimitError (`LIMIT_EXCEEDED`) beyond `options.limits`; EpcisError (`INVALID_JSON`) for bad JSON text.
 */
export function normalizeEpcisDocument(doc: unknown, options: NormalizeOptions = {}): EpcisEvent[] {
  let value = prepareInput(doc, resolveLimits(options.limits));
  if (options.lenient) value = toBareCbvForms(value);
  const issues = documentIssues(value, options);
  if (issues.length > 0) throw new EpcisValidationError(issues);
  const docContext = isObj(value) ? value["@context"] : undefined;
  const ctx = resolveContext(docContext, options);
  const ignoreFields = documentIgnoreFields(value);
  const eventOptions = { ...options, context: ctx, ignoreFields }; // built once: spread + new keys is slow on V8 11.3
  return eventsOf(value).map((e) => {
    const ev = normalizeEpcisEvent(e as Obj, eventOptions);
    // The document's context (the event keeps its own @context, which re-hashing adds on top).
    ev.raw = ignoreFields.length > 0 ? { event: e as Obj, context: docContext, ignoreFields } : { event: e as Obj, context: docContext };
    return ev;
  });
}
