import { getAiDefinition } from "./ai-table";
import { gs1DateToIso, isoToGs1Date } from "./dates";
import {
  CANONICAL_DL_STEM,
  type DigitalLinkParseOptions,
  arrangeForDigitalLink,
  formatDigitalLink,
  normalizeStem,
  readDigitalLink,
} from "./digital-link";
import { binarySchemeOfHeader, decodeEpcBinary, encodeEpcBinary } from "./epc-binary";
import {
  type EpcBinaryScheme,
  type EpcIdentity,
  EPC_BINARY_SCHEMES,
  checkEncodable,
  formatEpcUri,
  formatTagUri,
  identityCompanyPrefix,
  identitySchemeOf,
  identityToElements,
  parseEpcUri,
} from "./epc-uri";
import {
  type ElementValidationOptions,
  type Gs1Element,
  formatElementString,
  readBracketedElementString,
  readScanData,
  validateElements,
} from "./element-string";
import { Gs1Error, Gs1ErrorCode, fail } from "./errors";
import { isDigits, normalizeGtin } from "./check-digit";

/**
 * What a code identifies:
 * `sgtin` GTIN + serial (a unit), `lgtin` GTIN + lot (no serial), `gtin` GTIN alone (a product / class),
 * `sscc` a logistic unit, `sgln` a location GLN (with optional extension), `pgln` a party GLN,
 * `grai` a returnable asset, `giai` an individual asset, `other` any other GS1 data (e.g. (02)+(37), ITIP).
 */
export type Gs1CodeKind = "sgtin" | "lgtin" | "gtin" | "sscc" | "sgln" | "pgln" | "grai" | "giai" | "other";

/** The form the input was written in. */
export type Gs1InputForm =
  | "element-string"
  | "scan-data"
  | "digital-link"
  | "epc-uri"
  | "epc-class-uri"
  | "epc-pattern-uri"
  | "epc-tag-uri"
  | "epc-hex";

/**
 * One normalised GS1 identifier, whatever form it was read from.
 *
 * `elements` is the source of truth (AI/value pairs, validated); the other fields are conveniences
 * read from it. GTINs are always 14 digits.
 */
export interface Gs1Code {
  /** What the code identifies. */
  readonly kind: Gs1CodeKind;
  /** The form it was read from. */
  readonly form: Gs1InputForm;
  /** All AI elements, validated, in input order (Digital Link: path first, then query). */
  readonly elements: readonly Gs1Element[];
  /** AI (01) GTIN, 14 digits. */
  readonly gtin?: string;
  /** AI (21) serial number. */
  readonly serial?: string;
  /** AI (10) batch/lot. */
  readonly lot?: string;
  /** AI (17) expiry as an ISO date `YYYY-MM-DD` (`DD=00` read as the last day of the month). */
  readonly expiry?: string;
  /** AI (00) SSCC, 18 digits. */
  readonly sscc?: string;
  /** AI (414) location GLN, or AI (417) party GLN for `kind: "pgln"`. */
  readonly gln?: string;
  /** AI (254) GLN extension. */
  readonly extension?: string;
  /** AI (8003) GRAI (the full AI value: `0` + 13 digits + optional serial). */
  readonly grai?: string;
  /** AI (8004) GIAI. */
  readonly giai?: string;
  /** GS1 Company Prefix length, when the input carried it (EPC forms) or the caller gave it. */
  readonly companyPrefixLength?: number;
  /** RFID filter value 0–7 (tag URI and hex forms only; not part of the identity). */
  readonly filter?: number;
  /** RFID binary scheme (tag URI and hex forms only). */
  readonly scheme?: EpcBinaryScheme;
  /** Symbology identifier that prefixed scan data, e.g. `]d2`. */
  readonly symbologyId?: string;
  /** Every other AI, keyed by AI digits (e.g. `{ "11": "250101", "3103": "000189" }`). */
  readonly attributes: Readonly<Record<string, string>>;
}

/** Options of {@link parseCode}. */
export interface ParseCodeOptions extends DigitalLinkParseOptions, ElementValidationOptions {
  /**
   * GS1 Company Prefix length of the key, when the caller knows it (kept on the result for later EPC conversions).
   * EPC URIs and hex carry their own, which wins.
   */
  companyPrefixLength?: number;
}

const GS1_SYMBOLOGIES = new Set(["]d2", "]Q3", "]C1", "]e0", "]J1"]);
const URI_SYMBOLOGIES = new Set(["]d1", "]Q1"]);

const KIND_BY_KEY: Record<string, Gs1CodeKind> = { "00": "sscc", "414": "sgln", "417": "pgln", "8003": "grai", "8004": "giai" };
const NAMED_AIS = new Set(["01", "21", "10", "17", "00", "254", "8003", "8004"]);

function kindOf(elements: readonly Gs1Element[]): Gs1CodeKind {
  const key = elements.find((e) => getAiDefinition(e.ai)?.dlQualifiers !== undefined);
  if (key === undefined) return "other";
  if (key.ai === "01") {
    if (elements.some((e) => e.ai === "235")) return "other";
    if (elements.some((e) => e.ai === "21")) return "sgtin";
    if (elements.some((e) => e.ai === "10")) return "lgtin";
    return "gtin";
  }
  return KIND_BY_KEY[key.ai] ?? "other";
}

