/**
 * EPCIS 2.0 / CBV 2.0 rules the JSON Schema cannot express (or expresses with unhelpful messages). Each rule is a
 * plain function of one event; `eventRuleIssues` runs them all and reports JSONPath + reason per problem.
 */
import { CbvVocabulary, MEASUREMENT_TYPES, SENSOR_EXCEPTIONS, isNonBareCbvForm, toCbvShortName } from "./cbv";
import type { ResolvedContext } from "./context";
import type { EpcisValidationIssue } from "./errors";
import type { Gs1Error } from "@tracehub/gs1";
import { checkListedIdentifier, gs1IdentifierProblem } from "./identifiers";
import { daysInMonthUtc } from "./iso-time";
import { childPath } from "./schema";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** The five standard EPCIS 2.0 event types. */
export const EVENT_TYPES = ["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"] as const;

/** `eventTimeZoneOffset` as EPCIS defines it: -14:00..+14:00. */
export const TIME_ZONE_OFFSET = /^[+-]((0\d|1[0-3]):[0-5]\d|14:00)$/;

/** Value of the two ASCII digits at `i`, or -1 when either is not a digit (or is past the end). */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * True for an RFC 3339 date-time with an explicit offset whose fields are all in range:
 * `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, read by position (as the regex
 * `^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$` would, without its match array:
 * called for every timestamp of every event).
 */
export function isWellFormedTime(value: unknown): boolean {
  if (typeof value !== "string" || value.length < 20) return false;
  const y1 = twoDigits(value, 0), y2 = twoDigits(value, 2), month = twoDigits(value, 5), day = twoDigits(value, 8);
  const h = twoDigits(value, 11), mi = twoDigits(value, 14), s = twoDigits(value, 17);
  if (y1 < 0 || y2 < 0 || month < 0 || day < 0 || h < 0 || mi < 0 || s < 0) return false;
  if (value[4] !== "-" || value[7] !== "-" || value[10] !== "T" || value[13] !== ":" || value[16] !== ":") return false;
  let p = 19;
  if (value[p] === ".") {
    const fractionStart = ++p;
    while (p < value.length && value.charCodeAt(p) >= 48 && value.charCodeAt(p) <= 57) p++;
    if (p === fractionStart) return false;
  }
  let oh = -1, om = -1;
  if (value[p] === "Z") {
    if (p + 1 !== value.length) return false;
  } else if (value[p] === "+" || value[p] === "-") {
    if (p + 6 !== value.length || value[p + 3] !== ":") return false;
    oh = twoDigits(value, p + 1);
    om = twoDigits(value, p + 4);
    if (oh < 0 || om < 0) return false;
  } else {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonthUtc(y1 * 100 + y2, month)) return false;
  if (h > 23 || mi > 59 || s > 60) return false;
  if (oh !== -1 && (oh > 14 || om > 59 || (oh === 14 && om !== 0))) return false;
  return true;
}

const IDENTIFIER_LISTS = ["epcList", "childEPCs", "inputEPCList", "outputEPCList"] as const;
// Module-level rather than array literals in the loops: those were allocated again for every event.
const TYPED_LISTS = [["bizTransactionList", "bizTransaction"], ["sourceList", "source"], ["destinationList", "destination"]] as const;
const SINGLE_IDENTIFIERS = ["parentID", "transformationID"] as const;
const LOCATIONS = ["readPoint", "bizLocation"] as const;
const QUANTITY_LISTS = ["quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"] as const;

/**
 * Problem with a GS1 identifier (an EPC URN `urn:epc:id|class|idpat:` or a Digital Link on `id.gs1.org` that
 * `@tracehub/gs1` rejects: lengths, characters, check digits, qualifiers), or `undefined`. The reason is gs1's.
 */
export function identifierProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const error = gs1IdentifierProblem(value);
  return error === undefined ? undefined : problemText(value, error);
}

function problemText(value: string, error: Gs1Error): string {
  return value.startsWith("urn:") ? `is not a well-formed EPC URN: ${error.message}` : `is not a valid GS1 Digital Link: ${error.message}`;
}

function prefixProblem(key: string, ctx: ResolvedContext): string | undefined {
  const i = key.indexOf(":");
  if (i <= 0) return "user extension fields must be namespaced (prefix:name)";
  if (key.slice(i + 1).startsWith("//")) return undefined;
  const prefix = key.slice(0, i);
  if (!ctx.prefixes.has(prefix) && ctx.unresolvedUrls.length === 0) return `uses prefix "${prefix}" that is not declared in @context`;
  return undefined;
}

/** A GS1 Web Vocabulary term URI (`https://gs1.org/voc/Temperature`, also `www.` / `ref.` hosts); group 1 is the term. */
const GS1_VOC_URI = /^https?:\/\/(?:www\.|ref\.)?gs1\.org\/voc\/(.*)$/;
const GS1_TERM_FIELDS: ReadonlyArray<readonly [string, ReadonlySet<string>, string]> = [
  ["type", new Set<string>(MEASUREMENT_TYPES), "measurement type"],
  ["exception", new Set<string>(SENSOR_EXCEPTIONS), "sensor alert type"],
];

