import { type AiDefinition, aiMatchesPattern, getAiDefinition, matchAi } from "./ai-table";
import { charsetName, describeCharacter, firstInvalidCharacter } from "./charset";
import { hasValidCheckDigit, gs1CheckDigit } from "./check-digit";
import { type Gs1DateOptions, checkHhmm, daysInMonth, gs1DateToIso } from "./dates";
import { Gs1ErrorCode, fail } from "./errors";
import {
  type LintReject,
  lintCouponCode,
  lintCouponPositiveOffer,
  lintCsumAlpha,
  lintGcpPos1,
  lintGcpPos2,
  lintIban,
  lintImporterIndex,
  lintIso3166,
  lintIso3166Alpha2,
  lintIso3166Or999,
  lintIso4217,
  lintMediaType,
  lintPackageType,
} from "./linters";

/** The ASCII group separator (0x1D) that stands for FNC1 between variable-length AIs in scan data. */
export const GS = "\u001d";

/** One Application Identifier with its value, e.g. `{ ai: "21", value: "XYZ" }`. */
export interface Gs1Element {
  /** The AI digits. */
  readonly ai: string;
  /** The value exactly as carried (no brackets, no separators). */
  readonly value: string;
}

/** Options for validating AI values. */
export interface ElementValidationOptions extends Gs1DateOptions {
  /**
   * Check cross-AI rules (`21` requires `01`, `21` excludes `235`, ...). Default `true`.
   * Turn off only for partial data that will be combined with another carrier of the same item.
   */
  checkAssociations?: boolean;
}

function label(def: AiDefinition): string {
  return `AI (${def.ai}) ${def.title}`;
}

function describeAi(ai: string): string {
  const def = getAiDefinition(ai);
  return def === undefined ? `(${ai})` : `(${ai}) ${def.title}`;
}

/** The linters of `linters.ts`, by dictionary name: each refuses through the `reject` it is given. */
const LINTERS: Readonly<Record<string, (part: string, reject: LintReject) => void>> = {
  gcppos1: lintGcpPos1,
  gcppos2: lintGcpPos2,
  csumalpha: lintCsumAlpha,
  iso3166: lintIso3166,
  iso3166999: lintIso3166Or999,
  iso3166alpha2: lintIso3166Alpha2,
  iso4217: lintIso4217,
  iban: lintIban,
  mediatype: lintMediaType,
  packagetype: lintPackageType,
  importeridx: lintImporterIndex,
  couponcode: lintCouponCode,
  couponposoffer: lintCouponPositiveOffer,
};

/**
 * The dictionary linters {@link validateElementValue} applies. Any other linter named by the AI table is not checked
 * (the value still gets its length and character set checked); the syntax dictionary spec lists those by AI.
 * @internal
 */
export const ENFORCED_LINTERS: ReadonlySet<string> = new Set([
  "csum", "yymmd0", "yymmdd", "yyyymmdd", "hhmi", "hh", "mi", "ss", "zero", "nonzero", "nozeroprefix", "hasnondigit",
  "yesno", "winding", "iso5218", "hyphen", "pieceoftotal", "posinseqslash", "pcenc", "latitude", "longitude",
  ...Object.keys(LINTERS),
]);

function digitsAre(part: string): boolean {
  return /^\d+$/.test(part);
}

/**
 * Runs one linter on one component `part` of `value`, which starts at `offset` in the value; unknown linters pass
 * (see {@link ENFORCED_LINTERS}).
 */
