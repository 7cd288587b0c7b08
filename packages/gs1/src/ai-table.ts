/**
 * The GS1 Application Identifier table: format of each AI's value, whether it
 * has a predefined length (no FNC1/GS separator needed after it), cross-AI
 * rules, and its role in GS1 Digital Link URIs.
 *
 * Built when the module loads from the GS1 Barcode Syntax Dictionary (release in
 * `GS1_SYNTAX_DICTIONARY_RELEASE`), whose entry lines `scripts/generate-syntax-dictionary.ts`
 * copies from `data/` into `generated/gs1-syntax-dictionary.ts`: no I/O at run time.
 */
import { GS1_SYNTAX_DICTIONARY_ENTRIES } from "./generated/gs1-syntax-dictionary";
import { expandEntryAis, parseSyntaxDictionary } from "./syntax-dictionary";

/** Character set of one component of an AI value. */
export type Gs1Charset =
  /** digits 0-9 */
  | "N"
  /** GS1 AI encodable character set 82 */
  | "X"
  /** GS1 character set 39 (`#`, `-`, `/`, digits, upper-case letters) */
  | "Y"
  /** GS1 character set 64 (file-safe base64 and `=`) */
  | "Z";

/** One component of an AI value, e.g. `N13,csum` or `[X..16]`. */
export interface AiComponent {
  /** Character set of the component. */
  charset: Gs1Charset;
  /** Minimum length (equal to `max` for a fixed-length component). */
  min: number;
  /** Maximum length. */
  max: number;
  /** An optional final component. */
  optional: boolean;
  /**
   * Content checks: the dictionary's linter names (`csum`, `yymmd0`, `hhmi`, `zero`, `pcenc`, ...). Validation applies
   * the ones it knows; the README lists those it does not.
   */
  checks: readonly string[];
}

/** Everything the library knows about one Application Identifier. */
export interface AiDefinition {
  /** The AI digits, e.g. `"01"` or `"3103"`. */
  ai: string;
  /** Short title from the GS1 table (e.g. `BATCH/LOT`). */
  title: string;
  /** Total value length when the AI has a predefined length (no GS separator after it), else `undefined`. */
  predefinedLength: number | undefined;
  /** Value components in order. */
  components: readonly AiComponent[];
  /** Minimum and maximum total value length. */
  minLength: number;
  /** Maximum total value length. */
  maxLength: number;
  /**
   * One inner list per dictionary `req=` rule, each required: at least one of its alternatives must be present. An
   * alternative is an AI or pattern (`31nn`), or several joined by `+` (`01+21`) that must all be present.
   */
  requires: readonly (readonly string[])[];
  /** AIs (patterns allowed) that must not appear together with this one. */
  excludes: readonly string[];
  /** Digital Link qualifier sequences when this AI is a Digital Link primary key (`[[]]` = key without qualifiers). */
  dlQualifiers: readonly (readonly string[])[] | undefined;
  /** May appear as a Digital Link query-string data attribute (the dictionary's `?` flag). */
  dlAttribute: boolean;
}

/**
 * Titles for the entries the dictionary leaves untitled (8110 and 8112 have no data title in the GS1 General
 * Specifications); error messages need a name.
 */
const UNTITLED_AIS: Readonly<Record<string, string>> = { "8110": "COUPON", "8112": "POSITIVE OFFER FILE COUPON" };

function buildTable(): Map<string, AiDefinition> {
  const table = new Map<string, AiDefinition>();
  for (const entry of parseSyntaxDictionary(GS1_SYNTAX_DICTIONARY_ENTRIES).entries) {
    const components: AiComponent[] = entry.components.map((c) => ({
      charset: c.charset,
      min: c.min,
      max: c.max,
      optional: c.optional,
      checks: c.linters,
    }));
    const minLength = components.reduce((n, c) => n + (c.optional ? 0 : c.min), 0);
    const maxLength = components.reduce((n, c) => n + c.max, 0);
    const requires = entry.requires.map((group) => group.map((alternative) => alternative.join("+")));
    for (const ai of expandEntryAis(entry)) {
      table.set(ai, {
        ai,
        title: entry.title === "" ? (UNTITLED_AIS[ai] ?? `AI ${ai}`) : entry.title,
        predefinedLength: entry.predefinedLength ? maxLength : undefined,
        components,
        minLength,
        maxLength,
        requires,
        excludes: entry.excludes,
        dlQualifiers: entry.dlpkey,
        dlAttribute: entry.dlDataAttribute,
      });
    }
  }
  return table;
}

/** The AI table, keyed by AI digits. */
export const AI_TABLE: ReadonlyMap<string, AiDefinition> = buildTable();

/** Looks up an AI definition, or `undefined` when the AI is not in the table. */
export function getAiDefinition(ai: string): AiDefinition | undefined {
  return AI_TABLE.get(ai);
}

/**
 * Finds the AI at `position` of `data` by trying 2, 3 then 4 digits (GS1 AIs are prefix-free).
 * Returns `undefined` when no AI of the table starts there.
 */
export function matchAi(data: string, position: number): AiDefinition | undefined {
  for (let len = 2; len <= 4; len++) {
    if (position + len > data.length) return undefined;
    const def = AI_TABLE.get(data.slice(position, position + len));
    if (def !== undefined) return def;
  }
  return undefined;
}

/** True when `ai` matches `pattern`, where `n` in the pattern stands for any digit (`31nn`, `310n`). */
export function aiMatchesPattern(ai: string, pattern: string): boolean {
  if (ai === pattern) return true;
  if (ai.length !== pattern.length) return false;
  for (let i = 0; i < ai.length; i++) {
    const p = pattern[i];
    if (p !== "n" && p !== ai[i]) return false;
  }
  return true;
}

/** True when `ai` is a GS1 Digital Link primary key (01, 00, 414, 417, 8003, 8004, ...). */
export function isDlPrimaryKey(ai: string): boolean {
  return AI_TABLE.get(ai)?.dlQualifiers !== undefined;
}
