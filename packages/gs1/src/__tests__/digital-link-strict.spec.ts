/**
 * Digital Link reading exactly as strict as GS1 Digital Link URI Syntax 1.4/1.5 (the behaviour of gs1-syntax-engine's
 * DL parser): key qualifiers only in the path, no AI twice, no empty segment in the GS1 part of the path, any stem
 * before the rightmost primary key, scheme and host in any case, and numeric query parameters only as the data
 * attributes the GS1 Barcode Syntax Dictionary flags (`?`), other parameters ignored.
 */
import fc from "fast-check";
import {
  AI_TABLE,
  CSET82,
  Gs1Error,
  Gs1ErrorCode,
  gs1CheckDigit,
  isDigitalLinkShaped,
  parseCode,
  percentEncodeDlValue,
  readDigitalLink,
  toDigitalLink,
  type Gs1Element,
} from "../index";
import { expectGs1Error } from "./helpers";

const GTIN = "09506000134352";
const SSCC = "952012345678912345";
const GTIN13 = "9520123456788";
const OPTS = { referenceYear: 2025 };

describe("rule 1: a key qualifier belongs in the path, never in the query string (DL_QUALIFIER_IN_QUERY)", () => {
  it("refuses the serial (21) of a GTIN in the query string", () => {
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}?21=ABC`), Gs1ErrorCode.DL_QUALIFIER_IN_QUERY, "(21)", "(01)", "path");
  });

  it("refuses a lot (10) in the query when it fits before the serial in the path, although (10) is a data attribute", () => {
    expect(AI_TABLE.get("10")?.dlAttribute).toBe(true);
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}/21/S1?10=L1`), Gs1ErrorCode.DL_QUALIFIER_IN_QUERY, "(10)");
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}?10=L1`), Gs1ErrorCode.DL_QUALIFIER_IN_QUERY, "(10)");
  });

  it("refuses CPV (22), TPX (235) and a GLN extension (254) in the query string", () => {
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}/10/L1?22=V1`), Gs1ErrorCode.DL_QUALIFIER_IN_QUERY, "(22)");
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}?235=T1`), Gs1ErrorCode.DL_QUALIFIER_IN_QUERY, "(235)");
    expectGs1Error(() => parseCode("https://id.gs1.org/414/9520123456788?254=1"), Gs1ErrorCode.DL_QUALIFIER_IN_QUERY, "(254)");
  });

  it("accepts a lot in the query when the path took the TPX (235) sequence, where (10) has no place", () => {
    const code = parseCode(`https://id.gs1.org/01/${GTIN}/235/XYZ?10=ABC123`);
    expect(code.elements).toEqual([
      { ai: "01", value: GTIN },
      { ai: "235", value: "XYZ" },
      { ai: "10", value: "ABC123" },
    ]);
  });

  it("accepts the qualifiers in the path (the same data as the refused URIs)", () => {
    expect(parseCode(`https://id.gs1.org/01/${GTIN}/21/ABC`).serial).toBe("ABC");
    expect(parseCode(`https://id.gs1.org/01/${GTIN}/10/L1/21/S1`)).toMatchObject({ lot: "L1", serial: "S1" });
  });

  it("refuses (21) after a key it does not qualify as not a data attribute, naming the keys it qualifies", () => {
    expectGs1Error(() => parseCode("https://id.gs1.org/414/9520123456788?21=S"), Gs1ErrorCode.NOT_A_DL_ATTRIBUTE, "(21)", "(01)");
  });
});

