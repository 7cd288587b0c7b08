/**
 * EPCIS view of identifiers. All GS1 conversion (EPC URN ↔ Digital Link, Digital Link canonicalisation, check digits,
 * percent-encoding) is done by `@tracehub/gs1`; this module only decides what EPCIS treats as a GS1 identifier and
 * what happens to everything else:
 *
 * - EPC URNs `urn:epc:id:…`, `urn:epc:class:…`, `urn:epc:idpat:…` and `http(s)://` URIs are offered to gs1; what gs1
 *   reads becomes its canonical `https://id.gs1.org` Digital Link (finest key level, no query string).
 * - Anything gs1 does not read (`urn:uuid:`, `geo:`, a non-GS1 web URL, EPC tag URIs, EPC schemes gs1 does not
 *   support) is kept as given, trimmed. Tag URIs name a tag encoding, not an EPCIS identity, and the CBV hash
 *   reference does not convert them either.
 *
 * Two canonical texts per identifier: the hub's (`canonicalEpcisIdentifier`, gs1's default percent-encoding, equal
 * to `canonicalUnitId` elsewhere in the hub) and the event-hash one (`cbvHashIdentifier`, gs1's `cbvHashEncoding`).
 * They differ only for values containing `'`, `;` or `=`.
 */
import {
  type CanonicalIdentifierOptions,
  type Gs1Code,
  Gs1Error,
  Gs1ErrorCode,
  canonicalIdentifier as gs1CanonicalIdentifier,
  isDigitalLinkShaped,
  parseCode,
  toEpcUri,
} from "@tracehub/gs1";
import { EpcisError, EpcisErrorCode } from "./errors";

/**
 * How identifiers are read for EPCIS: convenience alphas (`/gtin/…`) and zero-suppressed GTINs occur in captured
 * data and in the CBV hash vectors; cross-AI association rules are not checked (as `canonicalIdentifier` does).
 */
const READ_OPTIONS: CanonicalIdentifierOptions = { permitConvenienceAlphas: true, permitZeroSuppressedGtin: true, checkAssociations: false };
const HASH_ENCODING: CanonicalIdentifierOptions = { cbvHashEncoding: true };

interface Canonical {
  readonly hub: string;
  readonly hash: string;
}
/**
 * A value gs1 does not read and whose reason nobody asks for (`gs1IdentifierProblem` reports only EPC URNs and
 * `id.gs1.org` links): most business-transaction and other web URIs. One shared marker instead of keeping a
 * `Gs1Error` (message, detail) per such URI in the memo, which the GC then had to promote and trace.
 */
const NOT_GS1 = Symbol("not a GS1 identifier");
type Entry = Canonical | Gs1Error | typeof NOT_GS1;

/**
 * Memo of gs1 results by input text. A gs1 parse costs a few microseconds and validation, normalisation and hashing
 * each look at the same identifiers (readPoint, sources... repeat across events), so each distinct text is parsed
 * once. Bounded: cleared when it reaches `CACHE_MAX` entries.
 */
const cache = new Map<string, Entry>();
const CACHE_MAX = 100_000;

/**
 * True for `urn:epc:id:`, `urn:epc:class:` and `urn:epc:idpat:` values. The first character is tested first: the hash
 * asks about every leaf value of every event (times, actions, quantities...), and five `startsWith` per value showed
 * in profiles.
 */
function isEpcUrn(v: string): boolean {
  return v.charCodeAt(0) === 0x75 /* u */ && v.startsWith("urn:epc:") && (v.startsWith("id:", 8) || v.startsWith("class:", 8) || v.startsWith("idpat:", 8));
}

function isWebUri(v: string): boolean {
  return v.charCodeAt(0) === 0x68 /* h */ && (v.startsWith("https://") || v.startsWith("http://"));
}

function offeredToGs1(v: string): boolean {
  return isEpcUrn(v) || isWebUri(v);
}

/** True for the values whose gs1 error `gs1IdentifierProblem` may report (EPC URNs, `id.gs1.org` links). */
function problemReportable(v: string): boolean {
  return isEpcUrn(v) || (v.charCodeAt(0) === 0x68 /* h */ && GS1_RESOLVER.test(v));
}
const GS1_RESOLVER = /^https?:\/\/id\.gs1\.org\//;

