import fc from "fast-check";
import {
  CSET82,
  Gs1Error,
  canonicalUnitId,
  gs1CheckDigit,
  parseCode,
  toDigitalLink,
  toElementString,
  toEpcHex,
  toEpcTagUri,
  toEpcUri,
  type EpcBinaryScheme,
  type Gs1Element,
} from "../index";

/** Runs per round-trip property, and for the garbage properties. */
const RUNS = 1000;
const GARBAGE_RUNS = 5000;
let casesRun = 0;

afterAll(() => {
  // Reported so the count of generated cases is visible in the test output.
  process.stdout.write(`gs1 property tests: ${casesRun} generated cases checked\n`);
});

const digits = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: n, maxLength: n });
const withCheck = (body: string): string => body + gs1CheckDigit(body);
const cset82 = (max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...CSET82), minLength: 1, maxLength: max });
const prefixLength = fc.integer({ min: 6, max: 12 });
const filter = fc.integer({ min: 0, max: 7 });
const gtin14 = digits(13).map(withCheck);
const numericNoLeadingZero = (maxBits: number): fc.Arbitrary<string> =>
  fc.bigInt({ min: 0n, max: 2n ** BigInt(maxBits) - 1n }).map((n) => n.toString());
/** YYMMDD with a real day, or DD = 00. */
const gs1Date = fc
  .record({ yy: fc.integer({ min: 0, max: 99 }), mm: fc.integer({ min: 1, max: 12 }), dd: fc.integer({ min: 0, max: 28 }) })
  .map(({ yy, mm, dd }) => [yy, mm, dd].map((n) => String(n).padStart(2, "0")).join(""));

const sortElements = (els: readonly Gs1Element[]): Gs1Element[] => [...els].sort((a, b) => a.ai.localeCompare(b.ai));

function check<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => void, numRuns = RUNS): void {
  fc.assert(
    fc.property(arb, (value) => {
      casesRun++;
      predicate(value);
    }),
    { numRuns },
  );
}