function runCheck(check: string, part: string, value: string, def: AiDefinition, options: Gs1DateOptions, offset: number): void {
  const ai = def.ai;
  const linter = LINTERS[check];
  if (linter !== undefined) {
    linter(part, (code, why, position) => fail(code, `${label(def)}: ${why}`, { ai, value: part, ...(position === undefined ? {} : { position: offset + position }) }));
    return;
  }
  const badValue = (why: string, detailValue: string = part): never => fail(Gs1ErrorCode.BAD_VALUE, `${label(def)}: ${why}`, { ai, value: detailValue });
  switch (check) {
    case "csum":
      if (!hasValidCheckDigit(part)) {
        const expected = gs1CheckDigit(part.slice(0, -1));
        fail(
          Gs1ErrorCode.BAD_CHECK_DIGIT,
          `${label(def)}: ${part} ends in check digit ${part.slice(-1)}, but its digits give ${expected}. Re-scan the code or check the number.`,
          { ai, value: part },
        );
      }
      return;
    case "yymmd0":
      gs1DateToIso(part, true, options, ai);
      return;
    case "yymmdd":
      gs1DateToIso(part, false, options, ai);
      return;
    case "yyyymmdd": {
      const year = Number(part.slice(0, 4));
      const month = Number(part.slice(4, 6));
      const day = Number(part.slice(6, 8));
      if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
        fail(Gs1ErrorCode.BAD_DATE, `${label(def)}: "${part}" is not a calendar date YYYYMMDD.`, { ai, value: part });
      }
      return;
    }
    case "hhmi":
      checkHhmm(part, ai);
      return;
    case "hh":
      if (Number(part) > 23) fail(Gs1ErrorCode.BAD_DATE, `${label(def)}: hour ${part} is not 00–23.`, { ai, value });
      return;
    case "mi":
    case "ss":
      if (Number(part) > 59) {
        fail(Gs1ErrorCode.BAD_DATE, `${label(def)}: ${check === "mi" ? "minute" : "second"} ${part} is not 00–59.`, { ai, value });
      }
      return;
    case "zero":
      if (part !== "0") badValue(`the value must start with the digit 0; it starts with ${part}.`);
      return;
    case "nonzero":
      if (/^0+$/.test(part)) badValue(`"${value}" has ${part} where a number other than zero is needed.`, value);
      return;
    case "nozeroprefix":
      if (part.length > 1 && part.startsWith("0")) badValue(`"${part}" must not start with 0.`);
      return;
    case "hasnondigit":
      if (digitsAre(part)) badValue(`"${part}" must contain at least one character that is not a digit.`);
      return;
    case "yesno":
      if (part !== "0" && part !== "1") badValue(`must be 0 (no) or 1 (yes); got ${part}.`);
      return;
    case "winding":
      if (part !== "0" && part !== "1" && part !== "9") badValue(`the winding direction must be 0, 1 or 9; got ${part}.`);
      return;
    case "iso5218":
      if (part !== "0" && part !== "1" && part !== "2" && part !== "9") badValue(`the sex code (ISO/IEC 5218) must be 0, 1, 2 or 9; got ${part}.`);
      return;
    case "hyphen":
      if (part !== "-") badValue(`the optional last character must be '-'; got '${part}'.`);
      return;
    case "pieceoftotal": {
      const piece = Number(part.slice(0, 2));
      const total = Number(part.slice(2, 4));
      if (piece < 1 || total < 1 || piece > total) {
        fail(Gs1ErrorCode.BAD_VALUE, `${label(def)}: piece ${part.slice(0, 2)} of total ${part.slice(2, 4)} is not a valid piece number.`, { ai, value: part });
      }
      return;
    }
    case "posinseqslash": {
      const m = /^([1-9])\/([1-9])$/.exec(part);
      if (m === null || Number(m[1]) > Number(m[2])) badValue(`"${part}" must be a position in a sequence, "n/m" with 1 ≤ n ≤ m ≤ 9.`);
      return;
    }
    case "pcenc":
      for (let i = part.indexOf("%"); i !== -1; i = part.indexOf("%", i + 1)) {
        if (!/^%[0-9A-Fa-f]{2}$/.test(part.slice(i, i + 3))) badValue(`"${value}" has a '%' at position ${i + 1} that does not start a percent escape %XX.`, value);
      }
      return;
    case "latitude":
      if (Number(part) > 1800000000) badValue(`latitude ${part} is more than 1800000000 (90° north).`);
      return;
    case "longitude":
      if (Number(part) > 3600000000) badValue(`longitude ${part} is more than 3600000000 (180° east).`);
      return;
    default:
      return;
  }
}

