import { AI_TABLE, getAiDefinition } from "./ai-table";
import { isDigits } from "./check-digit";
import type { Gs1Element } from "./element-string";
import { Gs1ErrorCode, fail } from "./errors";

/** The canonical GS1 Digital Link host. */
export const CANONICAL_DL_STEM = "https://id.gs1.org";

/** Deprecated "convenience alpha" path keys, accepted only with `permitConvenienceAlphas`. */
const CONVENIENCE_ALPHAS: Record<string, string> = {
  gtin: "01", sscc: "00", lot: "10", batch: "10", ser: "21", cpv: "22", gln: "414", party: "417", glnx: "254",
  grai: "8003", giai: "8004", gsrn: "8018", gsrnp: "8017", gdti: "253", gcn: "255", ginc: "401", gsin: "402",
  itip: "8006", cpid: "8010", cpsn: "8011", gmn: "8013", srin: "8019", tpx: "235",
};

/** Options for reading Digital Link URIs. */
export interface DigitalLinkParseOptions {
  /** Accept a GTIN-8/12/13 in the path and pad it to 14 digits (off by default, as in gs1-syntax-engine). */
  permitZeroSuppressedGtin?: boolean;
  /** Accept deprecated alphabetic path keys such as `/gtin/` and `/ser/` (off by default). */
  permitConvenienceAlphas?: boolean;
}

/** What a Digital Link URI carried. */
export interface ParsedDigitalLink {
  /** Path elements (primary key, then qualifiers) followed by query-string data attributes. */
  elements: Gs1Element[];
  /** Number of leading `elements` that came from the path. */
  pathElementCount: number;
  /** Scheme, host and any path before the primary key, e.g. `https://brand.example/dl`. */
  stem: string;
}

/** Which part of the URI `decode` reads, for its error message (worded only on failure). */
type DecodedPart = "path value" | "query name" | "query value";

/**
 * Percent-decodes a path value or query name/value. In the query string a `+` reads as a space first (as
 * application/x-www-form-urlencoded and gs1-syntax-engine read query components), so only `%2B` stands for `+` there;
 * in the path `+` is itself.
 */
function decode(raw: string, part: DecodedPart, ai = ""): string {
  const text = part !== "path value" && raw.includes("+") ? raw.replace(/\+/g, " ") : raw;
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    const where = part === "path value" ? `value of AI (${ai})` : part === "query name" ? "query parameter name" : `value of query attribute ${ai}`;
    return fail(Gs1ErrorCode.BAD_PERCENT_ENCODING, `The ${where} "${raw}" has a broken percent-encoding (a '%' must be followed by two hex digits of valid UTF-8).`, {
      value: raw,
    });
  }
}

/** Percent-encodes every character outside RFC 3986 "unreserved" (`A-Z a-z 0-9 - . _ ~`). */
export function percentEncodeDlValue(value: string): string {
  return /[^A-Za-z0-9\-._~]/.test(value)
    ? encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    : value;
}

function pathAi(segment: string, options: DigitalLinkParseOptions): string | undefined {
  if (segment.length >= 2 && segment.length <= 4 && isDigits(segment)) return getAiDefinition(segment) === undefined ? undefined : segment;
  if (options.permitConvenienceAlphas === true) return CONVENIENCE_ALPHAS[segment];
  return undefined;
}

/** True when every AI of `qualifiers` is in `sequence`, each once, in the order of `sequence`. */
function followsInOrder(qualifiers: readonly string[], sequence: readonly string[]): boolean {
  let last = -1;
  for (const q of qualifiers) {
    const idx = sequence.indexOf(q);
    if (idx <= last) return false;
    last = idx;
  }
  return true;
}

/**
 * True when `ai` could stand in the path of a Digital Link whose primary key is `key` and whose path already has
 * `qualifiers`: some qualifier sequence of the key (the dictionary's `dlpkey`) holds `ai` and all of `qualifiers` in
 * order. Such an AI belongs in the path, never in the query string (as gs1-syntax-engine decides it: the AI is
 * tried at each position after the key).
 */