interface CodeExtras {
  companyPrefixLength?: number | undefined;
  filter?: number | undefined;
  scheme?: EpcBinaryScheme | undefined;
  symbologyId?: string | undefined;
}

function checkPrefixLengthOption(n: number | undefined): number | undefined {
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 1 || n > 12) {
    fail(Gs1ErrorCode.BAD_COMPANY_PREFIX_LENGTH, `A GS1 Company Prefix has 1 to 12 digits; companyPrefixLength ${String(n)} is not possible.`);
  }
  return n;
}

/**
 * Builds a {@link Gs1Code} from AI elements (validated first).
 *
 * @throws Gs1Error for any invalid value or broken cross-AI rule (see {@link validateElements}).
 */
export function codeFromElements(
  elements: readonly Gs1Element[],
  form: Gs1InputForm = "element-string",
  extras: CodeExtras = {},
  options: ElementValidationOptions = {},
): Gs1Code {
  if (elements.length === 0) fail(Gs1ErrorCode.EMPTY_INPUT, "The data holds no GS1 element.");
  const valid = validateElements(elements, options);
  const kind = kindOf(valid);
  const code: Record<string, unknown> = { kind, form, elements: valid };
  const attributes: Record<string, string> = {};
  const glnAi = kind === "pgln" ? "417" : valid.some((e) => e.ai === "414") ? "414" : "417";
  for (const { ai, value } of valid) {
    if (ai === glnAi) {
      code.gln = value;
      continue;
    }
    if (!NAMED_AIS.has(ai)) {
      attributes[ai] = value;
      continue;
    }
    switch (ai) {
      case "01":
        code.gtin = value;
        break;
      case "21":
        code.serial = value;
        break;
      case "10":
        code.lot = value;
        break;
      case "17":
        code.expiry = gs1DateToIso(value, true, options, ai);
        break;
      case "00":
        code.sscc = value;
        break;
      case "254":
        code.extension = value;
        break;
      case "8003":
        code.grai = value;
        break;
      case "8004":
        code.giai = value;
        break;
    }
  }
  code.attributes = attributes;
  if (extras.companyPrefixLength !== undefined) code.companyPrefixLength = extras.companyPrefixLength;
  if (extras.filter !== undefined) code.filter = extras.filter;
  if (extras.scheme !== undefined) code.scheme = extras.scheme;
  if (extras.symbologyId !== undefined) code.symbologyId = extras.symbologyId;
  return code as unknown as Gs1Code;
}

/** Builds a {@link Gs1Code} from an EPC identity. No company prefix length is needed: the identity carries it. */
export function codeFromIdentity(identity: EpcIdentity, form: Gs1InputForm, extras: CodeExtras = {}, options: ElementValidationOptions = {}): Gs1Code {
  // Written out rather than `{ ...extras, companyPrefixLength }`: on Node 20 (V8 11.3), adding a property to an
  // object made by spread takes a slow runtime path, measured at ~0.7 µs per call, a quarter of an EPC URI parse.
  const withLength: CodeExtras = {
    companyPrefixLength: identityCompanyPrefix(identity)?.length,
    filter: extras.filter,
    scheme: extras.scheme,
    symbologyId: extras.symbologyId,
  };
  return codeFromElements(identityToElements(identity), form, withLength, options);
}

function parseEpcUriCode(uri: string, options: ParseCodeOptions): Gs1Code {
  const parsed = parseEpcUri(uri);
  const form: Gs1InputForm =
    parsed.uriKind === "tag" ? "epc-tag-uri" : parsed.uriKind === "class" ? "epc-class-uri" : parsed.uriKind === "idpat" ? "epc-pattern-uri" : "epc-uri";
  return codeFromIdentity(parsed.identity, form, { filter: parsed.filter, scheme: parsed.scheme }, options);
}

function parseHex(hex: string, options: ParseCodeOptions): Gs1Code {
  const decoded = decodeEpcBinary(hex);
  return codeFromIdentity(decoded.identity, "epc-hex", { filter: decoded.filter, scheme: decoded.scheme }, options);
}

function parseDl(uri: string, options: ParseCodeOptions, symbologyId?: string): Gs1Code {
  const { elements } = readDigitalLink(uri, options);
  return codeFromElements(elements, "digital-link", { companyPrefixLength: options.companyPrefixLength, symbologyId }, options);
}