const CBV_LABELS: Record<CbvVocabulary, string> = {
  [CbvVocabulary.BizStep]: "business step",
  [CbvVocabulary.Disposition]: "disposition",
  [CbvVocabulary.BizTransactionType]: "business transaction type",
  [CbvVocabulary.SourceDestinationType]: "source/destination type",
  [CbvVocabulary.ErrorReason]: "error reason",
  [CbvVocabulary.Component]: "sensor component",
};

const STANDARD_EVENT_FIELDS = new Set([
  "@context", "type", "eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "certificationInfo", "errorDeclaration",
  "action", "epcList", "quantityList", "bizStep", "disposition", "persistentDisposition", "readPoint", "bizLocation",
  "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "ilmd", "parentID", "childEPCs",
  "childQuantityList", "inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID",
]);

/**
 * Rule checks for one event at JSONPath `at`: action presence, ILMD placement, parentID requirements, CBV values written
 * as a URN or Web URI (accepted when they name a standard value, refused otherwise), time and offset syntax, namespaced
 * extensions with declared prefixes, GS1 identifier syntax, quantities, sensor ranges. The paths of accepted URN / Web URI
 * CBV values (which the JSON Schema refuses) are added to `acceptedCbvForms`, for the caller to drop the schema's issue.
 */
