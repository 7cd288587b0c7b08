import { isCset82 } from "./charset";
import { hasValidCheckDigit, isDigits } from "./check-digit";
import { CANONICAL_DL_STEM, percentEncodeDlValue } from "./digital-link";
import { validateElementValue } from "./element-string";
import type { Gs1DateOptions } from "./dates";
import { Gs1Error } from "./errors";
import type { Gs1CodeKind } from "./code";

/** The kinds of identifier a canonical id names: one physical thing, a product, or a lot of a product. */
export type CanonicalIdKind = Exclude<Gs1CodeKind, "other">;

/**
 * What a canonical id carries, by kind: `sgtin` {gtin, serial}, `gtin` {gtin}, `lgtin` {gtin, lot}, `sscc` {sscc},
 * `sgln` {gln, extension?}, `pgln` {gln}, `grai` {grai}, `giai` {giai}. Values are decoded (no percent-encoding).
 */
export interface CanonicalIdParts {
  kind: CanonicalIdKind;
  /** GTIN-14 (sgtin, gtin, lgtin). */
  gtin?: string;
  /** Serial, AI 21 (sgtin). */
  serial?: string;
  /** Lot, AI 10 (lgtin). */
  lot?: string;
  /** SSCC, 18 digits (sscc). */
  sscc?: string;
  /** GLN, 13 digits (sgln, pgln). */
  gln?: string;
  /** GLN extension, AI 254 (sgln, when present). */
  extension?: string;
  /** GRAI, AI 8003: asset type with check digit, then the optional serial (grai). */
  grai?: string;
  /** GIAI, AI 8004 (giai). */
  giai?: string;
}

/** The path layouts a canonical id may have (AIs in order) and the kind each names. */
const LAYOUTS: ReadonlyMap<string, CanonicalIdKind> = new Map([
  ["01/21", "sgtin"],
  ["01", "gtin"],
  ["01/10", "lgtin"],
  ["00", "sscc"],
  ["414", "sgln"],
  ["414/254", "sgln"],
  ["417", "pgln"],
  ["8003", "grai"],
  ["8004", "giai"],
]);

/** Which part each AI fills. */
const FIELD: Readonly<Record<string, keyof Omit<CanonicalIdParts, "kind">>> = {
  "01": "gtin",
  "21": "serial",
  "10": "lot",
  "00": "sscc",
  "414": "gln",
  "417": "gln",
  "254": "extension",
  "8003": "grai",
  "8004": "giai",
};

const PREFIX = `${CANONICAL_DL_STEM}/`;

/** Options of {@link readCanonicalId}. */
export interface ReadCanonicalIdOptions {
  /**
   * Check each value against its AI's rules (length, character set 82, check digit) and its percent-encoding
   * against the canonical one (default true). With false only the shape is checked: the AI layout, digit keys of
   * the right length (14 for a GTIN, 18 for an SSCC, 13 for a GLN) and non-empty, decodable other values.
   */
  checkValues?: boolean;
}

/**
 * Reads one of the hub's canonical ids (as {@link canonicalUnitId}, {@link gtinClassId} and {@link lgtinClassId}
 * print them: `https://id.gs1.org/01/{gtin14}/21/{serial}`, `/01/{gtin14}`, `/01/{gtin14}/10/{lot}`, `/00/{sscc}`,
 * `/414/{gln}[/254/{ext}]`, `/417/{gln}`, `/8003/{grai}`, `/8004/{giai}`) into its decoded parts, without a full
 * parse (it runs for every unit of a capture).
 *
 * Returns `undefined` for anything else: another host or scheme, a query string or fragment, another AI layout (a
 * lot beside a serial, a trailing slash), a value that breaks its AI's rules (length, character set, check digit),
 * or a value not percent-encoded exactly as the canonical form encodes it. So with the default options a result
 * means `id` is canonical, and printing its parts again gives back `id`. `checkValues: false` checks the shape only.
 */