/**
 * Reads a GS1 identifier in any form and returns one normalised {@link Gs1Code}:
 *
 * - bracketed element string `(01)09506000134352(17)261231(10)ABC(21)XYZ`;
 * - scan data, unbracketed with GS (0x1D) separators, optionally prefixed by a symbology identifier
 *   (`]d2` DataMatrix, `]Q3` QR, `]C1` GS1-128, `]e0` DataBar, `]J1` DotCode; `]E0`/`]E4` EAN-13/EAN-8;
 *   `]d1`/`]Q1` followed by a Digital Link URI);
 * - a GS1 Digital Link URI on any host;
 * - EPC pure-identity URIs (`urn:epc:id:sgtin|sscc|sgln|grai|giai|pgln:`), `urn:epc:class:lgtin:`,
 *   `urn:epc:idpat:sgtin:{gcp}.{item}.*`, and tag URIs (`urn:epc:tag:sgtin-96:` …);
 * - EPC binary as hex (SGTIN-96/198, SSCC-96, SGLN-96/195, GRAI-96/170, GIAI-96/202).
 *
 * Leading and trailing whitespace (a scanner's CR/LF) is ignored.
 *
 * @throws Gs1Error for every problem, with a stable `code` (`EMPTY_INPUT`, `UNRECOGNIZED_FORMAT`, `BAD_CHECK_DIGIT`,
 *   `UNKNOWN_AI`, `INVALID_CHARACTER`, `TOO_LONG`, `BAD_DATE`, `MISSING_REQUIRED_AI`, `QUALIFIER_ORDER`,
 *   `UNSUPPORTED_SCHEME`, `TRUNCATED_BINARY`, ...).
 */