function isPathQualifier(key: string, qualifiers: readonly string[], ai: string): boolean {
  const alternatives = getAiDefinition(key)?.dlQualifiers ?? [];
  return alternatives.some((alt) => alt.includes(ai) && followsInOrder(qualifiers, alt));
}

/** The primary keys whose `dlpkey` sequences hold `ai`, for messages (worded only on failure). */
function keysQualifiedBy(ai: string): string[] {
  const keys: string[] = [];
  for (const def of AI_TABLE.values()) if (def.dlQualifiers?.some((alt) => alt.includes(ai)) === true) keys.push(`(${def.ai})`);
  return keys;
}

/**
 * Checks that `qualifiers` (path AIs after primary key `key`) follow one of the key's qualifier sequences in order.
 * @throws Gs1Error `QUALIFIER_ORDER`, `INVALID_QUALIFIER`.
 */
export function checkQualifierPath(key: string, qualifiers: readonly string[]): void {
  const alternatives = getAiDefinition(key)?.dlQualifiers ?? [[]];
  for (const q of qualifiers) {
    if (!alternatives.some((alt) => alt.includes(q))) {
      const allowed = alternatives.filter((a) => a.length > 0).map((a) => a.join(", ")).join(" or ");
      fail(
        Gs1ErrorCode.INVALID_QUALIFIER,
        `AI (${q}) cannot follow primary key (${key}) in a Digital Link path${allowed === "" ? "; this key takes no qualifiers" : `; allowed qualifiers, in order: ${allowed}`}. Data attributes go in the query string (?${q}=…).`,
        { ai: q },
      );
    }
  }
  if (!alternatives.some((alt) => followsInOrder(qualifiers, alt))) {
    const allowed = alternatives.filter((a) => a.length > 0).map((a) => `/${a.join("/, /")}/`).join(" or ");
    fail(
      Gs1ErrorCode.QUALIFIER_ORDER,
      `The Digital Link path has qualifiers /${qualifiers.join("/, /")}/ after key (${key}); they must appear in the order ${allowed}, each at most once.`,
      { ai: key },
    );
  }
}

/** Where the GS1 part of a Digital Link starts: its URI parts and the index of the primary key segment. */
interface LocatedDigitalLink {
  readonly match: RegExpExecArray;
  readonly origin: string;
  readonly segments: readonly string[];
  /** Index in `segments` of the primary key, or -1 when no key followed by AI/value pairs was found. */
  readonly start: number;
  /** The AIs of the path from `start` on (key, then qualifiers), as read by `pathAi`. */
  readonly ais: readonly string[];
  /**
   * The GS1 part of the path has an empty segment: an empty value (`/21/`), `//`, or a trailing `/`. Such a path is
   * still Digital Link shaped (so `start` is not -1), but {@link readDigitalLink} refuses it.
   */
  readonly emptySegment: boolean;
}

/**
 * `path.split("/")` without the part before the first "/" (`path` is empty or starts with "/"). Written out: on the
 * regex capture, `split` + `shift` measured ~0.6 µs per Digital Link, this loop ~0.2 µs.
 */
function pathSegments(path: string): string[] {
  const out: string[] = [];
  if (path === "") return out;
  let start = 1;
  for (;;) {
    const slash = path.indexOf("/", start);
    if (slash === -1) {
      out.push(path.slice(start));
      return out;
    }
    out.push(path.slice(start, slash));
    start = slash + 1;
  }
}

/**
 * Walks `segments` back from the end in AI/value pairs while the AI segment is an AI, and stops at the first primary
 * key: so the primary key is the rightmost one, and anything before it (even segments that look like AIs, `/01/x/`)
 * is the stem. Fills `ais` with the key and qualifier AIs in path order; returns the key's index or -1.
 */
function findPrimaryKey(segments: readonly string[], options: DigitalLinkParseOptions, ais: string[]): number {
  ais.length = 0;
  for (let i = segments.length - 2; i >= 0; i -= 2) {
    const ai = pathAi(segments[i] ?? "", options);
    if (ai === undefined) break;
    ais.push(ai);
    if (getAiDefinition(ai)?.dlQualifiers !== undefined) {
      ais.reverse();
      return i;
    }
  }
  ais.length = 0;
  return -1;
}