/**
 * Validates one AI value against the AI table: length, character set, check digit, dates.
 *
 * @throws Gs1Error `UNKNOWN_AI`, `TOO_SHORT`, `TOO_LONG`, `INVALID_CHARACTER`, `BAD_CHECK_DIGIT`, `BAD_DATE`, `BAD_VALUE`, or for
 *   AI-specific linters `NO_COMPANY_PREFIX`, `UNKNOWN_COUNTRY_CODE`, `UNKNOWN_CURRENCY_CODE`, `NOT_IN_CODE_LIST`, `BAD_COUPON`.
 */
export function validateElementValue(ai: string, value: string, options: Gs1DateOptions = {}): void {
  const def = getAiDefinition(ai);
  if (def === undefined) fail(Gs1ErrorCode.UNKNOWN_AI, `(${ai}) is not a GS1 Application Identifier this system knows.`, { ai });
  if (value.length === 0) fail(Gs1ErrorCode.TOO_SHORT, `${label(def)} has no value.`, { ai, value });
  if (value.length > def.maxLength) {
    fail(
      Gs1ErrorCode.TOO_LONG,
      `${label(def)}: "${value}" has ${value.length} characters; at most ${def.maxLength} are allowed.`,
      { ai, value },
    );
  }
  if (value.length < def.minLength) {
    fail(
      Gs1ErrorCode.TOO_SHORT,
      `${label(def)}: "${value}" has ${value.length} characters; ${def.minLength === def.maxLength ? "exactly" : "at least"} ${def.minLength} are needed.`,
      { ai, value },
    );
  }
  let pos = 0;
  const comps = def.components;
  for (let i = 0; i < comps.length; i++) {
    const comp = comps[i];
    if (comp === undefined) break;
    if (comp.optional && pos >= value.length) break;
    const isLast = i === comps.length - 1 || (comps[i + 1]?.optional === true && pos + comp.max >= value.length);
    const part = isLast ? value.slice(pos) : value.slice(pos, pos + comp.max);
    if (part.length < comp.min || part.length > comp.max) {
      fail(
        part.length < comp.min ? Gs1ErrorCode.TOO_SHORT : Gs1ErrorCode.TOO_LONG,
        `${label(def)}: "${value}" does not have the required layout (${comps.map((c) => `${c.optional ? "[" : ""}${c.charset}${c.min === c.max ? c.max : `..${c.max}`}${c.optional ? "]" : ""}`).join(" ")}).`,
        { ai, value },
      );
    }
    const bad = firstInvalidCharacter(part, comp.charset);
    if (bad !== -1) {
      const ch = part.charAt(bad);
      fail(
        Gs1ErrorCode.INVALID_CHARACTER,
        `${label(def)}: "${value}" contains ${describeCharacter(ch)} at position ${pos + bad + 1}; this field allows ${charsetName(comp.charset)}.`,
        { ai, value, position: pos + bad },
      );
    }
    for (const check of comp.checks) runCheck(check, part, value, def, options, pos);
    pos += part.length;
  }
}

/**
 * True when an element other than `out[self]` has an AI matching `pattern`. A plain loop rather than `some`
 * callbacks: this runs for every requirement of every element of every parse.
 */
function otherMatches(out: readonly Gs1Element[], self: number, pattern: string): boolean {
  for (let j = 0; j < out.length; j++) {
    if (j !== self && aiMatchesPattern((out[j] as Gs1Element).ai, pattern)) return true;
  }
  return false;
}

/** True when one alternative of a `req` rule is present: each alternative is one AI or pattern, or several joined by `+`. */
function requirementMet(out: readonly Gs1Element[], self: number, group: readonly string[]): boolean {
  for (const alternative of group) {
    if (!alternative.includes("+")) {
      if (otherMatches(out, self, alternative)) return true;
    } else if (alternative.split("+").every((p) => otherMatches(out, self, p))) {
      return true;
    }
  }
  return false;
}