describe("round trips (property-based)", () => {
  it("element string ↔ Digital Link ↔ element string keeps every AI of a unit with lot and expiry", () => {
    check(fc.record({ gtin: gtin14, serial: cset82(20), lot: cset82(20), expiry: gs1Date }), ({ gtin, serial, lot, expiry }) => {
      const es = toElementString({ kind: "sgtin", form: "element-string", attributes: {}, elements: [
        { ai: "01", value: gtin }, { ai: "17", value: expiry }, { ai: "10", value: lot }, { ai: "21", value: serial },
      ] });
      const code = parseCode(es);
      expect(code).toMatchObject({ gtin, serial, lot });
      const dl = toDigitalLink(code);
      const back = parseCode(dl);
      expect(sortElements(back.elements)).toEqual(sortElements(code.elements));
      expect(toDigitalLink(back)).toBe(dl);
      expect(toDigitalLink(parseCode(dl.replace("https://id.gs1.org", "https://brand.example/x")))).toBe(dl);
      const raw = toElementString(code, { brackets: false, symbologyId: "]d2" });
      expect(parseCode(raw).elements).toEqual(code.elements);
    });
  });

  it("GTIN + serial → EPC URI → Digital Link → element string returns the input, and matches canonicalUnitId", () => {
    check(fc.record({ gtin: gtin14, serial: cset82(20), cpl: prefixLength }), ({ gtin, serial, cpl }) => {
      const es = `(01)${gtin}(21)${serial.replace(/\(/g, "\\(")}`;
      const uri = toEpcUri(es, { companyPrefixLength: cpl });
      const fromUri = parseCode(uri);
      expect(fromUri.companyPrefixLength).toBe(cpl);
      expect(fromUri).toMatchObject({ gtin, serial });
      const dl = toDigitalLink(fromUri);
      expect(dl).toBe(canonicalUnitId(es));
      expect(toEpcUri(dl, { companyPrefixLength: cpl })).toBe(uri);
      expect(toElementString(dl)).toBe(es);
    });
  });

  it("SGTIN-198 and SGTIN-96: EPC URI → tag URI → hex → tag URI returns the input", () => {
    const serial = fc.oneof(cset82(20), numericNoLeadingZero(38));
    check(fc.record({ gtin: gtin14, serial, cpl: prefixLength, filter }), ({ gtin, serial, cpl, filter }) => {
      const code = parseCode(toEpcUri({ gtin, serial }, { companyPrefixLength: cpl }));
      const tag = toEpcTagUri(code, { filter });
      const hex = toEpcHex(parseCode(tag));
      const decoded = parseCode(hex);
      expect(toEpcTagUri(decoded)).toBe(tag);
      expect(decoded).toMatchObject({ gtin, serial, filter, companyPrefixLength: cpl });
      const scheme: EpcBinaryScheme = /^(0|[1-9]\d*)$/.test(serial) && BigInt(serial) < 2n ** 38n ? "sgtin-96" : "sgtin-198";
      expect(decoded.scheme).toBe(scheme);
      expect(hex).toHaveLength(scheme === "sgtin-96" ? 24 : 50);
      expect(toEpcHex(code, { filter, scheme: "sgtin-198" })).toMatch(/^36/);
    });
  });

  it("SSCC: element string → EPC URI → SSCC-96 hex → Digital Link returns the input", () => {
    check(fc.record({ sscc: digits(17).map(withCheck), cpl: prefixLength, filter }), ({ sscc, cpl, filter }) => {
      const hex = toEpcHex(`(00)${sscc}`, { companyPrefixLength: cpl, filter });
      const decoded = parseCode(hex);
      expect(decoded).toMatchObject({ sscc, filter, scheme: "sscc-96" });
      expect(toEpcUri(decoded)).toBe(toEpcUri(`(00)${sscc}`, { companyPrefixLength: cpl }));
      expect(toDigitalLink(decoded)).toBe(`https://id.gs1.org/00/${sscc}`);
    });
  });

  it("SGLN: GLN + extension → EPC URI → tag URI → hex → Digital Link returns the input", () => {
    const extension = fc.oneof(fc.constant(undefined), cset82(20), numericNoLeadingZero(41)).filter((e) => e !== "0");
    check(fc.record({ gln: digits(12).map(withCheck), extension, cpl: prefixLength, filter }), ({ gln, extension, cpl, filter }) => {
      const es = `(414)${gln}${extension === undefined ? "" : `(254)${extension.replace(/\(/g, "\\(")}`}`;
      const tag = toEpcTagUri(es, { companyPrefixLength: cpl, filter });
      const decoded = parseCode(toEpcHex(tag));
      expect(toEpcTagUri(decoded)).toBe(tag);
      expect(toElementString(decoded)).toBe(es);
      expect(toDigitalLink(decoded)).toBe(toDigitalLink(es));
    });
  });

  it("GRAI and GIAI: element string → EPC URI → tag URI → hex returns the input", () => {
    const grai = fc.record({
      kind: fc.constant("grai" as const),
      body: digits(12),
      serial: fc.oneof(cset82(16), numericNoLeadingZero(38)),
      cpl: prefixLength,
      filter,
    });
    const giai = fc.record({
      kind: fc.constant("giai" as const),
      body: digits(12),
      serial: fc.oneof(cset82(18), numericNoLeadingZero(42)),
      cpl: prefixLength,
      filter,
    });
    check(fc.oneof(grai, giai), ({ kind, body, serial, cpl, filter }) => {
      const value = kind === "grai" ? `0${withCheck(body)}${serial}` : `${body.slice(0, cpl)}${serial}`;
      const es = `(${kind === "grai" ? "8003" : "8004"})${value.replace(/\(/g, "\\(")}`;
      const uri = toEpcUri(es, { companyPrefixLength: cpl });
      expect(toElementString(uri)).toBe(es);
      const tag = toEpcTagUri(uri, { filter });
      const decoded = parseCode(toEpcHex(tag));
      expect(toEpcTagUri(decoded)).toBe(tag);
      expect(toElementString(decoded)).toBe(es);
    });
  });
});

describe("garbage input (property-based)", () => {
  const conversions = (input: string): void => {
    const code = parseCode(input);
    for (const convert of [
      () => toElementString(code),
      () => toElementString(code, { brackets: false }),
      () => toDigitalLink(code),
      () => toEpcUri(code, { companyPrefixLength: 7 }),
      () => toEpcTagUri(code, { companyPrefixLength: 7, filter: 1 }),
      () => toEpcHex(code, { companyPrefixLength: 7, filter: 1 }),
      () => canonicalUnitId(code),
    ]) {
      try {
        convert();
      } catch (error) {
        if (!(error instanceof Gs1Error)) throw error;
      }
    }
  };
  const onlyGs1Errors = (input: string): void => {
    try {
      conversions(input);
    } catch (error) {
      if (!(error instanceof Gs1Error)) throw error;
      expect(typeof error.code).toBe("string");
      expect(error.message.length).toBeGreaterThan(10);
    }
  };

  it("never throws anything but Gs1Error for random text", () => {
    check(fc.string({ unit: "binary", maxLength: 80 }), onlyGs1Errors, GARBAGE_RUNS);
  });

  it("never throws anything but Gs1Error for random text behind each known prefix", () => {
    const prefixes = ["(01)", "(21)", "]d2", "]Q1https://a/", "]E0", "https://id.gs1.org/01/", "https://x/00/", "urn:epc:id:sgtin:", "urn:epc:tag:sgtin-198:", "urn:epc:tag:giai-202:", "urn:epc:class:lgtin:", "urn:epc:id:cpi:0614141.", "urn:epc:id:itip:", "urn:epc:tag:sgln-195:0.", "30", "36", "34", "38", "01"];
    const tail = fc.string({ unit: fc.constantFrom(..."0123456789ABCDEFabcdef.%()/?=&*\u001d:-_", ..."\u00e9\u0000"), maxLength: 60 });
    check(fc.tuple(fc.constantFrom(...prefixes), tail), ([p, t]) => onlyGs1Errors(p + t), GARBAGE_RUNS);
  });

  it("never throws anything but Gs1Error for random hex of EPC lengths", () => {
    const hex = fc.string({ unit: fc.constantFrom(..."0123456789ABCDEF"), minLength: 16, maxLength: 56 });
    const headed = fc.tuple(fc.constantFrom("30", "31", "32", "33", "34", "36", "37", "38", "39"), hex).map(([h, rest]) => h + rest);
    check(headed, onlyGs1Errors, GARBAGE_RUNS);
  });
});