export function eventRuleIssues(event: unknown, at: string, ctx: ResolvedContext, eventIndex?: number, acceptedCbvForms?: Set<string>): EpcisValidationIssue[] {
  const out: EpcisValidationIssue[] = [];
  const add = (p: string, message: string): void => {
    const issue: EpcisValidationIssue = { path: p, message };
    if (eventIndex !== undefined) issue.eventIndex = eventIndex;
    out.push(issue);
  };
  if (!isObj(event)) {
    add(at, "an event must be a JSON object");
    return out;
  }
  const type = event["type"];
  const action = event["action"];
  const f = (k: string | number): string => childPath(at, k);

  // action
  if (type === "TransformationEvent") {
    if (action !== undefined) add(f("action"), "TransformationEvent has no action");
  } else if ((EVENT_TYPES as readonly unknown[]).includes(type) && action === undefined) {
    add(f("action"), `action is required on ${String(type)} (only TransformationEvent has none)`);
  }
  // ilmd
  if (event["ilmd"] !== undefined) {
    if (type === "ObjectEvent" && action !== "ADD") add(f("ilmd"), "ilmd is only allowed on an ObjectEvent whose action is ADD");
    else if (type !== "ObjectEvent" && type !== "TransformationEvent") add(f("ilmd"), "ilmd is only allowed on ObjectEvent (ADD) and TransformationEvent");
    if (isObj(event["ilmd"])) {
      for (const k of Object.keys(event["ilmd"])) {
        const problem = prefixProblem(k, ctx);
        if (problem) add(childPath(f("ilmd"), k), `ILMD ${problem}`);
      }
    }
  }
  // parentID
  if (type === "AssociationEvent" && event["parentID"] === undefined) add(f("parentID"), "AssociationEvent requires parentID");
  if (type === "AggregationEvent" && (action === "ADD" || action === "DELETE") && event["parentID"] === undefined) {
    add(f("parentID"), `AggregationEvent with action ${action} requires parentID`);
  }
  if (type === "TransactionEvent" && (!Array.isArray(event["bizTransactionList"]) || event["bizTransactionList"].length === 0)) {
    add(f("bizTransactionList"), "TransactionEvent requires at least one business transaction");
  }
  // CBV values: bare, or a URN / Web URI of a standard value (stored bare); a URN / Web URI in a CBV namespace that names
  // no standard value is refused like an unknown bare word.
  // The path is built only for a non-bare value: building it for every CBV value was a tenth of the rules' time.
  const bare = (v: unknown, p: () => string, vocabulary: CbvVocabulary): void => {
    if (typeof v !== "string" || !isNonBareCbvForm(v)) return;
    if (toCbvShortName(vocabulary, v) !== undefined) acceptedCbvForms?.add(p());
    else add(p(), `"${v}" is not a standard CBV ${CBV_LABELS[vocabulary]}: the CBV namespace has no such value (write a standard value, bare or as its URN or Web URI, or a custom URI outside the CBV namespace)`);
  };
  bare(event["bizStep"], () => f("bizStep"), CbvVocabulary.BizStep);
  bare(event["disposition"], () => f("disposition"), CbvVocabulary.Disposition);
  const pd = event["persistentDisposition"];
  if (isObj(pd)) {
    for (const k of ["set", "unset"]) {
      const list = pd[k];
      if (Array.isArray(list)) list.forEach((v, i) => bare(v, () => childPath(childPath(f("persistentDisposition"), k), i), CbvVocabulary.Disposition));
    }
  }
  for (const [list, idKey] of TYPED_LISTS) {
    const items = event[list];
    if (!Array.isArray(items)) continue;
    const vocabulary = list === "bizTransactionList" ? CbvVocabulary.BizTransactionType : CbvVocabulary.SourceDestinationType;
    items.forEach((item, i) => {
      if (!isObj(item)) return;
      bare(item["type"], () => childPath(childPath(f(list), i), "type"), vocabulary);
      const problem = identifierProblem(item[idKey]);
      if (problem) add(childPath(childPath(f(list), i), idKey), problem);
    });
  }
  const ed = event["errorDeclaration"];
  if (isObj(ed)) {
    bare(ed["reason"], () => childPath(f("errorDeclaration"), "reason"), CbvVocabulary.ErrorReason);
    if (ed["declarationTime"] !== undefined && !isWellFormedTime(ed["declarationTime"])) {
      add(childPath(f("errorDeclaration"), "declarationTime"), "must be an RFC 3339 date-time with a time zone offset, fields in range");
    }
  }
  // times
  if (event["eventTime"] !== undefined && !isWellFormedTime(event["eventTime"])) add(f("eventTime"), "must be an RFC 3339 date-time with a time zone offset, fields in range (e.g. 2024-03-01T10:00:00.000+01:00)");
  if (event["recordTime"] !== undefined && !isWellFormedTime(event["recordTime"])) add(f("recordTime"), "must be an RFC 3339 date-time with a time zone offset, fields in range");
  const tz = event["eventTimeZoneOffset"];
  if (tz !== undefined && (typeof tz !== "string" || !TIME_ZONE_OFFSET.test(tz))) add(f("eventTimeZoneOffset"), "must be a time zone offset ±hh:mm between -14:00 and +14:00");
  // extensions
  if ((EVENT_TYPES as readonly unknown[]).includes(type)) {
    for (const k of Object.keys(event)) {
      if (STANDARD_EVENT_FIELDS.has(k)) continue;
      const problem = prefixProblem(k, ctx);
      if (problem) add(f(k), problem);
    }
  }
  // identifiers
  for (const list of IDENTIFIER_LISTS) {
    const items = event[list];
    if (!Array.isArray(items)) continue;
    const seen = new Set<string>();
    items.forEach((v, i) => {
      if (typeof v !== "string") return;
      const { problem, canonical } = checkListedIdentifier(v);
      if (problem) add(childPath(f(list), i), problemText(v, problem));
      // URN and Digital Link forms of one EPC are the same identifier.
      if (seen.has(canonical)) add(childPath(f(list), i), `lists the same identifier twice (${v})`);
      seen.add(canonical);
    });
  }
  for (const single of SINGLE_IDENTIFIERS) {
    const problem = identifierProblem(event[single]);
    if (problem) add(f(single), problem);
  }
  for (const loc of LOCATIONS) {
    const l = event[loc];
    if (isObj(l)) {
      const problem = identifierProblem(l["id"]);
      if (problem) add(childPath(f(loc), "id"), problem);
    }
  }
  for (const list of QUANTITY_LISTS) {
    const items = event[list];
    if (!Array.isArray(items)) continue;
    items.forEach((q, i) => {
      if (!isObj(q)) return;
      const problem = identifierProblem(q["epcClass"]);
      if (problem) add(childPath(childPath(f(list), i), "epcClass"), problem);
      const quantity = q["quantity"];
      if (typeof quantity === "number" && (!Number.isFinite(quantity) || quantity < 0)) add(childPath(childPath(f(list), i), "quantity"), "must be a non-negative number");
      if (q["uom"] !== undefined && quantity === undefined) add(childPath(childPath(f(list), i), "uom"), "uom needs a quantity");
    });
  }
  // sensors
  const sensors = event["sensorElementList"];
  if (Array.isArray(sensors)) {
    sensors.forEach((el, i) => {
      if (!isObj(el)) return;
      const base = childPath(f("sensorElementList"), i);
      const md = el["sensorMetadata"];
      if (isObj(md)) {
        for (const t of ["time", "startTime", "endTime"]) {
          if (md[t] !== undefined && !isWellFormedTime(md[t])) add(childPath(childPath(base, "sensorMetadata"), t), "must be an RFC 3339 date-time with a time zone offset");
        }
        if (isWellFormedTime(md["startTime"]) && isWellFormedTime(md["endTime"]) && Date.parse(md["startTime"] as string) > Date.parse(md["endTime"] as string)) {
          add(childPath(childPath(base, "sensorMetadata"), "endTime"), "endTime is before startTime");
        }
      }
      const reports = el["sensorReport"];
      if (Array.isArray(reports)) {
        reports.forEach((r, j) => {
          if (!isObj(r)) return;
          const rp = childPath(childPath(base, "sensorReport"), j);
          if (r["time"] !== undefined && !isWellFormedTime(r["time"])) add(childPath(rp, "time"), "must be an RFC 3339 date-time with a time zone offset");
          // Measurement / alert types as GS1 Web Vocabulary URIs: accepted for a standard term (stored bare), refused otherwise.
          for (const [k, terms, label] of GS1_TERM_FIELDS) {
            const v = r[k];
            const m = typeof v === "string" ? GS1_VOC_URI.exec(v) : null;
            if (m === null) continue;
            if (terms.has(m[1] as string)) acceptedCbvForms?.add(childPath(rp, k));
            else add(childPath(rp, k), `"${String(v)}" is not a standard ${label} of the GS1 Web Vocabulary (write a standard term, bare or as its URI, or a custom URI outside the GS1 namespace)`);
          }
          if (typeof r["minValue"] === "number" && typeof r["maxValue"] === "number" && r["minValue"] > r["maxValue"]) add(childPath(rp, "minValue"), "minValue is greater than maxValue");
          if (typeof r["percRank"] === "number" && (r["percRank"] < 0 || r["percRank"] > 100)) add(childPath(rp, "percRank"), "percRank must be between 0 and 100");
        });
      }
    });
  }
  return out;
}
