import { GS, gs1CheckDigit, parseCode, toDigitalLink, toElementString, toEpcHex, toEpcTagUri, toEpcUri } from "@tracehub/gs1";
import fc from "fast-check";

/** Codes of things the hub under test really holds, so some generated identifiers resolve. */
export interface KnownCodes {
  /** Canonical Digital Links of commissioned units. */
  unitIds: string[];
  gtins: string[];
  lots: string[];
  /** Length of the GS1 Company Prefix of the known GTINs (EPC URNs, tag URIs and hex need it). */
  companyPrefixLength: number;
}

/** Every form the gs1 library can write one code in: element strings, scan data, Digital Links, EPC URN, tag URIs, hex. */
export function renderingsOf(code: string, companyPrefixLength: number): string[] {
  const parsed = parseCode(code);
  const forms: (() => string)[] = [
    () => code,
    () => toElementString(parsed),
    () => `]d2${toElementString(parsed, { brackets: false })}`,
    () => toElementString(parsed, { brackets: false, symbologyId: "]Q3" }),
    () => toDigitalLink(parsed, { stem: "https://brand.example/dl" }),
    () => toEpcUri(parsed, { companyPrefixLength }),
    () => toEpcTagUri(parsed, { companyPrefixLength, filter: 1 }),
    () => toEpcTagUri(parsed, { companyPrefixLength, filter: 3, scheme: "sgtin-198" }),
    () => toEpcHex(parsed, { companyPrefixLength, filter: 1 }),
  ];
  const out: string[] = [];
  for (const form of forms) {
    try {
      out.push(form());
    } catch {
      // A form the code cannot take (e.g. SGTIN-96 with a letter in the serial) is simply not offered.
    }
  }
  return out;
}

/** Characters that break parsers: separators of every code syntax, controls, look-alike digits, a lone surrogate. */
const NASTY_CHARS = [GS, "\u0000", "(", ")", "%", "%2", "%00", "/", ":", ".", "?", "#", "&", "=", " ", "\n", "\\", "'", '"', "é", "٣", "０", "\ud800", "😀", "\u202e", "]", "]d2"];

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
const cset82 = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"), minLength: min, maxLength: max });

/** A GTIN-like string: known ones, valid random ones of each length, wrong check digits, wrong lengths. */
export function gtinArb(known: KnownCodes): fc.Arbitrary<string> {
  const withCheck = (length: number) => digits(length - 1, length - 1).map((body) => body + gs1CheckDigit(body));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known.gtins) },
    { weight: 2, arbitrary: fc.constantFrom(8, 12, 13, 14).chain(withCheck) },
    { weight: 2, arbitrary: digits(0, 20) },
    { weight: 1, arbitrary: fc.constantFrom(...known.gtins).map((g) => g.slice(0, -1) + String((Number(g.at(-1)) + 1) % 10)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 16 }) },
  );
}

/** A serial or lot: known ones, GS1 charset strings of legal and illegal lengths, other characters. */
function serialArb(known: KnownCodes): fc.Arbitrary<string> {
  const serials = known.unitIds.map((id) => decodeURIComponent(id.split("/21/")[1] ?? "1"));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...serials, ...known.lots) },
    { weight: 3, arbitrary: cset82(1, 20) },
    { weight: 1, arbitrary: cset82(21, 40) },
    { weight: 1, arbitrary: digits(1, 30) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constant("") },
  );
}

/** A GS1 date (YYMMDD): real ones, day 00, impossible months and days, wrong lengths. */
function gs1DateArb(): fc.Arbitrary<string> {
  const two = (n: number) => String(n).padStart(2, "0");
  return fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 31 })).map(([y, m, d]) => two(y) + two(m) + two(d)),
    fc.constantFrom("000000", "991399", "250230", "250200", "251332", "99999", "2512311", "ABCDEF"),
    digits(0, 8),
  );
}

