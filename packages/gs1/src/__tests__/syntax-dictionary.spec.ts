import { readFileSync } from "node:fs";
import { DICTIONARY_PATH, DICTIONARY_RELEASE, MODULE_PATH, renderDictionaryModule } from "../../scripts/generate-syntax-dictionary";
import { AI_TABLE, getAiDefinition } from "../ai-table";
import { ENFORCED_LINTERS } from "../element-string";
import { Gs1ErrorCode } from "../errors";
import { GS1_SYNTAX_DICTIONARY_RELEASE } from "../generated/gs1-syntax-dictionary";
import { type SyntaxDictionaryEntry, expandEntryAis, parseSyntaxDictionary } from "../syntax-dictionary";
import { expectGs1Error } from "./helpers";

describe("parseSyntaxDictionary", () => {
  it("reads the release, skips comments and blank lines, and reads AI, flags, components, attributes and title", () => {
    const text = [
      "# GS1 Barcode Syntax Dictionary",
      "#",
      "# Release: 2099-12-31",
      "",
      "01         *?  N14,csum,gcppos2                  ex=255,37 dlpkey=22,10,21|235                    # GTIN",
      "   # an indented comment",
      "253         ?  N13,csum,gcppos1 [X..17]          dlpkey                                           # GDTI",
    ].join("\n");
    const { release, entries } = parseSyntaxDictionary(text);
    expect(release).toBe("2099-12-31");
    expect(entries).toHaveLength(2);
    expect(entries[0]).toEqual({
      firstAi: "01",
      lastAi: "01",
      flags: "*?",
      predefinedLength: true,
      dlDataAttribute: true,
      components: [{ charset: "N", min: 14, max: 14, optional: false, linters: ["csum", "gcppos2"] }],
      requires: [],
      excludes: ["255", "37"],
      dlpkey: [["22", "10", "21"], ["235"]],
      attributes: [
        { key: "ex", value: "255,37" },
        { key: "dlpkey", value: "22,10,21|235" },
      ],
      title: "GTIN",
      line: 5,
    });
    expect(entries[1]).toMatchObject({
      flags: "?",
      predefinedLength: false,
      components: [
        { charset: "N", min: 13, max: 13, optional: false, linters: ["csum", "gcppos1"] },
        { charset: "X", min: 1, max: 17, optional: true, linters: [] },
      ],
      dlpkey: [[]],
      line: 7,
    });
  });

  it("reads an entry without flags, attributes or title", () => {
    const [entry] = parseSyntaxDictionary("8110        ?  X..70,couponcode\n8002  X..20").entries;
    expect(entry).toMatchObject({ firstAi: "8110", flags: "?", attributes: [], title: "", dlpkey: undefined });
    expect(parseSyntaxDictionary("8002  X..20").entries[0]).toMatchObject({ flags: "", dlDataAttribute: false, predefinedLength: false });
  });

  it("keeps every req= rule, its alternatives, and AIs joined by + within an alternative", () => {
    const [entry] = parseSyntaxDictionary("8030  ?  Z..90  req=00,01+21,8010+8011 req=37  ex=390n,8111 ex=02  # DIGSIG").entries;
    expect(entry?.requires).toEqual([[["00"], ["01", "21"], ["8010", "8011"]], [["37"]]]);
    expect(entry?.excludes).toEqual(["390n", "8111", "02"]);
  });

  it("reads optional components whose linters follow the bracket, and several fixed components", () => {
    const [entry] = parseSyntaxDictionary("423  ?  N3,iso3166 [N3],iso3166 [N3],iso3166  req=01,02 ex=426  # COUNTRY - INITIAL PROCESS").entries;
    expect(entry?.components).toEqual([
      { charset: "N", min: 3, max: 3, optional: false, linters: ["iso3166"] },
      { charset: "N", min: 3, max: 3, optional: true, linters: ["iso3166"] },
      { charset: "N", min: 3, max: 3, optional: true, linters: ["iso3166"] },
    ]);
    expect(entry?.title).toBe("COUNTRY - INITIAL PROCESS");
  });

  it("takes the title from the first '#' to the end of the line", () => {
    expect(parseSyntaxDictionary("7030  ?  N3,iso3166999 X..27  req=01,02  # PROCESSOR # 0").entries[0]?.title).toBe("PROCESSOR # 0");
  });

  it("expands an AI range, keeping leading zeros", () => {
    const [range, single] = parseSyntaxDictionary("3100-3105  *?  N6  req=01,02 ex=310n  # NET WEIGHT (kg)\n00 *? N18,csum dlpkey # SSCC").entries;
    expect(expandEntryAis(range as SyntaxDictionaryEntry)).toEqual(["3100", "3101", "3102", "3103", "3104", "3105"]);
    expect(expandEntryAis(single as SyntaxDictionaryEntry)).toEqual(["00"]);
  });

  it.each([
    ["an AI that is not 2–4 digits", "1 X..20 # BAD", "no AI"],
    ["a descending range", "3105-3100 N6 # BAD", "ascending"],
    ["a range whose ends differ in length", "91-099 X..90 # BAD", "ascending"],
    ["no specification", "400 ? req=01 # BAD", "no specification"],
    ["a variable-length component before another", "400 X..3 N2 # BAD", "final component"],
    ["a mandatory component after an optional one", "400 N2 [N2] N2 # BAD", "optional"],
    ["an unbalanced bracket", "400 [N2 # BAD", "brackets"],
    ["a token that is neither component nor attribute", "400 N2 FOO # BAD", "FOO"],
    ["a req naming no AI", "400 N2 req=01,ABC # BAD", "ABC"],
    ["dlpkey twice", "400 N2 dlpkey dlpkey=21 # BAD", "twice"],
  ])("refuses %s, naming the line", (_what, line, mention) => {
    expectGs1Error(() => parseSyntaxDictionary(`# Release: x\n\n${line}`), Gs1ErrorCode.UNRECOGNIZED_FORMAT, "line 3", mention);
  });
});

