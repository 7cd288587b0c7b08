/**
 * A reader for the GS1 Barcode Syntax Dictionary (`gs1-syntax-dictionary.txt`), GS1's machine-readable table of
 * Application Identifiers. Pure: it turns the text into entries and does no I/O.
 *
 * One entry line reads `AIs [Flags] Specification [Attributes...] [# Title]`, e.g.
 * `01  *?  N14,csum,gcppos2  ex=255,37 dlpkey=22,10,21|235  # GTIN`.
 */
import { Gs1ErrorCode, fail } from "./errors";

/** Character set letter of a component: `N` digits, `X` CSET 82, `Y` CSET 39, `Z` CSET 64 (as `Gs1Charset`). */
export type SyntaxDictionaryCharset = "N" | "X" | "Y" | "Z";

/** One component of an entry's specification, e.g. `N13,csum,gcppos1` or `[X..17]`. */
export interface SyntaxDictionaryComponent {
  /** `N` digits, `X` CSET 82, `Y` CSET 39, `Z` CSET 64 (base64url). */
  readonly charset: SyntaxDictionaryCharset;
  /** Minimum length (1 for a variable-length `..n` component, else `max`). */
  readonly min: number;
  /** Maximum length. */
  readonly max: number;
  /** Written in brackets: may be left out when the data ends before it. */
  readonly optional: boolean;
  /** Names of the content checks ("linters") applied to the component, in order, e.g. `["csum", "gcppos2"]`. */
  readonly linters: readonly string[];
}

/** One attribute of an entry as written, e.g. `{ key: "req", value: "01,02" }` or `{ key: "dlpkey" }`. */
export interface SyntaxDictionaryAttribute {
  /** The part before `=`. */
  readonly key: string;
  /** The part after `=`, `undefined` for a solitary key. */
  readonly value: string | undefined;
}

/** One line of the dictionary: a single AI or a range of AIs sharing one definition. */
export interface SyntaxDictionaryEntry {
  /** First AI of the range (the AI itself for a single AI). */
  readonly firstAi: string;
  /** Last AI of the range (equal to `firstAi` for a single AI). */
  readonly lastAi: string;
  /** The flag characters as written (`""`, `"*"`, `"?"`, `"*?"`...). */
  readonly flags: string;
  /** Flag `*`: predefined length, no FNC1 (GS) separator needed after the value. */
  readonly predefinedLength: boolean;
  /** Flag `?`: may be a GS1 Digital Link query-string data attribute. */
  readonly dlDataAttribute: boolean;
  /** The value's components, in order. */
  readonly components: readonly SyntaxDictionaryComponent[];
  /**
   * One item per `req=` attribute, each required. An item lists alternatives (comma-separated in the text), one of
   * which must be present; an alternative lists AIs or patterns (`+`-joined in the text, `n` = any digit) that must
   * all be present. `req=01+21,02` is `[[["01", "21"], ["02"]]]`.
   */
  readonly requires: readonly (readonly (readonly string[])[])[];
  /** AIs or patterns (`390n`) from all `ex=` attributes: none may appear beside this AI. */
  readonly excludes: readonly string[];
  /**
   * `dlpkey`: a GS1 Digital Link primary key. Each item is one alternative sequence of optional key qualifiers, in
   * order (`dlpkey=22,10,21|235` is `[["22", "10", "21"], ["235"]]`; a solitary `dlpkey` is `[[]]`).
   * `undefined` when the AI is no primary key.
   */
  readonly dlpkey: readonly (readonly string[])[] | undefined;
  /** Every attribute as written, in order (including `req`, `ex` and `dlpkey`, and any the reader does not model). */
  readonly attributes: readonly SyntaxDictionaryAttribute[];
  /** The title after `#` (`""` when the line has none). */
  readonly title: string;
  /** Line number in the text, from 1. */
  readonly line: number;
}

/** A whole dictionary: its release (from the `# Release:` header line) and its entries in file order. */
export interface SyntaxDictionary {
  /** E.g. `"2026-01-27"`; `undefined` when the text has no release line. */
  readonly release: string | undefined;
  /** The entries, in file order. */
  readonly entries: readonly SyntaxDictionaryEntry[];
}