/**
 * Validates a list of elements: every value, duplicates, and (unless turned off) the cross-AI rules.
 * Returns the list with exact duplicates (same AI, same value) removed.
 *
 * @throws Gs1Error as {@link validateElementValue}, plus `DUPLICATE_AI`, `MISSING_REQUIRED_AI`, `EXCLUDED_AI_COMBINATION`.
 */
export function validateElements(elements: readonly Gs1Element[], options: ElementValidationOptions = {}): Gs1Element[] {
  const out: Gs1Element[] = [];
  const seen = new Map<string, string>();
  for (const el of elements) {
    validateElementValue(el.ai, el.value, options);
    const prev = seen.get(el.ai);
    if (prev !== undefined) {
      if (prev === el.value) continue;
      fail(
        Gs1ErrorCode.DUPLICATE_AI,
        `${describeAi(el.ai)} appears twice with different values ("${prev}" and "${el.value}"); one item carries one value.`,
        { ai: el.ai, value: el.value },
      );
    }
    seen.set(el.ai, el.value);
    out.push(el);
  }
  if (options.checkAssociations === false) return out;
  for (let i = 0; i < out.length; i++) {
    const el = out[i];
    if (el === undefined) continue;
    const def = getAiDefinition(el.ai);
    if (def === undefined) continue;
    for (const group of def.requires) {
      if (!requirementMet(out, i, group)) {
        const names = group.map((alt) => alt.split("+").map((p) => (p.includes("n") ? `(${p})` : describeAi(p))).join(" with ")).join(" or ");
        fail(Gs1ErrorCode.MISSING_REQUIRED_AI, `${describeAi(el.ai)} needs ${names} in the same data; it is missing.`, { ai: el.ai });
      }
    }
    for (const pattern of def.excludes) {
      const clash = out.find((other, j) => j !== i && aiMatchesPattern(other.ai, pattern));
      if (clash !== undefined) {
        fail(
          Gs1ErrorCode.EXCLUDED_AI_COMBINATION,
          `${describeAi(el.ai)} and ${describeAi(clash.ai)} must not appear together.`,
          { ai: el.ai },
        );
      }
    }
  }
  return out;
}

/** True when `input` has "(" + 2 to 4 digits + ")" at `pos` (what `/^\(\d{2,4}\)/` matches there). */
function opensAi(input: string, pos: number): boolean {
  let end = pos + 1;
  while (end < input.length && end - pos - 1 < 4 && isDigitCode(input.charCodeAt(end))) end++;
  return end - pos - 1 >= 2 && input.charCodeAt(end) === 0x29; /* ) */
}

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Reads the bracketed, human-readable form `(01)09506000134352(10)ABC(21)XYZ` into elements (not validated).
 * A literal `(` inside a value may be written `\(`.
 *
 * @throws Gs1Error `UNRECOGNIZED_FORMAT` (does not start with `(`), `UNKNOWN_AI`, `TOO_SHORT` (AI without value).
 */
export function readBracketedElementString(input: string): Gs1Element[] {
  if (!input.startsWith("(")) {
    fail(Gs1ErrorCode.UNRECOGNIZED_FORMAT, `A bracketed element string starts with "(AI)"; got "${input.slice(0, 10)}".`);
  }
  const out: Gs1Element[] = [];
  let pos = 0;
  while (pos < input.length) {
    // at "("
    const close = input.indexOf(")", pos);
    const ai = close === -1 ? "" : input.slice(pos + 1, close);
    if (!/^\d{2,4}$/.test(ai)) {
      fail(Gs1ErrorCode.UNRECOGNIZED_FORMAT, `Expected an AI in brackets such as "(01)" at position ${pos + 1}; got "${input.slice(pos, pos + 6)}".`, {
        position: pos,
      });
    }
    if (getAiDefinition(ai) === undefined) {
      fail(Gs1ErrorCode.UNKNOWN_AI, `(${ai}) at position ${pos + 1} is not a GS1 Application Identifier this system knows.`, { ai, position: pos });
    }
    pos = close + 1;
    // The value runs to the next "(AI)"; "\(" stands for "(". Copied in runs between escapes rather than char by char.
    let value = "";
    let runStart = pos;
    while (pos < input.length) {
      const c = input.charCodeAt(pos);
      if (c === 0x5c /* \ */ && input.charCodeAt(pos + 1) === 0x28 /* ( */) {
        value += `${input.slice(runStart, pos)}(`;
        pos += 2;
        runStart = pos;
        continue;
      }
      if (c === 0x28 && opensAi(input, pos)) break;
      pos++;
    }
    value += input.slice(runStart, pos);
    out.push({ ai, value });
  }
  return out;
}