describe("rule 2: no AI twice in a Digital Link (DL_DUPLICATE_AI)", () => {
  it("refuses a qualifier twice in the path, with different or equal values", () => {
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}/21/A/21/B`), Gs1ErrorCode.DL_DUPLICATE_AI, "(21)");
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}/10/A/21/S/10/A`), Gs1ErrorCode.DL_DUPLICATE_AI, "(10)");
  });

  it("refuses an attribute twice in the query string, even with the same value", () => {
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}?17=261231&17=261231`), Gs1ErrorCode.DL_DUPLICATE_AI, "(17)", "query");
  });

  it("refuses an AI of the path repeated in the query string", () => {
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}/10/ABC123?99=X&01=${GTIN}`), Gs1ErrorCode.DL_DUPLICATE_AI, "(01)", "path");
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}/21/S?21=S`), Gs1ErrorCode.DL_DUPLICATE_AI, "(21)");
  });

  it("accepts different attributes, and (unlike a DL) an element string keeps tolerating an exact repeat", () => {
    expect(parseCode(`https://id.gs1.org/01/${GTIN}?17=261231&15=261130`, OPTS).elements).toEqual([
      { ai: "01", value: GTIN },
      { ai: "17", value: "261231" },
      { ai: "15", value: "261130" },
    ]);
    expect(parseCode(`(01)${GTIN}(10)A(10)A`).lot).toBe("A");
  });
});

describe("rule 3: no empty segment in the GS1 part of the path (DL_EMPTY_SEGMENT)", () => {
  it("refuses a trailing slash after the last value (the standard's grammar ends the path with a value)", () => {
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}/21/ABC/`), Gs1ErrorCode.DL_EMPTY_SEGMENT, "ends with '/'");
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}/`), Gs1ErrorCode.DL_EMPTY_SEGMENT);
    expectGs1Error(() => parseCode(`https://a/stem/00/${SSCC}/?17=261231`), Gs1ErrorCode.DL_EMPTY_SEGMENT);
  });

  it("refuses an empty value and a double slash", () => {
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}/21/`), Gs1ErrorCode.DL_EMPTY_SEGMENT);
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}//21/ABC`), Gs1ErrorCode.DL_EMPTY_SEGMENT, "empty segment");
    expectGs1Error(() => parseCode(`https://id.gs1.org/01//${GTIN}`), Gs1ErrorCode.DL_EMPTY_SEGMENT);
  });

  it("still calls such a URI Digital Link shaped (it fails for its empty segment, not as 'not a Digital Link')", () => {
    expect(isDigitalLinkShaped(`https://id.gs1.org/01/${GTIN}/21/ABC/`)).toBe(true);
  });

  it("keeps a web URI with a bare trailing slash and no key 'not a Digital Link'", () => {
    for (const uri of ["https://example.com/", "https://example.com/about/us/", "https://example.com//"]) {
      expect(isDigitalLinkShaped(uri)).toBe(false);
      expectGs1Error(() => parseCode(uri), Gs1ErrorCode.NOT_A_DIGITAL_LINK);
    }
  });

  it("accepts an empty query string, stray '&' separators, a fragment, and an empty segment inside the stem", () => {
    expect(parseCode(`https://a/stem/00/${SSCC}?`).sscc).toBe(SSCC);
    expect(parseCode(`https://id.gs1.org/01/${GTIN}?&&17=261231&&#frag`, OPTS).expiry).toBe("2026-12-31");
    expect(readDigitalLink(`https://brand.example//dl/01/${GTIN}`).stem).toBe("https://brand.example//dl");
  });
});