/**
 * Dictionary linters the AI table carries but validation does not apply, by AI, with the reason: those values would
 * get their length and character set checked only. Empty since every linter of release 2026-01-27 is applied
 * (`linters.spec.ts` tests the ones added last). The test below fails when a linter of the dictionary is not enforced
 * and not listed here, or listed but enforced, so the list stays exact.
 */
const UNENFORCED_LINTERS: Record<string, { ais: string; reason: string }> = {};

/** AIs whose table entry deliberately differs from the dictionary, with the field and why. */
const DELIBERATE_DIFFERENCES: Record<string, { field: "title"; reason: string }> = {
  "8110": { field: "title", reason: "the dictionary gives no title (the General Specifications have none); messages need a name" },
  "8112": { field: "title", reason: "as 8110" },
};

describe("the AI table against the GS1 Barcode Syntax Dictionary release 2026-01-27", () => {
  const text = readFileSync(DICTIONARY_PATH, "utf8");
  const dictionary = parseSyntaxDictionary(text);
  const rows = dictionary.entries.flatMap((entry) => expandEntryAis(entry).map((ai) => [ai, entry] as const));

  it("is the checked-in release 2026-01-27, and the generated module is what the script writes from it", () => {
    expect(dictionary.release).toBe("2026-01-27");
    expect(DICTIONARY_RELEASE).toBe("2026-01-27");
    expect(GS1_SYNTAX_DICTIONARY_RELEASE).toBe("2026-01-27");
    expect(readFileSync(MODULE_PATH, "utf8")).toBe(renderDictionaryModule(text));
  });

  it("keeps the dictionary's licence header in the checked-in copy", () => {
    expect(text).toContain("Licensed under the Apache License, Version 2.0");
    expect(text).toContain("Copyright (c) 2021-2026 GS1 AISBL");
  });

  it("has exactly the dictionary's AIs, no more and no fewer", () => {
    expect([...AI_TABLE.keys()].sort()).toEqual(rows.map(([ai]) => ai).sort());
    expect(rows).toHaveLength(AI_TABLE.size);
  });

  it.each(["7041", "7250", "7255", "7259", "8014", "8040", "8041", "8042", "8043"])("knows AI (%s), missing before", (ai) => {
    expect(getAiDefinition(ai)).toBeDefined();
  });

  it.each(rows)("AI (%s): same shape, check digits, linters, rules and Digital Link role as the dictionary", (ai, entry) => {
    const def = getAiDefinition(ai);
    if (def === undefined) throw new Error(`AI (${ai}) is missing from the table`);
    const components = entry.components.map((c) => ({ charset: c.charset, min: c.min, max: c.max, optional: c.optional, checks: c.linters }));
    expect(def.components).toEqual(components);
    const maxLength = components.reduce((n, c) => n + c.max, 0);
    expect(def.maxLength).toBe(maxLength);
    expect(def.minLength).toBe(components.reduce((n, c) => n + (c.optional ? 0 : c.min), 0));
    expect(def.predefinedLength).toBe(entry.predefinedLength ? maxLength : undefined);
    expect(def.components.map((c) => c.checks.includes("csum"))).toEqual(entry.components.map((c) => c.linters.includes("csum")));
    expect(def.dlQualifiers).toEqual(entry.dlpkey);
    expect(def.dlAttribute).toBe(entry.dlDataAttribute);
    expect(def.requires).toEqual(entry.requires.map((group) => group.map((alternative) => alternative.join("+"))));
    expect(def.excludes).toEqual(entry.excludes);
    if (DELIBERATE_DIFFERENCES[ai]?.field !== "title") expect(def.title).toBe(entry.title);
    else expect(def.title).not.toBe("");
  });

  it("applies every linter of the dictionary except the listed ones, and the list names exactly the AIs that use them", () => {
    const unenforcedByLinter = new Map<string, string[]>();
    for (const [ai, entry] of rows) {
      for (const linter of new Set(entry.components.flatMap((c) => c.linters))) {
        if (ENFORCED_LINTERS.has(linter)) continue;
        unenforcedByLinter.set(linter, [...(unenforcedByLinter.get(linter) ?? []), ai]);
      }
    }
    const listed = Object.fromEntries(Object.entries(UNENFORCED_LINTERS).map(([linter, { ais }]) => [linter, ais.split(" ")]));
    expect(Object.fromEntries(unenforcedByLinter)).toEqual(listed);
    for (const { reason } of Object.values(UNENFORCED_LINTERS)) expect(reason).not.toBe("");
  });

  it("differs deliberately only where listed", () => {
    const titleless = rows.filter(([, entry]) => entry.title === "").map(([ai]) => ai);
    expect(titleless).toEqual(Object.keys(DELIBERATE_DIFFERENCES));
  });
});