export function parseCode(input: string, options: ParseCodeOptions = {}): Gs1Code {
  if (typeof input !== "string") fail(Gs1ErrorCode.UNRECOGNIZED_FORMAT, `Expected the scanned or typed code as text; got ${typeof input}.`);
  const s = input.trim();
  if (s === "") fail(Gs1ErrorCode.EMPTY_INPUT, "The code is empty: nothing was scanned or typed.");
  checkPrefixLengthOption(options.companyPrefixLength);
  const extras = { companyPrefixLength: options.companyPrefixLength };
  const c0 = s.charCodeAt(0);
  if (c0 === 0x5d /* ] */) {
    const sym = s.slice(0, 3);
    const data = s.slice(3);
    if (GS1_SYMBOLOGIES.has(sym)) {
      if (data === "") fail(Gs1ErrorCode.EMPTY_INPUT, `The scan has symbology identifier ${sym} but no data after it.`);
      return codeFromElements(readScanData(data), "scan-data", { companyPrefixLength: extras.companyPrefixLength, symbologyId: sym }, options);
    }
    if (URI_SYMBOLOGIES.has(sym) && /^https?:\/\//i.test(data)) return parseDl(data, options, sym);
    if ((sym === "]E0" && /^\d{13}$/.test(data)) || (sym === "]E4" && /^\d{8}$/.test(data))) {
      return codeFromElements([{ ai: "01", value: normalizeGtin(data) }], "scan-data", { companyPrefixLength: extras.companyPrefixLength, symbologyId: sym }, options);
    }
    fail(
      Gs1ErrorCode.UNSUPPORTED_SYMBOLOGY,
      `The scan starts with symbology identifier "${sym}", which does not carry GS1 data this system reads (expected ]d2, ]Q3, ]C1, ]e0, ]J1, ]E0, ]E4, or ]d1/]Q1 with a Digital Link). Configure the scanner to send GS1 data.`,
      { value: sym },
    );
  }
  if (c0 === 0x28 /* ( */) return codeFromElements(readBracketedElementString(s), "element-string", extras, options);
  if (/^urn:epc:/i.test(s)) return parseEpcUriCode(s, options);
  if (/^https?:\/\//i.test(s)) return parseDl(s, options);
  if (/^[0-9A-Fa-f]+$/.test(s) && !isDigits(s)) return parseHex(s, options);
  if (isDigits(s) || c0 === 0x1d || (isDigits(s.slice(0, 2)) && s.includes("\u001d"))) {
    try {
      return codeFromElements(readScanData(s), "scan-data", extras, options);
    } catch (error) {
      // A hex EPC can be all digits (e.g. SGTIN-96 "3014…"): try it when the header fits.
      if (isDigits(s) && s.length >= 24 && binarySchemeOfHeader(parseInt(s.slice(0, 2), 16)) !== undefined) {
        try {
          return parseHex(s, options);
        } catch {
          throw error;
        }
      }
      throw error;
    }
  }
  fail(
    Gs1ErrorCode.UNRECOGNIZED_FORMAT,
    `"${s.length > 40 ? `${s.slice(0, 40)}…` : s}" is not a GS1 code: expected an element string "(01)…", scan data, a Digital Link "https://…/01/…", an EPC URI "urn:epc:…" or EPC hex.`,
    { value: s.slice(0, 40) },
  );
}

/**
 * Plain key fields, for callers that hold a GTIN and serial (or SSCC, GLN...) rather than a scanned code.
 * Every conversion accepts them in place of a {@link Gs1Code}; they are validated like scanned data.
 */
export interface Gs1KeyFields {
  /** GTIN-8/12/13/14 (stored as 14 digits). */
  gtin?: string;
  /** Serial number (21). */
  serial?: string;
  /** Batch/lot (10). */
  lot?: string;
  /** Expiry as an ISO date `YYYY-MM-DD` (17). */
  expiry?: string;
  /** SSCC (00). */
  sscc?: string;
  /** Location GLN (414). */
  gln?: string;
  /** GLN extension (254). */
  extension?: string;
  /** GRAI (8003). */
  grai?: string;
  /** GIAI (8004). */
  giai?: string;
  /** GS1 Company Prefix length, when known. */
  companyPrefixLength?: number;
}

/** Anything the conversions accept: a parsed code, a string {@link parseCode} reads, or plain key fields. */
export type Gs1CodeLike = Gs1Code | Gs1KeyFields | string;

function codeFromFields(f: Gs1KeyFields): Gs1Code {
  const elements: Gs1Element[] = [];
  if (f.sscc !== undefined) elements.push({ ai: "00", value: f.sscc });
  if (f.gtin !== undefined) elements.push({ ai: "01", value: /^(\d{8}|\d{12}|\d{13})$/.test(f.gtin) ? normalizeGtin(f.gtin) : f.gtin });
  if (f.expiry !== undefined) elements.push({ ai: "17", value: isoToGs1Date(f.expiry) });
  if (f.lot !== undefined) elements.push({ ai: "10", value: f.lot });
  if (f.serial !== undefined) elements.push({ ai: "21", value: f.serial });
  if (f.gln !== undefined) elements.push({ ai: "414", value: f.gln });
  if (f.extension !== undefined) elements.push({ ai: "254", value: f.extension });
  if (f.grai !== undefined) elements.push({ ai: "8003", value: f.grai });
  if (f.giai !== undefined) elements.push({ ai: "8004", value: f.giai });
  return codeFromElements(elements, "element-string", { companyPrefixLength: checkPrefixLengthOption(f.companyPrefixLength) });
}

function asCode(code: Gs1CodeLike, options?: ParseCodeOptions): Gs1Code {
  if (typeof code === "string") return parseCode(code, options);
  if (typeof code !== "object" || code === null) {
    return fail(Gs1ErrorCode.UNRECOGNIZED_FORMAT, `Expected a GS1 code, text or key fields; got ${code === null ? "null" : typeof code}.`);
  }
  if ("elements" in code && Array.isArray(code.elements) && "kind" in code) return code;
  return codeFromFields(code);
}

/** Options of {@link toElementString}. */
export interface ToElementStringOptions {
  /** `true` (default): bracketed `(01)…(21)…`; `false`: unbracketed with GS (0x1D) separators, as a barcode carries it. */
  brackets?: boolean;
  /** For `brackets: false`, a symbology identifier to prefix (e.g. `"]d2"`). */
  symbologyId?: string;
}

/**
 * Writes a code as a GS1 element string (all its AIs, in the code's order).
 * @example toElementString(parseCode("https://id.gs1.org/01/09506000134352/10/ABC/21/XYZ")) === "(01)09506000134352(10)ABC(21)XYZ"
 * @throws Gs1Error when `code` is a string that does not parse.
 */
export function toElementString(code: Gs1CodeLike, options: ToElementStringOptions = {}): string {
  const c = asCode(code);
  return formatElementString(c.elements, { brackets: options.brackets ?? true, ...(options.symbologyId === undefined ? {} : { symbologyId: options.symbologyId }) });
}

/** Options of {@link toDigitalLink}. */
export interface ToDigitalLinkOptions {
  /** Scheme, host and optional path, e.g. `https://brand.example/dl`. Default `https://id.gs1.org`. */
  stem?: string;
}

/**
 * Writes a code as a GS1 Digital Link URI: primary key, its qualifiers in the mandatory order, every other
 * AI as a query attribute in the code's order; values percent-encoded outside RFC 3986 "unreserved".
 * Needs no company prefix length.
 *
 * @example toDigitalLink("(01)12312312312326(22)ABC(10)DEF(21)GHI", { stem: "https://example.com" })
 *   === "https://example.com/01/12312312312326/22/ABC/10/DEF/21/GHI"
 * @throws Gs1Error `MISSING_KEY` (no primary key), `NOT_A_DL_ATTRIBUTE`, `INVALID_OPTION` (bad stem).
 */
export function toDigitalLink(code: Gs1CodeLike, options: ToDigitalLinkOptions = {}): string {
  const c = asCode(code);
  const stem = options.stem === undefined ? CANONICAL_DL_STEM : normalizeStem(options.stem);
  const { path, query } = arrangeForDigitalLink(c.elements);
  return formatDigitalLink(path, query, stem);
}

/** Options for conversions that split a key at its GS1 Company Prefix. */
export interface CompanyPrefixOptions {
  /**
   * Number of digits of the GS1 Company Prefix (6–12 for EPC). Needed when the code came from an element string
   * or Digital Link; EPC URIs and hex carry it already.
   */
  companyPrefixLength?: number;
}

function requirePrefixLength(c: Gs1Code, options: CompanyPrefixOptions, target: string): number {
  const n = options.companyPrefixLength ?? c.companyPrefixLength;
  const keyText = c.gtin !== undefined ? `GTIN ${c.gtin}` : c.sscc !== undefined ? `SSCC ${c.sscc}` : c.gln !== undefined ? `GLN ${c.gln}` : "this key";
  if (n === undefined) {
    fail(
      Gs1ErrorCode.NEEDS_COMPANY_PREFIX_LENGTH,
      `Converting ${keyText} to ${target} needs the length of its GS1 Company Prefix, which cannot be read from the digits. Pass { companyPrefixLength } (6–12) from the organisation's prefix settings.`,
    );
  }
  if (!Number.isInteger(n) || n < 6 || n > 12) {
    fail(Gs1ErrorCode.BAD_COMPANY_PREFIX_LENGTH, `EPC identifiers need a GS1 Company Prefix of 6 to 12 digits; got companyPrefixLength ${String(n)} for ${keyText}.`);
  }
  return n;
}

/**
 * Splits a code's key at its GS1 Company Prefix into an EPC identity.
 * @throws Gs1Error `NEEDS_COMPANY_PREFIX_LENGTH`, `BAD_COMPANY_PREFIX_LENGTH`, `UNSUPPORTED_SCHEME`, `MISSING_KEY`.
 */
export function toEpcIdentity(code: Gs1CodeLike, options: CompanyPrefixOptions = {}): EpcIdentity {
  const c = asCode(code);
  if (c.kind === "other") return otherIdentity(c, options);
  const L = requirePrefixLength(c, options, "an EPC");
  switch (c.kind) {
    case "sgtin":
    case "lgtin":
    case "gtin": {
      const gtin = c.gtin ?? "";
      const companyPrefix = gtin.slice(1, 1 + L);
      const itemRef = gtin.charAt(0) + gtin.slice(1 + L, 13);
      if (c.kind === "sgtin") return { scheme: "sgtin", companyPrefix, itemRef, serial: c.serial ?? "" };
      if (c.kind === "lgtin") return { scheme: "lgtin", companyPrefix, itemRef, lot: c.lot ?? "" };
      return { scheme: "gtin", companyPrefix, itemRef };
    }
    case "sscc": {
      const sscc = c.sscc ?? "";
      return { scheme: "sscc", companyPrefix: sscc.slice(1, 1 + L), serialRef: sscc.charAt(0) + sscc.slice(1 + L, 17) };
    }
    case "sgln": {
      const gln = c.gln ?? "";
      return { scheme: "sgln", companyPrefix: gln.slice(0, L), locationRef: gln.slice(L, 12), extension: c.extension ?? "0" };
    }
    case "pgln": {
      const gln = c.gln ?? "";
      return { scheme: "pgln", companyPrefix: gln.slice(0, L), partyRef: gln.slice(L, 12) };
    }
    case "grai": {
      const grai = c.grai ?? "";
      // A GRAI without serial names an asset type: the pattern urn:epc:idpat:grai:{gcp}.{assetType}.* (as a GTIN alone).
      if (grai.length <= 14) return classPattern("grai", [grai.slice(1, 1 + L), grai.slice(1 + L, 13)]);
      return { scheme: "grai", companyPrefix: grai.slice(1, 1 + L), assetType: grai.slice(1 + L, 13), serial: grai.slice(14) };
    }
    case "giai": {
      const giai = c.giai ?? "";
      const companyPrefix = giai.slice(0, L);
      if (giai.length <= L || !isDigits(companyPrefix)) {
        fail(Gs1ErrorCode.BAD_COMPANY_PREFIX_LENGTH, `GIAI ${giai} does not start with a ${L}-digit company prefix followed by an asset reference.`, { ai: "8004" });
      }
      return { scheme: "giai", companyPrefix, assetRef: giai.slice(L) };
    }
  }
}

const OTHER_KEYS = new Set(["253", "8018", "8017", "255", "402", "401", "8006", "8010", "01"]);

/** The class-level pattern `urn:epc:idpat:{scheme}:{fields}.*` of a key without its serial. */
function classPattern(scheme: "grai" | "gdti" | "sgcn" | "itip" | "cpi", fields: string[]): EpcIdentity {
  return { scheme: "idpat", pattern: { scheme, fields: [...fields, "*"] } };
}

/** EPC identities of the keys that are not a `kind` of their own: GDTI, GSRN(P), SGCN, GSIN, GINC, ITIP, CPI, UPUI. */
function otherIdentity(c: Gs1Code, options: CompanyPrefixOptions): EpcIdentity {
  const key = c.elements.find((e) => getAiDefinition(e.ai)?.dlQualifiers !== undefined);
  if (key === undefined || !OTHER_KEYS.has(key.ai)) {
    fail(
      Gs1ErrorCode.UNSUPPORTED_SCHEME,
      `This code (${c.elements.map((e) => `(${e.ai})`).join("")}) has no EPC URI form; EPCs exist for SGTIN, LGTIN, SSCC, SGLN, PGLN, GRAI, GIAI, GDTI, GSRN, SGCN, GSIN, GINC, ITIP, CPI and UPUI.`,
    );
  }
  const L = requirePrefixLength(c, options, "an EPC");
  const v = key.value;
  const companyPrefix = v.slice(0, L);
  const other = (ai: string): string => c.elements.find((e) => e.ai === ai)?.value ?? "";
  const needs = (value: string, what: string): string => {
    if (value === "") fail(Gs1ErrorCode.MISSING_KEY, `AI (${key.ai}) ${v} has no ${what}; its EPC identifies one instance and needs it.`, { ai: key.ai });
    return value;
  };
  const digitPrefix = (): string => {
    if (!isDigits(companyPrefix) || v.length <= L) {
      fail(Gs1ErrorCode.BAD_COMPANY_PREFIX_LENGTH, `AI (${key.ai}) ${v} does not start with a ${L}-digit company prefix followed by a reference.`, { ai: key.ai });
    }
    return companyPrefix;
  };
  switch (key.ai) {
    case "253":
      if (v.length <= 13) return classPattern("gdti", [companyPrefix, v.slice(L, 12)]);
      return { scheme: "gdti", companyPrefix, documentType: v.slice(L, 12), serial: needs(v.slice(13), "serial component") };
    case "8018":
    case "8017":
      return { scheme: key.ai === "8018" ? "gsrn" : "gsrnp", companyPrefix, serviceRef: v.slice(L, 17) };
    case "255":
      if (v.length <= 13) return classPattern("sgcn", [companyPrefix, v.slice(L, 12)]);
      return { scheme: "sgcn", companyPrefix, couponRef: v.slice(L, 12), serial: needs(v.slice(13), "serial component") };
    case "402":
      return { scheme: "gsin", companyPrefix, shipperRef: v.slice(L, 16) };
    case "401":
      return { scheme: "ginc", companyPrefix: digitPrefix(), consignmentRef: v.slice(L) };
    case "8006":
      if (other("21") === "" && other("10") === "") return classPattern("itip", [v.slice(1, 1 + L), v.charAt(0) + v.slice(1 + L, 13), v.slice(14, 16), v.slice(16, 18)]);
      return {
        scheme: "itip",
        companyPrefix: v.slice(1, 1 + L),
        itemRef: v.charAt(0) + v.slice(1 + L, 13),
        piece: v.slice(14, 16),
        total: v.slice(16, 18),
        serial: needs(other("21"), "serial (21)"),
      };
    case "8010":
      if (other("8011") === "") return classPattern("cpi", [digitPrefix(), v.slice(L)]);
      return { scheme: "cpi", companyPrefix: digitPrefix(), componentRef: v.slice(L), serial: needs(other("8011"), "serial (8011)") };
    default:
      return { scheme: "upui", companyPrefix: v.slice(1, 1 + L), itemRef: v.charAt(0) + v.slice(1 + L, 13), tpx: needs(other("235"), "third-party serial extension (235)") };
  }
}

/**
 * The EPC URI of a code: `urn:epc:id:sgtin|sscc|sgln|pgln|grai|giai|gdti|…:…` for instance keys,
 * `urn:epc:class:lgtin:…` for GTIN + lot without serial, `urn:epc:idpat:sgtin:{gcp}.{item}.*` for a GTIN alone, and the
 * class-level pattern of the other keys without their serial: GRAI (8003) without serial →
 * `urn:epc:idpat:grai:{gcp}.{assetType}.*`, GDTI (253) → `idpat:gdti`, SGCN (255) → `idpat:sgcn`, ITIP (8006) without
 * (21) and (10) → `idpat:itip:{gcp}.{item}.{piece}.{total}.*`, CPI (8010) without (8011) → `idpat:cpi`.
 * SGLN without extension gets extension `0`.
 *
 * @example toEpcUri("(01)80614141123458(21)6789", { companyPrefixLength: 7 }) === "urn:epc:id:sgtin:0614141.812345.6789"
 * @throws Gs1Error `NEEDS_COMPANY_PREFIX_LENGTH` when the code came from an element string or Digital Link and no
 *   length is given; `BAD_COMPANY_PREFIX_LENGTH`, `UNSUPPORTED_SCHEME`, `MISSING_KEY`.
 */
export function toEpcUri(code: Gs1CodeLike, options: CompanyPrefixOptions = {}): string {
  return formatEpcUri(toEpcIdentity(code, options));
}

/** Options of {@link toEpcTagUri} and {@link toEpcHex}. */
export interface EpcTagOptions extends CompanyPrefixOptions {
  /**
   * Binary scheme, e.g. `sgtin-96`. Defaults to the code's own scheme (tag forms), else the 96-bit scheme when the
   * value fits it, else the long one (`sgtin-198`, `sgln-195`, `grai-170`, `giai-202`).
   */
  scheme?: EpcBinaryScheme;
  /** Filter value 0–7 (e.g. SGTIN: 1 point-of-sale item, 2 full case, 6 unit load). Defaults to the code's own filter; required otherwise. */
  filter?: number;
}

function resolveTag(code: Gs1CodeLike, options: EpcTagOptions): { identity: EpcIdentity; scheme: EpcBinaryScheme; filter: number } {
  const c = asCode(code);
  const identity = toEpcIdentity(c, options);
  let scheme = options.scheme;
  if (scheme !== undefined && !(EPC_BINARY_SCHEMES as readonly string[]).includes(scheme)) {
    fail(Gs1ErrorCode.UNSUPPORTED_SCHEME, `RFID scheme "${String(scheme)}" is not supported; use one of ${EPC_BINARY_SCHEMES.join(", ")}.`, { value: String(scheme) });
  }
  if (scheme === undefined && c.scheme !== undefined && identitySchemeOf(c.scheme) === identity.scheme) scheme = c.scheme;
  if (scheme === undefined) {
    const candidates = EPC_BINARY_SCHEMES.filter((s) => identitySchemeOf(s) === identity.scheme);
    if (candidates.length === 0) {
      fail(
        Gs1ErrorCode.UNSUPPORTED_SCHEME,
        identity.scheme === "idpat" || identity.scheme === "gtin"
          ? `${formatEpcUri(identity)} is a pattern (a class of objects), which has no RFID tag encoding: a tag carries one EPC, with its serial.`
          : `${identity.scheme.toUpperCase()} has no RFID tag encoding.`,
      );
    }
    scheme = candidates.find((s) => {
      try {
        checkEncodable(identity, s);
        return true;
      } catch (e) {
        if (e instanceof Gs1Error) return false;
        throw e;
      }
    }) ?? candidates[candidates.length - 1];
  }
  const filter = options.filter ?? c.filter;
  if (filter === undefined) {
    fail(Gs1ErrorCode.BAD_FILTER, "An RFID tag needs a filter value 0–7 (e.g. 1 point-of-sale item, 2 full case, 6 unit load); pass { filter }.");
  }
  return { identity, scheme: scheme as EpcBinaryScheme, filter };
}

/**
 * The EPC tag URI of a code, e.g. `urn:epc:tag:sgtin-96:3.0614141.812345.6789`.
 * @throws Gs1Error `NEEDS_COMPANY_PREFIX_LENGTH`, `UNSUPPORTED_SCHEME`, `NOT_ENCODABLE` (e.g. a letter in an SGTIN-96 serial), `BAD_FILTER`.
 */
export function toEpcTagUri(code: Gs1CodeLike, options: EpcTagOptions = {}): string {
  const { identity, scheme, filter } = resolveTag(code, options);
  return formatTagUri(identity, scheme, filter);
}

/**
 * The EPC binary of a code as upper-case hex, e.g. `3074257BF7194E4000001A85`.
 * @throws Gs1Error as {@link toEpcTagUri}.
 */
export function toEpcHex(code: Gs1CodeLike, options: EpcTagOptions = {}): string {
  const { identity, scheme, filter } = resolveTag(code, options);
  return encodeEpcBinary(identity, scheme, filter);
}

function canonical(path: ReadonlyArray<Gs1Element | undefined>): string {
  return formatDigitalLink(path.filter((e): e is Gs1Element => e !== undefined), [], CANONICAL_DL_STEM);
}

/**
 * The hub's canonical id of one physical thing: the canonical Digital Link of its key, without lot, expiry or
 * any query attribute. Lot is not part of a unit's identity.
 *
 * - SGTIN `https://id.gs1.org/01/{gtin14}/21/{serial}`
 * - SSCC `https://id.gs1.org/00/{sscc}`
 * - SGLN `https://id.gs1.org/414/{gln}` (+ `/254/{extension}`), PGLN `https://id.gs1.org/417/{gln}`
 * - GRAI `https://id.gs1.org/8003/{grai}`, GIAI `https://id.gs1.org/8004/{giai}`
 *
 * Accepts a parsed code or any string {@link parseCode} reads; EPC URNs need no company prefix length.
 *
 * @throws Gs1Error `MISSING_KEY` for a code that identifies a class, not an instance (GTIN alone, GTIN + lot, ...).
 */
export function canonicalUnitId(code: Gs1CodeLike, options?: ParseCodeOptions): string {
  const c = asCode(code, options);
  switch (c.kind) {
    case "sgtin":
      return canonical([{ ai: "01", value: c.gtin ?? "" }, { ai: "21", value: c.serial ?? "" }]);
    case "sscc":
      return canonical([{ ai: "00", value: c.sscc ?? "" }]);
    case "sgln":
      return canonical([{ ai: "414", value: c.gln ?? "" }, c.extension === undefined ? undefined : { ai: "254", value: c.extension }]);
    case "pgln":
      return canonical([{ ai: "417", value: c.gln ?? "" }]);
    case "grai":
      return canonical([{ ai: "8003", value: c.grai ?? "" }]);
    case "giai":
      return canonical([{ ai: "8004", value: c.giai ?? "" }]);
    default:
      return fail(
        Gs1ErrorCode.MISSING_KEY,
        `This code (${c.elements.map((e) => `(${e.ai})`).join("")}) identifies a product or class, not one unit: a unit id needs GTIN + serial (01)(21), an SSCC, a GLN, a GRAI or a GIAI.`,
      );
  }
}

/**
 * The GTIN-only class id `https://id.gs1.org/01/{gtin14}` (EPCIS `epcClass` for "any instance of this product";
 * the Digital Link equivalent of `urn:epc:idpat:sgtin:{gcp}.{item}.*`).
 * @throws Gs1Error `MISSING_KEY` when the code has no GTIN.
 */
export function gtinClassId(code: Gs1CodeLike, options?: ParseCodeOptions): string {
  const c = asCode(code, options);
  if (c.gtin === undefined) fail(Gs1ErrorCode.MISSING_KEY, "A GTIN class id needs a GTIN (01); this code has none.");
  return canonical([{ ai: "01", value: c.gtin }]);
}

/**
 * The LGTIN class id `https://id.gs1.org/01/{gtin14}/10/{lot}` (EPCIS `epcClass` of a lot; the Digital Link
 * equivalent of `urn:epc:class:lgtin:…`).
 * @throws Gs1Error `MISSING_KEY` when the code has no GTIN or no lot.
 */
export function lgtinClassId(code: Gs1CodeLike, options?: ParseCodeOptions): string {
  const c = asCode(code, options);
  if (c.gtin === undefined || c.lot === undefined) fail(Gs1ErrorCode.MISSING_KEY, "An LGTIN class id needs a GTIN (01) and a lot (10); this code lacks one.");
  return canonical([{ ai: "01", value: c.gtin }, { ai: "10", value: c.lot }]);
}

/**
 * Canonicalises any identifier EPCIS carries, for CBV 2.0 event hashing (standards.md §2.6 step 8): EPC URNs
 * (`urn:epc:id:sgtin|sscc|sgln|grai|giai|pgln`, tag URIs, `urn:epc:class:lgtin`, `urn:epc:idpat:sgtin`) and Digital
 * Links on any host become the canonical `https://id.gs1.org` Digital Link with the query string stripped, keeping
 * only the finest key + qualifier level (SGTIN: `/01/…/21/…` without lot or CPV; LGTIN: `/01/…/10/…`; GTIN or
 * pattern: `/01/…`; SGLN: `/414/…[/254/…]`, extension `0` of a URN meaning none). No company prefix length needed.
 *
 * @throws Gs1Error when the input is not a GS1 identifier (see {@link tryCanonicalIdentifier} for a non-throwing variant).
 */
export function canonicalIdentifier(input: Gs1CodeLike, options?: CanonicalIdentifierOptions): string {
  // Options only matter for text input; `Object.assign` rather than spread + extra key (slow on V8 11.3, see codeFromIdentity).
  const code = typeof input === "string" ? parseCode(input, Object.assign({}, options, { checkAssociations: false })) : asCode(input);
  const id = canonicalIdentifierOf(code);
  // The CBV 2.0 hash reference leaves ' ; = unescaped in Digital Link paths.
  return options?.cbvHashEncoding === true ? id.replace(/%27|%3B|%3D/g, (e) => decodeURIComponent(e)) : id;
}

/** Options of {@link canonicalIdentifier}. */
export interface CanonicalIdentifierOptions extends ParseCodeOptions {
  /**
   * Percent-encode values exactly as the CBV 2.0 event-hash reference implementation does (`'`, `;` and `=` left
   * as they are). By default every character outside RFC 3986 "unreserved" is percent-encoded, as in
   * {@link toDigitalLink}. The two differ only for serials, lots or extensions containing `'`, `;` or `=`.
   */
  cbvHashEncoding?: boolean;
}

function canonicalIdentifierOf(c: Gs1Code): string {
  switch (c.kind) {
    case "lgtin":
      return lgtinClassId(c);
    case "gtin":
      return gtinClassId(c);
    case "other": {
      const { path } = arrangeForDigitalLink(c.elements);
      return canonical(path);
    }
    default:
      return canonicalUnitId(c);
  }
}

/** Like {@link canonicalIdentifier}, but returns `undefined` instead of throwing for input that is not a GS1 identifier. */
export function tryCanonicalIdentifier(input: string, options?: CanonicalIdentifierOptions): string | undefined {
  try {
    return canonicalIdentifier(input, options);
  } catch (error) {
    if (error instanceof Gs1Error) return undefined;
    throw error;
  }
}

/**
 * Returns the code reduced to its unit key (GTIN + serial, SSCC, GLN (+extension), GRAI, GIAI), dropping lot,
 * dates and other attributes; `toDigitalLink(unitKey(code))` equals {@link canonicalUnitId}.
 * @throws Gs1Error `MISSING_KEY` as {@link canonicalUnitId}.
 */
export function unitKey(code: Gs1CodeLike): Gs1Code {
  const c = asCode(code);
  const keep: Record<Gs1CodeKind, readonly string[]> = {
    sgtin: ["01", "21"], sscc: ["00"], sgln: ["414", "254"], pgln: ["417"], grai: ["8003"], giai: ["8004"], lgtin: [], gtin: [], other: [],
  };
  const ais = keep[c.kind];
  if (ais.length === 0) canonicalUnitId(c);
  return codeFromElements(
    c.elements.filter((e) => ais.includes(e.ai)),
    c.form,
    { companyPrefixLength: c.companyPrefixLength, symbologyId: c.symbologyId },
    { checkAssociations: false },
  );
}