export function readCanonicalId(id: string, options: ReadCanonicalIdOptions = {}): CanonicalIdParts | undefined {
  if (typeof id !== "string" || !id.startsWith(PREFIX) || id.includes("?") || id.includes("#")) return undefined;
  // Two or four segments, found with indexOf.
  const a = PREFIX.length;
  const b = id.indexOf("/", a);
  if (b === -1) return undefined;
  const c = id.indexOf("/", b + 1);
  const d = c === -1 ? -1 : id.indexOf("/", c + 1);
  if (c !== -1 && (d === -1 || id.indexOf("/", d + 1) !== -1)) return undefined;
  const keyAi = id.slice(a, b);
  const qualifierAi = c === -1 ? undefined : id.slice(c + 1, d);
  const kind = LAYOUTS.get(qualifierAi === undefined ? keyAi : `${keyAi}/${qualifierAi}`);
  if (kind === undefined) return undefined;
  const check = options.checkValues !== false;
  const parts: CanonicalIdParts = { kind };
  if (!readValue(parts, keyAi, id.slice(b + 1, c === -1 ? id.length : c), check)) return undefined;
  if (qualifierAi !== undefined && !readValue(parts, qualifierAi, id.slice(d + 1), check)) return undefined;
  return parts;
}

/** Decodes, checks and stores one path value; false when it does not pass. */
function readValue(parts: CanonicalIdParts, ai: string, raw: string, check: boolean): boolean {
  const value = decodeValue(raw);
  if (value === undefined) return false;
  if (check ? !validFor(ai, value) || percentEncodeDlValue(value) !== raw : !shapedFor(ai, value)) return false;
  parts[FIELD[ai] as keyof Omit<CanonicalIdParts, "kind">] = value;
  return true;
}

function decodeValue(raw: string): string | undefined {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** Digits a numeric key of a canonical id has. */
const KEY_DIGITS: Readonly<Record<string, number>> = { "01": 14, "00": 18, "414": 13, "417": 13 };

/** The shape check of `checkValues: false`. */
function shapedFor(ai: string, value: string): boolean {
  const digits = KEY_DIGITS[ai];
  return digits === undefined ? value.length > 0 : value.length === digits && isDigits(value);
}

/**
 * {@link isValidElementValue} for the AIs of canonical ids, with the AI table's rules for the common ones written
 * out (N14/N18/N13 with a check digit, X..20); the spec checks they agree.
 */
function validFor(ai: string, value: string): boolean {
  switch (ai) {
    case "01":
    case "00":
    case "414":
    case "417":
      return value.length === KEY_DIGITS[ai] && hasValidCheckDigit(value);
    case "21":
    case "10":
    case "254":
      return value.length >= 1 && value.length <= 20 && isCset82(value);
    default:
      return isValidElementValue(ai, value);
  }
}

/**
 * The kind of identifier a canonical id names, by its shape (`readCanonicalId(id, { checkValues: false })`); `other`
 * for any other string. Cheap enough to classify every id of a capture; it does not validate check digits.
 */
export function canonicalIdKind(id: string): Gs1CodeKind {
  return readCanonicalId(id, { checkValues: false })?.kind ?? "other";
}

/**
 * True when `value` is a valid value of Application Identifier `ai` on its own: length, character set (numeric,
 * character set 82, 39 or 64), check digit, date. `isValidElementValue("10", lot)` checks a lot and
 * `isValidElementValue("21", serial)` a serial (both 1 to 20 characters of character set 82). The throwing
 * variant, with a message that says what is wrong, is `validateElementValue`.
 */
export function isValidElementValue(ai: string, value: string, options: Gs1DateOptions = {}): boolean {
  if (typeof value !== "string") return false;
  try {
    validateElementValue(ai, value, options);
    return true;
  } catch (error) {
    if (error instanceof Gs1Error) return false;
    throw error;
  }
}