/** Element strings with parentheses, in any order, with unknown or repeated AIs. */
function elementStringArb(known: KnownCodes): fc.Arbitrary<string> {
  const element = fc.oneof(
    gtinArb(known).map((v) => ["01", v]),
    serialArb(known).map((v) => ["21", v]),
    serialArb(known).map((v) => ["10", v]),
    gs1DateArb().map((v) => ["17", v]),
    gs1DateArb().map((v) => ["11", v]),
    digits(18, 18).map((v) => ["00", v]),
    fc.tuple(fc.constantFrom("99", "7003", "8003", "8004", "414", "254", "3103", "", "1", "9999", "0"), cset82(0, 12)),
  );
  return fc.array(element, { minLength: 1, maxLength: 5 }).map((els) => els.map(([ai, v]) => `(${ai})${v}`).join(""));
}

/** Raw scan data: a symbology identifier, AIs without brackets, GS separators where needed, missing or doubled. */
function scanDataArb(known: KnownCodes): fc.Arbitrary<string> {
  const symbology = fc.constantFrom("]d2", "]Q3", "]C1", "]e0", "]d1", "]z9", "]", "");
  const separator = fc.constantFrom(GS, GS, "", GS + GS, "\u001e", "|");
  return fc
    .tuple(symbology, gtinArb(known), serialArb(known), separator, fc.option(serialArb(known)), separator, fc.option(gs1DateArb()), fc.boolean())
    .map(([sym, gtin, serial, sep1, lot, sep2, expiry, serialLast]) => {
      const tail = [lot === null ? "" : `10${lot}${sep2}`, expiry === null ? "" : `17${expiry}`].join("");
      return serialLast ? `${sym}01${gtin}${tail}21${serial}` : `${sym}01${gtin}21${serial}${sep1}${tail}`;
    });
}

/** Digital Links on many hosts, with key qualifiers in and out of order, query attributes and bad escapes. */
function digitalLinkArb(known: KnownCodes): fc.Arbitrary<string> {
  const stem = fc.constantFrom("https://id.gs1.org", "http://example.com", "https://brand.example/dl/a/b", "HTTPS://ID.GS1.ORG", "ftp://id.gs1.org", "https://", "//id.gs1.org", "", "https://id.gs1.org:99999");
  const segment = fc.oneof(
    gtinArb(known).map((v) => `/01/${v}`),
    serialArb(known).map((v) => `/21/${encodeURIComponent(v)}`),
    serialArb(known).map((v) => `/21/${v}`),
    serialArb(known).map((v) => `/10/${encodeURIComponent(v)}`),
    digits(18, 18).map((v) => `/00/${v}`),
    fc.constantFrom("/", "//", "/01", "/21/", "/%zz", "/%00", "/22/X", "/8003/0", "/414/1234567890128/254/%ff"),
  );
  const query = fc.option(
    fc.array(
      fc.oneof(
        gs1DateArb().map((v) => `17=${v}`),
        cset82(0, 10).map((v) => `10=${encodeURIComponent(v)}`),
        fc.constantFrom("linkType=gs1:pip", "17", "=", "%", "99=x&99=y", "3103=000189"),
      ),
      { minLength: 1, maxLength: 3 },
    ).map((q) => `?${q.join("&")}`),
  );
  return fc
    .tuple(stem, fc.array(segment, { minLength: 1, maxLength: 4 }), query, fc.option(fc.constantFrom("#frag", "#", "#?17=250101")))
    .map(([s, segs, q, frag]) => `${s}${segs.join("")}${q ?? ""}${frag ?? ""}`);
}

/** EPC pure-identity URNs and tag URIs of every scheme, with prefixes of wrong lengths and filters out of range. */
function epcUriArb(known: KnownCodes): fc.Arbitrary<string> {
  const scheme = fc.constantFrom("sgtin", "sscc", "sgln", "grai", "giai", "lgtin", "gdti", "nope", "SGTIN");
  const tagScheme = fc.constantFrom("sgtin-96", "sgtin-198", "sscc-96", "sgln-96", "grai-96", "grai-170", "giai-96", "giai-202", "sgtin-97");
  const companyPrefix = fc.oneof(fc.constant(known.gtins[0]?.slice(1, 1 + known.companyPrefixLength) ?? "9506000"), digits(0, 13));
  const part = fc.oneof(digits(0, 14), cset82(0, 24));
  return fc.oneof(
    fc.tuple(fc.constantFrom("urn:epc:id:", "urn:epc:idpat:", "urn:epc:class:", "URN:EPC:ID:", "urn:epc:"), scheme, companyPrefix, fc.array(part, { maxLength: 3 })).map(
      ([head, s, cp, parts]) => `${head}${s}:${[cp, ...parts].join(".")}`,
    ),
    fc.tuple(tagScheme, fc.integer({ min: -1, max: 9 }), companyPrefix, fc.array(part, { maxLength: 3 })).map(([s, f, cp, parts]) => `urn:epc:tag:${s}:${[String(f), cp, ...parts].join(".")}`),
  );
}