describe("rule 4: any stem before the rightmost primary key; scheme and host in any case", () => {
  it("takes the last key whose AI/value pairs run to the end of the path, even after AI-looking stem segments", () => {
    const uri = `https://example.com/products/01/x/01/${GTIN}/21/ABC`;
    expect(parseCode(uri)).toMatchObject({ gtin: GTIN, serial: "ABC" });
    expect(readDigitalLink(uri)).toMatchObject({ stem: "https://example.com/products/01/x", pathElementCount: 2 });
    expect(readDigitalLink(`https://a/00/faux/00/${SSCC}`).stem).toBe("https://a/00/faux");
    expect(readDigitalLink(`https://a/01/${GTIN}/01/${GTIN}`).stem).toBe(`https://a/01/${GTIN}`);
  });

  it("keeps checking the qualifiers after that key (an attribute in the path is still refused)", () => {
    expectGs1Error(() => parseCode(`https://example.com/01/x/01/${GTIN}/17/261231`), Gs1ErrorCode.INVALID_QUALIFIER, "(17)");
  });

  it("accepts HTTPS://ID.GS1.ORG and http in upper case, keeping the case of the path", () => {
    const code = parseCode(`HTTPS://ID.GS1.ORG/01/${GTIN}/21/AbC`);
    expect(code.serial).toBe("AbC");
    expect(toDigitalLink(code)).toBe(`https://id.gs1.org/01/${GTIN}/21/AbC`);
    expect(readDigitalLink(`HTTP://A/00/${SSCC}`).stem).toBe("http://A");
    expect(parseCode(`https://id.gs1.org/01/${GTIN}/21/abc`).serial).toBe("abc");
  });

  it("does not read an AI path written in upper-case convenience alphas (the path is case-sensitive)", () => {
    expectGs1Error(() => parseCode(`https://id.gs1.org/GTIN/${GTIN}`, { permitConvenienceAlphas: true }), Gs1ErrorCode.NOT_A_DIGITAL_LINK);
    expect(parseCode(`https://id.gs1.org/gtin/${GTIN}`, { permitConvenienceAlphas: true }).gtin).toBe(GTIN);
  });
});

describe("rule 5: query parameters (data attributes per the GS1 Barcode Syntax Dictionary)", () => {
  it("refuses (8200) PRODUCT URL, which the dictionary does not flag as a data attribute", () => {
    expect(AI_TABLE.get("8200")?.dlAttribute).toBe(false);
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}?8200=http%3A%2F%2Fx`), Gs1ErrorCode.NOT_A_DL_ATTRIBUTE, "(8200)");
  });

  it("accepts keys the dictionary flags as attributes: an SSCC beside a GTIN, a GTIN beside a GIAI (the standard's example)", () => {
    expect(parseCode(`https://id.gs1.org/01/${GTIN}?00=${SSCC}`).elements).toContainEqual({ ai: "00", value: SSCC });
    expect(readDigitalLink(`https://example.com/8004/9520614141234567?01=0${GTIN13}`).elements).toContainEqual({ ai: "01", value: `0${GTIN13}` });
    expect(parseCode(`https://id.gs1.org/00/${SSCC}?02=0${GTIN13}&37=25&10=ABC123`)).toMatchObject({ kind: "sscc", lot: "ABC123" });
  });

  it("refuses a numeric parameter that is no AI (UNKNOWN_AI)", () => {
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}?99=ABC&999=faux`), Gs1ErrorCode.UNKNOWN_AI, "999");
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}?89=X`), Gs1ErrorCode.UNKNOWN_AI, "89");
  });

  it("ignores non-numeric parameters (the standard's extension parameters) and singletons without a digit-only name", () => {
    const code = parseCode(`https://id.gs1.org/01/${GTIN}?linkType=gs1:pip&context=x&17a=5&singleton&3103=000189`);
    expect(code.elements).toEqual([
      { ai: "01", value: GTIN },
      { ai: "3103", value: "000189" },
    ]);
  });

  it("applies the zero-suppressed GTIN rule to a GTIN in the query string too", () => {
    expectGs1Error(() => readDigitalLink(`https://example.com/8004/9520614141234567?01=${GTIN13}`), Gs1ErrorCode.ZERO_SUPPRESSED_GTIN);
    expect(readDigitalLink(`https://example.com/8004/9520614141234567?01=${GTIN13}`, { permitZeroSuppressedGtin: true }).elements[1]).toEqual({
      ai: "01",
      value: `0${GTIN13}`,
    });
  });

  it("decides every AI of the dictionary as a query parameter of a GTIN link from its flags and the key's dlpkey", () => {
    const qualifiersOf01 = new Set(AI_TABLE.get("01")?.dlQualifiers?.flat());
    let accepted = 0;
    for (const def of AI_TABLE.values()) {
      const read = () => readDigitalLink(`https://id.gs1.org/01/${GTIN}?${def.ai}=1`);
      if (def.ai === "01") expectGs1Error(read, Gs1ErrorCode.DL_DUPLICATE_AI);
      else if (qualifiersOf01.has(def.ai)) expectGs1Error(read, Gs1ErrorCode.DL_QUALIFIER_IN_QUERY);
      else if (!def.dlAttribute) expectGs1Error(read, Gs1ErrorCode.NOT_A_DL_ATTRIBUTE, `(${def.ai})`);
      else {
        expect(read().elements[1]).toEqual({ ai: def.ai, value: "1" });
        accepted++;
      }
    }
    expect(accepted).toBeGreaterThan(100);
  });
});