function lookup(v: string): Entry {
  const hit = cache.get(v);
  if (hit !== undefined) return hit;
  const entry = read(v);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(v, entry);
  return entry;
}

function read(v: string): Entry {
  // A web URI without a GS1 key path is what gs1 would reject as NOT_A_DIGITAL_LINK: when its reason is not wanted,
  // skip the throw (an exception per business-transaction URI was the largest single cost of hashing them).
  if (isWebUri(v) && !problemReportable(v) && !isDigitalLinkShaped(v, READ_OPTIONS)) return NOT_GS1;
  let entry: Entry;
  // A value gs1 rejects ends in a Gs1Error; its stack trace is never used here and capturing it doubles the cost.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const code: Gs1Code = parseCode(v, READ_OPTIONS);
    const hub = gs1CanonicalIdentifier(code);
    // The two encodings differ only in percent-escapes (of ' ; =), so without a '%' the hub text is the hash text.
    entry = { hub, hash: constrainForHash(hub.includes("%") ? gs1CanonicalIdentifier(code, HASH_ENCODING) : hub) };
  } catch (error) {
    if (!(error instanceof Gs1Error)) throw error;
    entry = problemReportable(v) ? error : NOT_GS1;
  } finally {
    Error.stackTraceLimit = limit;
  }
  return entry;
}

/**
 * Key qualifiers the event hash keeps, per primary key, finest first (CBV event hash rule 18, "constrained canonical GS1
 * Digital Link": `00 / 01 / 01 21 / 01 10 / 01 235 / 253 / 255 / 401 / 402 / 414 / 414 254 / 417 / 8003 / 8004 / 8006 /
 * 8006 21 / 8006 10 / 8010 / 8010 8011 / 8017 / 8018`). At most one is kept; keys not listed keep none. gs1's canonical
 * Digital Link already keeps only the finest level for a GTIN (01); an ITIP (8006) keeps its CPV (22) there and a
 * GSRN/GSRNP (8018/8017) its SRIN (8019), which the hash drops.
 */
const HASH_QUALIFIERS: Readonly<Record<string, readonly string[]>> = {
  "01": ["21", "235", "10"],
  "8006": ["21", "10"],
  "414": ["254"],
  "8010": ["8011"],
};
const ID_GS1 = "https://id.gs1.org/";

/** A canonical `https://id.gs1.org` Digital Link reduced to the key and the one qualifier the event hash keeps. */
function constrainForHash(dl: string): string {
  if (!dl.startsWith(ID_GS1)) return dl;
  const segments = dl.slice(ID_GS1.length).split("/");
  if (segments.length <= 2) return dl; // the key alone
  const [key = "", value = ""] = segments;
  const allowed = HASH_QUALIFIERS[key] ?? [];
  for (const q of allowed) {
    for (let i = 2; i + 1 < segments.length; i += 2) {
      if (segments[i] === q) return `${ID_GS1}${key}/${value}/${q}/${segments[i + 1] as string}`;
    }
  }
  return `${ID_GS1}${key}/${value}`;
}

/** gs1's canonical forms of `uri`, or `undefined` when EPCIS keeps it as given. */
function canonicalForms(uri: string): Canonical | undefined {
  const v = uri.trim();
  if (!offeredToGs1(v)) return undefined;
  const e = lookup(v);
  return e === NOT_GS1 || e instanceof Gs1Error ? undefined : e;
}

/**
 * The hub's canonical form of an identifier found in an EPCIS event: GS1 keys (EPC URN or Digital Link on any host)
 * become gs1's canonical `https://id.gs1.org` Digital Link; every other value is returned trimmed, as given.
 */
export function canonicalEpcisIdentifier(uri: string): string {
  return canonicalForms(uri)?.hub ?? uri.trim();
}

/**
 * Like `canonicalEpcisIdentifier`, with the percent-encoding of the CBV 2.0 event hash (gs1 `cbvHashEncoding`) and only
 * the key qualifiers the hash keeps (an ITIP's serial, not its CPV; see `HASH_QUALIFIERS`). EPC pattern URIs go through
 * gs1 like every EPC URI: whatever `urn:epc:idpat:` scheme gs1 reads becomes its Digital Link, the others stay as given.
 */