/**
 * Reads unbracketed AI data as a scanner transmits it (after the symbology identifier):
 * AIs back to back, GS (0x1D) after each variable-length value that is not last. A leading
 * or trailing GS is tolerated. Values are not validated here.
 *
 * @throws Gs1Error `UNKNOWN_AI`, `TOO_SHORT` (a predefined-length value cut short).
 */
export function readScanData(data: string): Gs1Element[] {
  const out: Gs1Element[] = [];
  let pos = 0;
  while (pos < data.length) {
    if (data.charCodeAt(pos) === 0x1d) {
      pos++;
      continue;
    }
    const def = matchAi(data, pos);
    if (def === undefined) {
      const shown = data.slice(pos, pos + 4);
      fail(
        Gs1ErrorCode.UNKNOWN_AI,
        `No GS1 Application Identifier starts at position ${pos + 1} ("${shown}…")${pos > 0 ? "; a GS separator may be missing after the previous value, or a value is too long" : ""}.`,
        { position: pos, value: shown },
      );
    }
    pos += def.ai.length;
    let value: string;
    if (def.predefinedLength !== undefined) {
      value = data.slice(pos, pos + def.predefinedLength);
      const gsAt = value.indexOf(GS);
      if (gsAt !== -1) value = value.slice(0, gsAt);
      if (value.length < def.predefinedLength) {
        fail(
          Gs1ErrorCode.TOO_SHORT,
          `${label(def)} needs exactly ${def.predefinedLength} characters; the data has only ${value.length} ("${value}").`,
          { ai: def.ai, value, position: pos },
        );
      }
      pos += value.length;
    } else {
      const end = data.indexOf(GS, pos);
      value = end === -1 ? data.slice(pos) : data.slice(pos, end);
      pos = end === -1 ? data.length : end + 1;
      if (value.length > def.maxLength) {
        fail(
          Gs1ErrorCode.TOO_LONG,
          `${label(def)}: "${value}" has ${value.length} characters; at most ${def.maxLength} are allowed. If another AI follows, the GS separator before it is missing.`,
          { ai: def.ai, value },
        );
      }
    }
    out.push({ ai: def.ai, value });
  }
  return out;
}

/** Options for writing element strings. */
export interface ElementStringFormatOptions {
  /** `true` (default): `(01)…(21)…`; `false`: unbracketed with GS separators as a barcode carries it. */
  brackets?: boolean;
  /** For the unbracketed form: a symbology identifier to put in front, e.g. `"]d2"`. */
  symbologyId?: string;
}

/**
 * Writes elements as an element string. Bracketed values escape `(` as `\(`; unbracketed data gets a
 * GS (0x1D) after every variable-length value except the last.
 */
export function formatElementString(elements: readonly Gs1Element[], options: ElementStringFormatOptions = {}): string {
  if (options.brackets ?? true) {
    let s = "";
    for (const el of elements) s += `(${el.ai})${el.value.includes("(") ? el.value.replace(/\(/g, "\\(") : el.value}`;
    return s;
  }
  let s = options.symbologyId ?? "";
  elements.forEach((el, i) => {
    s += el.ai + el.value;
    if (i < elements.length - 1 && getAiDefinition(el.ai)?.predefinedLength === undefined) s += GS;
  });
  return s;
}