/* ---------------------------------------------------------------- property tests ---------------------------------------------------------------- */

const RUNS = 500;
const digits = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: n, maxLength: n });
const gtin14 = digits(13).map((body) => body + gs1CheckDigit(body));
const cset82 = (max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...CSET82), minLength: 1, maxLength: max });
const gs1Date = fc
  .record({ yy: fc.integer({ min: 0, max: 99 }), mm: fc.integer({ min: 1, max: 12 }), dd: fc.integer({ min: 0, max: 28 }) })
  .map(({ yy, mm, dd }) => [yy, mm, dd].map((n) => String(n).padStart(2, "0")).join(""));
/** Stem segments, some of which look like AIs or whole key/value pairs. */
const stemSegment = fc.oneof(fc.constantFrom("products", "dl", "01", "21", "00", "x", "8004", "10", "gtin"), cset82(8).map(percentEncodeDlValue));
const caseOf = (text: string, upper: boolean): string => (upper ? text.toUpperCase() : text);

interface GeneratedLink {
  uri: string;
  stem: string;
  path: Gs1Element[];
  query: Gs1Element[];
}

/** A valid GTIN Digital Link: stem, key, qualifiers in order (22, 10, 21 or 235), attributes 17, 3103, 400. */
const validLink: fc.Arbitrary<GeneratedLink> = fc
  .record({
    upperScheme: fc.boolean(),
    host: fc.constantFrom("id.gs1.org", "ID.GS1.ORG", "brand.example", "Brand.Example:8443"),
    stem: fc.array(stemSegment, { maxLength: 4 }),
    gtin: gtin14,
    tpx: fc.option(cset82(28), { nil: undefined }),
    cpv: fc.option(cset82(20), { nil: undefined }),
    lot: fc.option(cset82(20), { nil: undefined }),
    serial: fc.option(cset82(20), { nil: undefined }),
    expiry: fc.option(gs1Date, { nil: undefined }),
    weight: fc.option(digits(6), { nil: undefined }),
    order: fc.option(cset82(30), { nil: undefined }),
    extra: fc.constantFrom("", "linkType=gs1:pip", "context=dpp&lang=de"),
    fragment: fc.constantFrom("", "#top"),
  })
  .map((r) => {
    const path: Gs1Element[] = [{ ai: "01", value: r.gtin }];
    if (r.tpx !== undefined) path.push({ ai: "235", value: r.tpx });
    else {
      if (r.cpv !== undefined) path.push({ ai: "22", value: r.cpv });
      if (r.lot !== undefined) path.push({ ai: "10", value: r.lot });
      if (r.serial !== undefined) path.push({ ai: "21", value: r.serial });
    }
    const query: Gs1Element[] = [];
    if (r.expiry !== undefined) query.push({ ai: "17", value: r.expiry });
    if (r.weight !== undefined) query.push({ ai: "3103", value: r.weight });
    if (r.order !== undefined) query.push({ ai: "400", value: r.order });
    if (r.tpx !== undefined && r.lot !== undefined) query.push({ ai: "10", value: r.lot });
    const stem = `${caseOf("https", r.upperScheme)}://${r.host}${r.stem.map((s) => `/${s}`).join("")}`;
    const params = [...query.map((e) => `${e.ai}=${percentEncodeDlValue(e.value)}`), ...(r.extra === "" ? [] : [r.extra])];
    const uri = `${stem}${path.map((e) => `/${e.ai}/${percentEncodeDlValue(e.value)}`).join("")}${params.length > 0 ? `?${params.join("&")}` : ""}${r.fragment}`;
    return { uri, stem: `https://${r.host}${r.stem.map((s) => `/${s}`).join("")}`, path, query };
  });

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof Gs1Error) return error.code;
    throw error;
  }
  return "no error";
}