/** Splits an http(s) URI and finds its primary key segment; `undefined` when it is not an http(s) URI with a host. */
function locateDigitalLink(uri: string, options: DigitalLinkParseOptions): LocatedDigitalLink | undefined {
  // Scheme and host are case-insensitive (RFC 3986: `HTTPS://ID.GS1.ORG/...`); the path is case-sensitive.
  const m = /^(https?):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i.exec(uri);
  if (m === null || (m[2] ?? "") === "") return undefined;
  const origin = `${(m[1] ?? "").toLowerCase()}://${m[2] ?? ""}`;
  const segments = pathSegments(m[3] ?? "");
  const ais: string[] = [];
  let start = findPrimaryKey(segments, options, ais);
  let emptySegment = false;
  if (start !== -1) {
    for (let i = start + 1; i < segments.length; i += 2) if (segments[i] === "") emptySegment = true;
  } else if (segments.length > 1 && segments.includes("")) {
    // A key path spoilt only by empty segments (`/01/…/21/ABC/`, `/01//…`) is a broken Digital Link, not some other
    // web URI: say so. A bare trailing slash after a stem with no key (`https://example.com/`) stays "not a DL".
    const nonEmpty: number[] = [];
    segments.forEach((seg, i) => seg !== "" && nonEmpty.push(i));
    const k = findPrimaryKey(nonEmpty.map((i) => segments[i] ?? ""), options, ais);
    if (k !== -1) {
      start = nonEmpty[k] ?? -1;
      emptySegment = true;
    }
  }
  return { match: m, origin, segments, start, ais, emptySegment };
}

/**
 * True when `uri` has the shape of a GS1 Digital Link: an http(s) URI with a host whose path holds a primary key
 * followed by AI/value pairs. This is exactly the test after which {@link readDigitalLink} no longer fails with
 * `NOT_A_DIGITAL_LINK`; values, qualifier order and query attributes are not checked, so a `true` URI may still be
 * rejected. Lets callers that see many non-GS1 web URIs (EPCIS business transactions...) skip them without the cost of
 * an exception.
 */
export function isDigitalLinkShaped(uri: string, options: DigitalLinkParseOptions = {}): boolean {
  const located = locateDigitalLink(uri, options);
  return located !== undefined && located.start !== -1;
}

/** A GTIN read from a Digital Link, padded to 14 digits when it is a GTIN-8/12/13 and the option allows it. */
function dlGtin(value: string, options: DigitalLinkParseOptions): string {
  if (value.length === 14 || !/^(\d{8}|\d{12}|\d{13})$/.test(value)) return value;
  if (options.permitZeroSuppressedGtin !== true) {
    fail(
      Gs1ErrorCode.ZERO_SUPPRESSED_GTIN,
      `The Digital Link carries GTIN ${value} with ${value.length} digits; Digital Links carry GTINs as 14 digits (${value.padStart(14, "0")}).`,
      { ai: "01", value },
    );
  }
  return value.padStart(14, "0");
}

/**
 * Reads a GS1 Digital Link URI on any host, as strictly as GS1 Digital Link URI Syntax 1.4/1.5 and gs1-syntax-engine:
 *
 * - scheme `http`/`https` in any case, any host, any stem: the primary key is the rightmost key AI from which the
 *   path to its end is AI/value pairs (stem segments that look like AIs, `/01/x/01/{gtin}`, stay stem);
 * - key qualifiers in the path, in the order of one of the key's `dlpkey` sequences, each once; no empty value, no
 *   `//` and no trailing `/` in that part of the path;
 * - query parameters with a numeric name are AIs: known, not already given (in path or query), not a qualifier that
 *   belongs in the path, and flagged as data attribute (`?`) in the GS1 Barcode Syntax Dictionary; other parameters
 *   (`linkType`, `context`...) and the fragment are ignored;
 * - parameters are separated by `&` or `;`; in query names and values `+` reads as a space (so `%2B` is a plus);
 * - values are percent-decoded and not validated here.
 *
 * @throws Gs1Error `NOT_A_DIGITAL_LINK`, `DL_EMPTY_SEGMENT`, `DL_DUPLICATE_AI`, `QUALIFIER_ORDER`, `INVALID_QUALIFIER`,
 *   `DL_QUALIFIER_IN_QUERY`, `NOT_A_DL_ATTRIBUTE`, `UNKNOWN_AI`, `BAD_PERCENT_ENCODING`, `ZERO_SUPPRESSED_GTIN`.
 */
