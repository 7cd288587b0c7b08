import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { EpcisValidationIssue } from "./errors";

const SCHEMA_DIR = path.join(__dirname, "..", "schema");

/** Absolute path of the shipped, unchanged GS1 EPCIS 2.0 JSON Schema (draft-07). */
export const EPCIS_JSON_SCHEMA_PATH = path.join(SCHEMA_DIR, "EPCIS-JSON-Schema.json");
/** Absolute path of the shipped, unchanged GS1 EPCIS 2.0 REST query schema. */
export const EPCIS_QUERY_SCHEMA_PATH = path.join(SCHEMA_DIR, "query-schema.json");

let documentValidator: ValidateFunction | undefined;
let queryValidator: ValidateFunction | undefined;

function compile(file: string): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(file, "utf8")) as object);
}

/** Converts a JSON Pointer (`/epcisBody/eventList/0/action`) into a JSONPath (`$.epcisBody.eventList[0].action`). */
export function pointerToPath(pointer: string): string {
  if (pointer === "") return "$";
  return (
    "$" +
    pointer
      .split("/")
      .slice(1)
      .map((seg) => seg.replace(/~1/g, "/").replace(/~0/g, "~"))
      .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : /^[A-Za-z_$@][\w$@-]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`))
      .join("")
  );
}

/** Appends a property name to a JSONPath. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return /^[A-Za-z_$@][\w$@-]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

const EVENT_INDEX = /^\$\.epcisBody\.(?:eventList|queryResults\.resultsBody\.eventList)\[(\d+)\]/;

/** Index of the event a JSONPath points into, if any. */
export function eventIndexOf(p: string): number | undefined {
  const m = EVENT_INDEX.exec(p);
  return m ? Number(m[1]) : undefined;
}

function describe(e: ErrorObject): { path: string; message: string } | undefined {
  const at = pointerToPath(e.instancePath);
  const params = e.params as Record<string, unknown>;
  const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
  switch (e.keyword) {
    case "if": case "anyOf": case "oneOf": case "allOf": case "then": case "else":
      return undefined;
    case "required":
      return { path: childPath(at, String(params["missingProperty"])), message: "is required" };
    case "additionalProperties":
      return { path: childPath(at, String(params["additionalProperty"])), message: "is not an allowed property here" };
    case "propertyNames":
      return { path: childPath(at, String(params["propertyName"])), message: "is not a field of this event type; user extensions must be namespaced (prefix:name)" };
    default:
      break;
  }
  const p = propertyName !== undefined ? childPath(at, propertyName) : at;
  if (propertyName !== undefined) return { path: p, message: "is not a field of this event type; user extensions must be namespaced (prefix:name)" };
  if (e.schemaPath.includes("vocab-other-uri")) {
    return { path: p, message: "must be a bare CBV value (e.g. \"shipping\") or a custom URI outside urn:epcglobal:cbv and https://ns.gs1.org/cbv/" };
  }
  if (e.keyword === "enum") {
    const allowed = (params["allowedValues"] as unknown[]) ?? [];
    return { path: p, message: allowed.length <= 8 ? `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}` : "must be a standard value of its vocabulary" };
  }
  if (e.keyword === "format") {
    const f = String(params["format"]);
    return { path: p, message: f === "date-time" ? "must be an RFC 3339 date-time with a time zone offset" : `must be a valid ${f}` };
  }
  if (e.keyword === "pattern") return { path: p, message: `must match ${String(params["pattern"])}` };
  return { path: p, message: e.message ?? `fails ${e.keyword}` };
}

function toIssues(errors: ErrorObject[] | null | undefined): EpcisValidationIssue[] {
  const byPath = new Map<string, Set<string>>();
  for (const e of errors ?? []) {
    const d = describe(e);
    if (!d) continue;
    let set = byPath.get(d.path);
    if (!set) byPath.set(d.path, (set = new Set()));
    set.add(d.message);
  }
  const out: EpcisValidationIssue[] = [];
  for (const [p, messages] of byPath) {
    // A CBV field fails both the bare-value enum and the custom-URI pattern: the URI message says it all.
    let list = [...messages];
    if (list.some((m) => m.startsWith("must be a bare CBV value"))) list = list.filter((m) => !m.startsWith("must be a standard value") && !m.startsWith("must be one of"));
    const issue: EpcisValidationIssue = { path: p, message: list.join("; or ") };
    const idx = eventIndexOf(p);
    if (idx !== undefined) issue.eventIndex = idx;
    out.push(issue);
  }
  return out;
}

/** Issues reported by the official EPCIS 2.0 JSON Schema for a document (or bare event), one per path. */
export function schemaIssues(doc: unknown): EpcisValidationIssue[] {
  documentValidator ??= compile(EPCIS_JSON_SCHEMA_PATH);
  return documentValidator(doc) ? [] : toIssues(documentValidator.errors);
}

/** Issues reported by the official REST binding query schema for a query body (`{"eventType": [...], ...}`). */
export function querySchemaIssues(query: unknown): EpcisValidationIssue[] {
  queryValidator ??= compile(EPCIS_QUERY_SCHEMA_PATH);
  return queryValidator(query) ? [] : toIssues(queryValidator.errors);
}