describe("strict Digital Link reading (property-based)", () => {
  it("reads every generated valid Digital Link: path, attributes and stem as written", () => {
    fc.assert(
      fc.property(validLink, (link) => {
        const read = readDigitalLink(link.uri);
        expect(read.elements).toEqual([...link.path, ...link.query]);
        expect(read.pathElementCount).toBe(link.path.length);
        expect(read.stem).toBe(link.stem);
        expect(parseCode(link.uri, OPTS).gtin).toBe(link.path[0]?.value);
      }),
      { numRuns: RUNS },
    );
  });

  it("refuses a qualifier moved from the path to the query string with DL_QUALIFIER_IN_QUERY", () => {
    const arb = fc.record({ link: validLink.filter((l) => l.path.length > 1), pick: fc.nat() });
    fc.assert(
      fc.property(arb, ({ link, pick }) => {
        const moved = link.path[1 + (pick % (link.path.length - 1))] as Gs1Element;
        const path = link.path.filter((e) => e !== moved);
        const uri = `${link.stem}${path.map((e) => `/${e.ai}/${percentEncodeDlValue(e.value)}`).join("")}?${moved.ai}=${percentEncodeDlValue(moved.value)}`;
        expect(codeOf(() => readDigitalLink(uri))).toBe(Gs1ErrorCode.DL_QUALIFIER_IN_QUERY);
      }),
      { numRuns: RUNS },
    );
  });

  it("refuses any AI of the link given again in the query string with DL_DUPLICATE_AI", () => {
    const arb = fc.record({ link: validLink, pick: fc.nat(), value: cset82(10) });
    fc.assert(
      fc.property(arb, ({ link, pick, value }) => {
        const all = [...link.path, ...link.query];
        const again = all[pick % all.length] as Gs1Element;
        const uri = `${link.uri.replace(/#.*$/, "")}${link.uri.includes("?") ? "&" : "?"}${again.ai}=${percentEncodeDlValue(value)}`;
        expect(codeOf(() => readDigitalLink(uri))).toBe(Gs1ErrorCode.DL_DUPLICATE_AI);
      }),
      { numRuns: RUNS },
    );
  });

  it("refuses a trailing slash, an empty value or a double slash in the GS1 part of the path with DL_EMPTY_SEGMENT", () => {
    const arb = fc.record({ link: validLink, how: fc.constantFrom("trailing", "empty value", "double"), pick: fc.nat() });
    fc.assert(
      fc.property(arb, ({ link, how, pick }) => {
        const at = pick % link.path.length;
        const segments = link.path.map((e, i) => {
          if (i !== at) return `/${e.ai}/${percentEncodeDlValue(e.value)}`;
          return how === "empty value" ? `/${e.ai}/` : how === "double" ? `/${e.ai}//${percentEncodeDlValue(e.value)}` : `/${e.ai}/${percentEncodeDlValue(e.value)}`;
        });
        const uri = `${link.stem}${segments.join("")}${how === "trailing" ? "/" : ""}?17=261231`;
        expect(codeOf(() => readDigitalLink(uri))).toBe(Gs1ErrorCode.DL_EMPTY_SEGMENT);
      }),
      { numRuns: RUNS },
    );
  });

  it("refuses every AI that is neither a data attribute nor a qualifier of (01), given as a query parameter, with NOT_A_DL_ATTRIBUTE", () => {
    const qualifiersOf01 = new Set(AI_TABLE.get("01")?.dlQualifiers?.flat());
    const notAttributes = [...AI_TABLE.values()].filter((d) => !d.dlAttribute && !qualifiersOf01.has(d.ai)).map((d) => d.ai);
    expect(notAttributes).toContain("8200");
    fc.assert(
      fc.property(fc.record({ link: validLink, ai: fc.constantFrom(...notAttributes) }), ({ link, ai }) => {
        const uri = `${link.uri.replace(/#.*$/, "")}${link.uri.includes("?") ? "&" : "?"}${ai}=1`;
        expect(codeOf(() => readDigitalLink(uri))).toBe(Gs1ErrorCode.NOT_A_DL_ATTRIBUTE);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("query string details: '+' reads as a space, ';' separates parameters like '&'", () => {
  it("reads '+' in a query value as a space (application/x-www-form-urlencoded, gs1-syntax-engine), so the value is refused", () => {
    expect(readDigitalLink(`https://id.gs1.org/01/${GTIN}?240=AB+C`).elements).toContainEqual({ ai: "240", value: "AB C" });
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}?240=AB+C`), Gs1ErrorCode.INVALID_CHARACTER, "AI (240)", "a space");
  });

  it("reads %2B in a query value as '+', and '+' in the path as itself", () => {
    expect(parseCode(`https://id.gs1.org/01/${GTIN}?240=AB%2BC`).elements).toContainEqual({ ai: "240", value: "AB+C" });
    expect(parseCode(`https://id.gs1.org/01/${GTIN}/21/A+B`).serial).toBe("A+B");
  });

  it("takes ';' as a query separator besides '&' (queryStringDelim of the GS1 Digital Link ABNF)", () => {
    const code = parseCode(`https://id.gs1.org/01/${GTIN}?17=261231;3103=000189&linkType=gs1:pip;240=X`, OPTS);
    expect(code.expiry).toBe("2026-12-31");
    expect(code.elements).toEqual(expect.arrayContaining([{ ai: "3103", value: "000189" }, { ai: "240", value: "X" }]));
    expect(parseCode(`https://id.gs1.org/01/${GTIN}?;;17=261231;`, OPTS).expiry).toBe("2026-12-31");
  });

  it("applies every query rule across ';' too: duplicates, qualifiers in the query, unknown AIs", () => {
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}?17=261231;17=261231`), Gs1ErrorCode.DL_DUPLICATE_AI, "(17)");
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}?17=261231;21=S`), Gs1ErrorCode.DL_QUALIFIER_IN_QUERY, "(21)");
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}?linkType=all;9999=1`), Gs1ErrorCode.UNKNOWN_AI, "9999");
  });

  it("property: attributes joined by ';' or '&', percent-encoded, read back exactly, and a raw '+' in them reads as a space", () => {
    fc.assert(
      fc.property(fc.record({ gtin: gtin14, a: cset82(30), b: cset82(30), sep: fc.constantFrom("&", ";"), at: fc.nat() }), ({ gtin, a, b, sep, at }) => {
        const code = parseCode(`https://id.gs1.org/01/${gtin}?240=${percentEncodeDlValue(a)}${sep}241=${percentEncodeDlValue(b)}`);
        expect(code.elements.filter((e) => e.ai === "240" || e.ai === "241")).toEqual([{ ai: "240", value: a }, { ai: "241", value: b }]);
        const i = at % a.length;
        const withPlus = `${percentEncodeDlValue(a.slice(0, i))}+${percentEncodeDlValue(a.slice(i + 1))}`;
        expect(readDigitalLink(`https://id.gs1.org/01/${gtin}?240=${withPlus}`).elements[1]).toEqual({ ai: "240", value: `${a.slice(0, i)} ${a.slice(i + 1)}` });
        expectGs1Error(() => parseCode(`https://id.gs1.org/01/${gtin}?240=${withPlus}`), Gs1ErrorCode.INVALID_CHARACTER);
      }),
      { numRuns: RUNS },
    );
  });
});