export function readDigitalLink(uri: string, options: DigitalLinkParseOptions = {}): ParsedDigitalLink {
  const located = locateDigitalLink(uri, options);
  if (located === undefined) {
    fail(Gs1ErrorCode.NOT_A_DIGITAL_LINK, `"${uri}" is not an http(s) URI with a host, so it cannot be a GS1 Digital Link.`, { value: uri });
  }
  const { match: m, origin, segments, start, ais, emptySegment } = located;
  if (start === -1) {
    fail(
      Gs1ErrorCode.NOT_A_DIGITAL_LINK,
      `No GS1 primary key (such as /01/{GTIN}, /00/{SSCC} or /414/{GLN}) followed by AI/value pairs was found in the path of "${uri}".`,
      { value: uri },
    );
  }
  if (emptySegment) {
    const path = m[3] ?? "";
    fail(
      Gs1ErrorCode.DL_EMPTY_SEGMENT,
      `The Digital Link path "${path}" ${path.endsWith("/") ? "ends with '/'" : "has an empty segment"}; after the stem it must be /{AI}/{value} pairs with non-empty values and nothing after the last value.`,
      { value: path },
    );
  }
  const elements: Gs1Element[] = [];
  for (let i = start; i < segments.length; i += 2) {
    const ai = ais[(i - start) / 2] ?? "";
    const value = decode(segments[i + 1] ?? "", "path value", ai);
    elements.push({ ai, value: ai === "01" ? dlGtin(value, options) : value });
  }
  for (let i = 1; i < ais.length; i++) {
    const ai = ais[i] ?? "";
    if (ais.indexOf(ai) < i) {
      fail(Gs1ErrorCode.DL_DUPLICATE_AI, `AI (${ai}) appears twice in the Digital Link path; each AI may be given once.`, { ai });
    }
  }
  const key = ais[0] ?? "";
  const qualifiers = ais.slice(1);
  checkQualifierPath(key, qualifiers);
  const pathElementCount = elements.length;
  const query = m[4];
  if (query !== undefined && query !== "") {
    const given = new Set(ais);
    // "&" and ";" both separate query parameters (queryStringDelim of the GS1 Digital Link URI syntax ABNF).
    for (const pair of query.split(/[&;]/)) {
      if (pair === "") continue;
      const eq = pair.indexOf("=");
      const name = decode(eq === -1 ? pair : pair.slice(0, eq), "query name");
      if (!/^\d+$/.test(name)) continue; // non-AI parameters (linkType, context...) are ignored, as the standard says
      const def = getAiDefinition(name);
      if (def === undefined) {
        fail(Gs1ErrorCode.UNKNOWN_AI, `The query parameter "${name}" looks like an AI but (${name}) is not a GS1 Application Identifier this system knows.`, { ai: name });
      }
      if (given.has(name)) {
        fail(
          Gs1ErrorCode.DL_DUPLICATE_AI,
          `AI (${name}) appears twice in the Digital Link (${ais.includes(name) ? "in the path and in the query string" : "in the query string"}); each AI may be given once.`,
          { ai: name },
        );
      }
      if (isPathQualifier(key, qualifiers, name)) {
        fail(
          Gs1ErrorCode.DL_QUALIFIER_IN_QUERY,
          `AI (${name}) ${def.title} is a key qualifier of primary key (${key}) and must be in the Digital Link path (/${name}/… in its place among the qualifiers ${(getAiDefinition(key)?.dlQualifiers ?? []).filter((alt) => alt.includes(name)).map((alt) => alt.join(", ")).join(" or ")}), not in the query string.`,
          { ai: name },
        );
      }
      if (!def.dlAttribute) {
        const keys = keysQualifiedBy(name);
        fail(
          Gs1ErrorCode.NOT_A_DL_ATTRIBUTE,
          `AI (${name}) ${def.title} may not be a Digital Link query attribute (the GS1 Barcode Syntax Dictionary does not flag it as a data attribute)${keys.length > 0 ? `; it is a key qualifier and belongs in the path after ${keys.join(" or ")}` : ""}.`,
          { ai: name },
        );
      }
      given.add(name);
      const value = decode(eq === -1 ? "" : pair.slice(eq + 1), "query value", name);
      elements.push({ ai: name, value: name === "01" ? dlGtin(value, options) : value });
    }
  }
  let stem = origin;
  for (let i = 0; i < start; i++) stem += `/${segments[i] ?? ""}`;
  return { elements, pathElementCount, stem };
}

