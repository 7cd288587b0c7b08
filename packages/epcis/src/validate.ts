import { type ContextOptions, eventContext, resolveContext } from "./context";
import { EpcisError, EpcisErrorCode, type EpcisValidationIssue } from "./errors";
import { eventsOf } from "./hash";
import { type EpcisLimits, checkBytes, checkDepth, checkEventCount, resolveLimits } from "./limits";
import { eventRuleIssues } from "./rules";
import { childPath, querySchemaIssues, schemaIssues } from "./schema";

/** Result of `validateEpcisDocument`: `valid` is true exactly when `errors` is empty. */
export interface EpcisValidationResult {
  /** True when the document passes the JSON Schema and every rule. */
  valid: boolean;
  /** Every problem found: JSONPath, reason and (inside events) the event index. */
  errors: EpcisValidationIssue[];
}

/** Options of `validateEpcisDocument`. */
export interface ValidateOptions extends ContextOptions {
  /** Input limits; refused input throws `EpcisLimitError` (`LIMIT_EXCEEDED`). */
  limits?: Partial<EpcisLimits>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Parses JSON text (string or bytes) after checking its size against `limits.maxBytes`.
 * @throws EpcisLimitError (`LIMIT_EXCEEDED`) when too large; EpcisError (`INVALID_JSON`) when not JSON.
 */
export function parseEpcisJson(input: string | Uint8Array, limits?: Partial<EpcisLimits>): unknown {
  const l = resolveLimits(limits);
  const bytes = typeof input === "string" ? (input.length > l.maxBytes ? Buffer.byteLength(input, "utf8") : Buffer.byteLength(input, "utf8")) : input.byteLength;
  checkBytes(bytes, l);
  try {
    return JSON.parse(typeof input === "string" ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString("utf8"));
  } catch (e) {
    throw new EpcisError(EpcisErrorCode.INVALID_JSON, `not valid JSON: ${(e as Error).message}`);
  }
}

/** Resolves string/bytes input to a value and enforces the event-count and depth limits. */
export function prepareInput(doc: unknown, limits: EpcisLimits): unknown {
  const value = typeof doc === "string" || doc instanceof Uint8Array ? parseEpcisJson(doc, limits) : doc;
  checkEventCount(eventsOf(value).length, limits);
  checkDepth(value, { ...limits, maxDepth: limits.maxDepth + 6 }); // + envelope levels (document, body, list, event...)
  return value;
}

/** JSONPath of the event list of a document, or `$` for a bare event. */
export function eventListPath(doc: unknown): string {
  if (isObj(doc) && isObj(doc["epcisBody"])) {
    const body = doc["epcisBody"];
    if (Array.isArray(body["eventList"])) return "$.epcisBody.eventList";
    return "$.epcisBody.queryResults.resultsBody.eventList";
  }
  return "$";
}

/** Issues of a parsed, size-checked document (schema + rules), without limit checks. */
export function documentIssues(value: unknown, options: ContextOptions = {}): EpcisValidationIssue[] {
  const issues: EpcisValidationIssue[] = [];
  if (!isObj(value)) return [{ path: "$", message: "an EPCIS document must be a JSON object" }];
  const isDocument = value["type"] === "EPCISDocument" || value["type"] === "EPCISQueryDocument";
  const fromSchema = schemaIssues(value);
  if (value["@context"] === undefined) issues.push({ path: "$[\"@context\"]", message: "@context is required (at document level or on a bare event)" });
  const ctx = resolveContext(value["@context"], options);
  const listPath = eventListPath(value);
  const events = eventsOf(value);
  const acceptedCbvForms = new Set<string>();
  events.forEach((event, i) => {
    const at = isDocument ? childPath(listPath, i) : "$";
    // JSON-LD: an event's own @context adds to the document's (document prefixes stay usable inside the event).
    const eventCtx = isObj(event) ? eventContext(event, ctx, options) : ctx;
    issues.push(...eventRuleIssues(event, at, eventCtx, isDocument ? i : undefined, acceptedCbvForms));
  });
  // Where a rule explains a path, its message replaces the schema's (more generic) one.
  // A standard CBV value written as its URN or Web URI is accepted (and stored bare), though the schema's enum refuses it.
  const ruled = new Set(issues.map((e) => e.path));
  const all = [...fromSchema.filter((e) => !ruled.has(e.path) && !acceptedCbvForms.has(e.path)), ...issues];
  const seen = new Set<string>();
  return all.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Validates an EPCIS 2.0 `EPCISDocument`, `EPCISQueryDocument` or bare event against the official JSON Schema (shipped
 * copy) and the rules the schema cannot express. Accepts a parsed value, JSON text or bytes.
 * @throws EpcisLimitError (`LIMIT_EXCEEDED`) for input beyond `options.limits`; EpcisError (`INVALID_JSON`) for bad JSON text.
 */
export function validateEpcisDocument(doc: unknown, options: ValidateOptions = {}): EpcisValidationResult {
  const value = prepareInput(doc, resolveLimits(options.limits));
  const errors = documentIssues(value, options);
  return { valid: errors.length === 0, errors };
}

/** Validates a REST binding query body (the `query` of a named query) against the official query schema. */
export function validateEpcisQuery(query: unknown): EpcisValidationResult {
  const errors = querySchemaIssues(query);
  return { valid: errors.length === 0, errors };
}
