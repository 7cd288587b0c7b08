import { readFileSync } from "node:fs";
import path from "node:path";

/** URL under which GS1 publishes the EPCIS 2.0 JSON-LD context (the one `toEpcisDocument` writes). */
export const EPCIS_CONTEXT_URL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

/**
 * Context URLs that are resolved, offline, to the shipped copy of the EPCIS 2.0 context
 * (`schema/epcis-context.jsonld`). Older GitHub-pages URLs are aliases used by early examples.
 */
export const KNOWN_EPCIS_CONTEXT_URLS: readonly string[] = [
  EPCIS_CONTEXT_URL,
  "https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
  "https://gs1.github.io/EPCIS/epcis-context.jsonld",
  "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context-simple.jsonld",
  "https://gs1.github.io/EPCIS/epcis-context-simple.jsonld",
];

/** A JSON-LD `@context` value as it appears in a document: a URL, an object, or an array of those. */
export type JsonLdContext = string | Record<string, unknown> | Array<string | Record<string, unknown>>;

/** Offline resolution of a document's `@context`: the prefix → namespace map that hashing and normalisation use. */
export interface ResolvedContext {
  /** CURIE prefixes and their namespace IRIs (standard ones first, document ones override). */
  readonly prefixes: ReadonlyMap<string, string>;
  /** Remote context URLs that were neither the EPCIS context nor supplied offline (never fetched). */
  readonly unresolvedUrls: readonly string[];
}

/** Options for context resolution. */
export interface ContextOptions {
  /** Extra remote contexts, by URL, resolved offline (the package never fetches a URL). */
  contexts?: Record<string, Record<string, unknown>>;
}

let shipped: Record<string, unknown> | undefined;

/** The shipped EPCIS 2.0 JSON-LD context (the `@context` object of `schema/epcis-context.jsonld`). */
export function epcisContextDocument(): Record<string, unknown> {
  if (!shipped) {
    const file = path.join(__dirname, "..", "schema", "epcis-context.jsonld");
    const doc = JSON.parse(readFileSync(file, "utf8")) as { "@context": Record<string, unknown> };
    shipped = doc["@context"];
  }
  return shipped;
}

const IRI_LIKE = /^[A-Za-z][A-Za-z0-9+.-]*:/;

function collectPrefixes(ctx: Record<string, unknown>, into: Map<string, string>): void {
  for (const [key, value] of Object.entries(ctx)) {
    if (key.startsWith("@")) continue;
    // A prefix is a term mapped to an absolute IRI (`"example": "https://ns.example.com/epcis/"`,
    // `"cbvmda": "urn:epcglobal:cbv:mda:"`); terms mapped to CURIEs or keywords are not prefixes.
    if (typeof value === "string" && IRI_LIKE.test(value) && (value.includes("://") || value.startsWith("urn:"))) {
      into.set(key, value);
    }
  }
}

let standardPrefixes: Map<string, string> | undefined;

function epcisPrefixes(): Map<string, string> {
  if (!standardPrefixes) {
    standardPrefixes = new Map();
    collectPrefixes(epcisContextDocument(), standardPrefixes);
  }
  return standardPrefixes;
}

/**
 * Resolves a document's `@context` offline. The EPCIS context URLs map to the shipped copy; inline objects add
 * (or override) prefixes in order; other URLs are looked up in `options.contexts` and otherwise reported in
 * `unresolvedUrls`. The standard prefixes (`epcis`, `cbv`, `cbvmda`, `gs1`, ...) are always available, as they are
 * in every valid EPCIS 2.0 document.
 *
 * `base` is the context in force around this one (an event's `@context` is resolved on top of its document's): as in
 * JSON-LD, a nested `@context` adds to the active context instead of replacing it, so the document's prefixes stay
 * defined inside the event and a prefix the event declares again takes the event's namespace (the later definition wins).
 */
export function resolveContext(context: unknown, options: ContextOptions = {}, base?: ResolvedContext): ResolvedContext {
  const prefixes = new Map(base ? base.prefixes : epcisPrefixes());
  const unresolvedUrls: string[] = base ? [...base.unresolvedUrls] : [];
  const entries = Array.isArray(context) ? context : context === undefined || context === null ? [] : [context];
  for (const entry of entries) {
    if (typeof entry === "string") {
      if (KNOWN_EPCIS_CONTEXT_URLS.includes(entry)) continue;
      const supplied = options.contexts?.[entry];
      if (supplied) collectPrefixes((supplied["@context"] as Record<string, unknown> | undefined) ?? supplied, prefixes);
      else unresolvedUrls.push(entry);
    } else if (entry && typeof entry === "object" && !Array.isArray(entry)) {
      collectPrefixes(entry as Record<string, unknown>, prefixes);
    }
  }
  return { prefixes, unresolvedUrls };
}

/**
 * The context in force inside `event`: its own `@context` (if any) resolved on top of `outer`, the context of the
 * document around it (a resolved context, or a raw `@context` value resolved here).
 */
export function eventContext(event: Record<string, unknown>, outer: unknown, options: ContextOptions = {}): ResolvedContext {
  const base = isResolvedContext(outer) ? outer : resolveContext(outer, options);
  const own = event["@context"];
  return own === undefined ? base : resolveContext(own, options, base);
}

/** True for a context already resolved with {@link resolveContext}. */
export function isResolvedContext(v: unknown): v is ResolvedContext {
  return v !== null && typeof v === "object" && !Array.isArray(v) && (v as Record<string, unknown>)["prefixes"] instanceof Map;
}

/** Splits `prefix:local` into its namespace and local name using `ctx`; `undefined` when the prefix is not declared. */
export function expandCurie(key: string, ctx: ResolvedContext): { namespace: string; name: string; prefix: string } | undefined {
  const i = key.indexOf(":");
  if (i <= 0) return undefined;
  const prefix = key.slice(0, i);
  const ns = ctx.prefixes.get(prefix);
  if (ns === undefined) return undefined;
  const name = key.slice(i + 1);
  if (name.startsWith("//")) return undefined; // an absolute IRI such as https://..., not a CURIE
  return { namespace: ns, name, prefix };
}