/** RFID EPC binary as hex: lengths of every scheme and wrong ones, lower case, a 0x prefix, headers no scheme uses. */
function hexArb(): fc.Arbitrary<string> {
  const hex = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789ABCDEF"), minLength: min, maxLength: max });
  return fc.oneof(
    fc.constantFrom(24, 50, 52, 56, 44).chain((n) => hex(n, n)),
    fc.constantFrom("30", "31", "36", "33", "34", "35", "38", "00", "FF").chain((header) => hex(22, 22).map((rest) => header + rest)),
    hex(0, 70),
    hex(24, 24).map((h) => `0x${h.toLowerCase()}`),
  );
}

/** Strings that are no code at all: empty, blank, binary, very long. */
function garbageArb(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.constantFrom("", " ", "\u0000", "null", "undefined", "01", "()", "(01)", "]d2", "%", "'; DROP TABLE units; --"),
    fc.tuple(fc.constantFrom("(01)09506000134352(21)", "https://id.gs1.org/01/09506000134352/21/", "9", "%41"), fc.integer({ min: 500, max: 20_000 })).map(
      ([head, n]) => head + "9".repeat(n),
    ),
  );
}

/** One character-level edit of a string. */
type Edit = { kind: "insert" | "delete" | "replace" | "duplicate" | "truncate" | "case"; at: number; text: string };

const editArb: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom("insert", "delete", "replace", "duplicate", "truncate", "case"),
  at: fc.nat(),
  text: fc.oneof(fc.constantFrom(...NASTY_CHARS), fc.string({ minLength: 1, maxLength: 2 })),
});

/** Applies character edits; positions are taken modulo the string's length, so every edit applies. */
export function applyEdits(input: string, edits: readonly Edit[]): string {
  let s = input;
  for (const { kind, at, text } of edits) {
    const i = s.length === 0 ? 0 : at % s.length;
    if (kind === "insert") s = s.slice(0, i) + text + s.slice(i);
    else if (kind === "delete") s = s.slice(0, i) + s.slice(i + 1);
    else if (kind === "replace") s = s.slice(0, i) + text + s.slice(i + 1);
    else if (kind === "duplicate") s = s.slice(0, i) + s.slice(i) + s.slice(i);
    else if (kind === "truncate") s = s.slice(0, i);
    else s = at % 2 ? s.toUpperCase() : s.toLowerCase();
  }
  return s;
}

/**
 * Identifier strings as a scanner, a web page or a careless integration would send them: real codes of the
 * hub in every form, syntactically plausible ones of every form, garbage, and all of those with a few
 * character-level edits.
 */
export function identifierArb(known: KnownCodes): fc.Arbitrary<string> {
  const realForms = known.unitIds.flatMap((id) => renderingsOf(id, known.companyPrefixLength));
  const base = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...realForms) },
    { weight: 2, arbitrary: elementStringArb(known) },
    { weight: 2, arbitrary: scanDataArb(known) },
    { weight: 2, arbitrary: digitalLinkArb(known) },
    { weight: 2, arbitrary: epcUriArb(known) },
    { weight: 1, arbitrary: hexArb() },
    { weight: 1, arbitrary: garbageArb() },
  );
  return fc.oneof({ weight: 3, arbitrary: base }, { weight: 2, arbitrary: fc.tuple(base, fc.array(editArb, { minLength: 1, maxLength: 4 })).map(([s, edits]) => applyEdits(s, edits)) });
}