const FLAG_CHARS = /^[*!?"$%&'()+,\-./:;<=>@[\\\]^_`{|}~]+$/;
const COMPONENT = /^(\[)?([NXYZ])(\.\.)?(\d+)(\])?((?:,[A-Za-z0-9]+)*)$/;
const AI_RANGE = /^(\d{2,4})(?:-(\d{2,4}))?$/;
const AI_OR_PATTERN = /^[0-9n]{2,4}$/;

function bad(line: number, why: string): never {
  fail(Gs1ErrorCode.UNRECOGNIZED_FORMAT, `GS1 syntax dictionary line ${line}: ${why}.`);
}

function parseComponent(token: string, line: number): SyntaxDictionaryComponent | undefined {
  const m = COMPONENT.exec(token);
  if (m === null) return undefined;
  const [, open, charset, dots, digits, close, linters = ""] = m;
  if ((open === undefined) !== (close === undefined)) bad(line, `unbalanced brackets in component "${token}"`);
  const max = Number(digits);
  if (max < 1) bad(line, `component "${token}" has length 0`);
  return {
    charset: charset as SyntaxDictionaryCharset,
    min: dots === undefined ? max : 1,
    max,
    optional: open !== undefined,
    linters: linters === "" ? [] : linters.slice(1).split(","),
  };
}

function aiList(value: string, line: number, key: string): string[] {
  const items = value.split(",");
  for (const item of items) if (!AI_OR_PATTERN.test(item)) bad(line, `"${key}=${value}" names "${item}", which is no AI or AI pattern`);
  return items;
}

function parseEntry(text: string, line: number): SyntaxDictionaryEntry {
  const hash = text.indexOf("#");
  const spec = hash === -1 ? text : text.slice(0, hash);
  const title = hash === -1 ? "" : text.slice(hash + 1).trim();
  const tokens = spec.trim().split(/\s+/);
  const range = AI_RANGE.exec(tokens[0] ?? "");
  if (range === null) bad(line, `"${tokens[0] ?? ""}" is no AI or AI range`);
  const firstAi = range[1] ?? "";
  const lastAi = range[2] ?? firstAi;
  if (lastAi.length !== firstAi.length || Number(lastAi) < Number(firstAi)) bad(line, `"${tokens[0] ?? ""}" is no ascending AI range`);
  let i = 1;
  let flags = "";
  if (tokens[i] !== undefined && FLAG_CHARS.test(tokens[i] as string)) flags = tokens[i++] as string;

  const components: SyntaxDictionaryComponent[] = [];
  for (; i < tokens.length; i++) {
    const component = parseComponent(tokens[i] as string, line);
    if (component === undefined) break;
    const previous = components[components.length - 1];
    if (previous !== undefined && previous.min !== previous.max) bad(line, "only the final component may have variable length");
    if (previous?.optional === true && !component.optional) bad(line, "a mandatory component follows an optional one");
    components.push(component);
  }
  if (components.length === 0) bad(line, "the entry has no specification");

  const attributes: SyntaxDictionaryAttribute[] = [];
  const requires: string[][][] = [];
  const excludes: string[] = [];
  let dlpkey: string[][] | undefined;
  for (; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const eq = token.indexOf("=");
    const key = eq === -1 ? token : token.slice(0, eq);
    const value = eq === -1 ? undefined : token.slice(eq + 1);
    if (!/^[a-z]+$/.test(key) || value === "") bad(line, `"${token}" is neither a component nor an attribute`);
    attributes.push({ key, value });
    if (key === "req") {
      if (value === undefined) bad(line, "req needs a value");
      requires.push(value.split(",").map((alt) => alt.split("+").flatMap((ai) => aiList(ai, line, key))));
    } else if (key === "ex") {
      if (value === undefined) bad(line, "ex needs a value");
      excludes.push(...aiList(value, line, key));
    } else if (key === "dlpkey") {
      if (dlpkey !== undefined) bad(line, "dlpkey appears twice");
      dlpkey = value === undefined ? [[]] : value.split("|").map((alt) => aiList(alt, line, key));
    }
  }
  return {
    firstAi,
    lastAi,
    flags,
    predefinedLength: flags.includes("*"),
    dlDataAttribute: flags.includes("?"),
    components,
    requires,
    excludes,
    dlpkey,
    attributes,
    title,
    line,
  };
}

/**
 * Reads the text of a GS1 Barcode Syntax Dictionary. Blank lines and `#` comment lines are skipped; the release is
 * taken from the `# Release: …` comment line.
 *
 * @throws Gs1Error `UNRECOGNIZED_FORMAT` naming the line, for a line that is not a well-formed entry.
 */
export function parseSyntaxDictionary(text: string): SyntaxDictionary {
  let release: string | undefined;
  const entries: SyntaxDictionaryEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n] as string;
    const trimmed = raw.trim();
    if (trimmed === "") continue;
    if (trimmed.startsWith("#")) {
      const m = /^#\s*Release:\s*(\S+)/.exec(trimmed);
      if (m !== null && release === undefined) release = m[1];
      continue;
    }
    entries.push(parseEntry(trimmed, n + 1));
  }
  return { release, entries };
}

/** The AIs an entry stands for: `3100-3105` gives `3100` … `3105`; a single AI gives itself. */
export function expandEntryAis(entry: Pick<SyntaxDictionaryEntry, "firstAi" | "lastAi">): string[] {
  const out: string[] = [];
  for (let n = Number(entry.firstAi); n <= Number(entry.lastAi); n++) out.push(String(n).padStart(entry.firstAi.length, "0"));
  return out;
}