export function cbvHashIdentifier(uri: string): string {
  return canonicalForms(uri)?.hash ?? uri.trim();
}

/** True when `uri` is a GS1 identifier (EPC URN or GS1 Digital Link) that gs1 reads. */
export function isGs1Identifier(uri: string): boolean {
  return canonicalForms(uri) !== undefined;
}

/**
 * Why gs1 rejects an EPC URN (`urn:epc:id|class|idpat:`) or an `id.gs1.org` Digital Link, or `undefined` when it
 * reads it (or the value is not one of those). EPC pattern URNs of schemes gs1 has no pattern for are not reported:
 * they are legal EPCIS and are kept as given.
 */
export function gs1IdentifierProblem(value: string): Gs1Error | undefined {
  if (!problemReportable(value)) return undefined;
  const e = lookup(value.trim());
  if (!(e instanceof Gs1Error) || ignoredPatternProblem(value, e)) return undefined;
  return e;
}

/** What validation needs to know about one listed identifier (see {@link checkListedIdentifier}). */
export interface ListedIdentifierFacts {
  /** As {@link gs1IdentifierProblem}. */
  readonly problem: Gs1Error | undefined;
  /** As {@link canonicalEpcisIdentifier}. */
  readonly canonical: string;
}

/**
 * `gs1IdentifierProblem(value)` and `canonicalEpcisIdentifier(value)` with one memo lookup instead of two: the rules
 * ask both for every EPC of every list (the second to find duplicates).
 */
export function checkListedIdentifier(value: string): ListedIdentifierFacts {
  const v = value.trim();
  // problemReportable(value) implies offeredToGs1(v), so one lookup serves both answers.
  const entry = offeredToGs1(v) ? lookup(v) : undefined;
  const canonical = entry === undefined || entry === NOT_GS1 || entry instanceof Gs1Error ? v : entry.hub;
  const problem = problemReportable(value) && entry instanceof Gs1Error && !ignoredPatternProblem(value, entry) ? entry : undefined;
  return { problem, canonical };
}

/** EPC pattern URNs of schemes gs1 has no pattern for are legal EPCIS, kept as given: not a problem. */
function ignoredPatternProblem(value: string, error: Gs1Error): boolean {
  return value.startsWith("urn:epc:idpat:") && error.code === Gs1ErrorCode.UNSUPPORTED_SCHEME;
}

/** How to learn the GS1 Company Prefix length of a Digital Link when rendering it as an EPC URN. */
export type CompanyPrefixLength = number | ((canonicalDigitalLink: string) => number | undefined);

/**
 * Renders a GS1 identifier as an EPC URN with gs1's `toEpcUri` (pure identity, `lgtin` class, or `sgtin` pattern for a
 * GTIN alone). The company prefix length may be looked up per canonical Digital Link.
 * @throws EpcisError `NEEDS_COMPANY_PREFIX_LENGTH` without a usable length (6..12), `UNSUPPORTED_IDENTIFIER` when the
 *   value is not a GS1 identifier or has no EPC URN form (gs1's reason in the message).
 */
export function digitalLinkToEpcUri(dl: string, companyPrefixLength: CompanyPrefixLength | undefined): string {
  const canonical = canonicalForms(dl)?.hub;
  if (canonical === undefined) throw new EpcisError(EpcisErrorCode.UNSUPPORTED_IDENTIFIER, `not a GS1 identifier: ${dl}`);
  const len = typeof companyPrefixLength === "function" ? companyPrefixLength(canonical) : companyPrefixLength;
  try {
    return toEpcUri(canonical, len === undefined ? {} : { companyPrefixLength: len });
  } catch (error) {
    if (!(error instanceof Gs1Error)) throw error;
    const needsLength = error.code === Gs1ErrorCode.NEEDS_COMPANY_PREFIX_LENGTH || error.code === Gs1ErrorCode.BAD_COMPANY_PREFIX_LENGTH;
    throw new EpcisError(
      needsLength ? EpcisErrorCode.NEEDS_COMPANY_PREFIX_LENGTH : EpcisErrorCode.UNSUPPORTED_IDENTIFIER,
      `cannot render ${canonical} as an EPC URN: ${error.message}`,
    );
  }
}