/**
 * Splits elements into the Digital Link path (primary key plus qualifiers in the defined order) and the
 * query attributes. The first primary-key AI in the list is the key; the order of the rest does not matter.
 *
 * @throws Gs1Error `MISSING_KEY` (no primary key), `NOT_A_DL_ATTRIBUTE` (an AI no Digital Link of this key can carry).
 */
export function arrangeForDigitalLink(elements: readonly Gs1Element[]): { path: Gs1Element[]; query: Gs1Element[] } {
  const keyIndex = elements.findIndex((e) => getAiDefinition(e.ai)?.dlQualifiers !== undefined);
  const key = elements[keyIndex];
  if (key === undefined) {
    fail(
      Gs1ErrorCode.MISSING_KEY,
      `A Digital Link needs a primary key such as (01) GTIN, (00) SSCC or (414) GLN; the data has only ${elements.map((e) => `(${e.ai})`).join("") || "nothing"}.`,
    );
  }
  const rest = elements.filter((_, i) => i !== keyIndex);
  const alternatives = getAiDefinition(key.ai)?.dlQualifiers ?? [[]];
  let best: { path: Gs1Element[]; query: Gs1Element[] } | undefined;
  let firstProblem: Gs1Element | undefined;
  for (const alt of alternatives) {
    const qualifiers = alt.flatMap((q) => rest.filter((e) => e.ai === q));
    const query = rest.filter((e) => !alt.includes(e.ai));
    const problem = query.find((e) => getAiDefinition(e.ai)?.dlAttribute !== true);
    if (problem !== undefined) {
      firstProblem ??= problem;
      continue;
    }
    if (best === undefined || qualifiers.length + 1 > best.path.length) best = { path: [key, ...qualifiers], query };
  }
  if (best === undefined) {
    const ai = firstProblem?.ai ?? "";
    fail(
      Gs1ErrorCode.NOT_A_DL_ATTRIBUTE,
      `AI (${ai}) cannot be carried in a Digital Link whose primary key is (${key.ai}): it is neither a qualifier of that key nor a query attribute.`,
      { ai },
    );
  }
  return best;
}

/** Checks a Digital Link stem and returns it without a trailing slash. @throws Gs1Error `INVALID_OPTION`. */
export function normalizeStem(stem: string): string {
  if (!/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(stem)) {
    fail(Gs1ErrorCode.INVALID_OPTION, `The Digital Link stem must be an http(s) URL without query or fragment, e.g. https://brand.example; got "${stem}".`, {
      value: stem,
    });
  }
  return stem.replace(/\/+$/, "");
}

/** Writes a Digital Link URI from a path/query arrangement. @internal */
export function formatDigitalLink(path: readonly Gs1Element[], query: readonly Gs1Element[], stem: string): string {
  let uri = stem;
  for (const e of path) uri += `/${e.ai}/${percentEncodeDlValue(e.value)}`;
  if (query.length > 0) uri += `?${query.map((e) => `${e.ai}=${percentEncodeDlValue(e.value)}`).join("&")}`;
  return uri;
}
