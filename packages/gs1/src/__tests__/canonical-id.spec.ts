import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import {
  type CanonicalIdParts,
  CSET82,
  canonicalIdKind,
  canonicalUnitId,
  gs1CheckDigit,
  gtinClassId,
  isCset82,
  isValidElementValue,
  lgtinClassId,
  parseCode,
  readCanonicalId,
  toDigitalLink,
} from "../index";

const REPO_ROOT = path.resolve(__dirname, "../../../..");
const vectors = JSON.parse(fs.readFileSync(path.resolve(REPO_ROOT, "../shared/conformance/gs1/vectors.json"), "utf8")) as {
  decode: { input: string; expect: Record<string, string | number | undefined> }[];
  reject: { input: string; why: string }[];
};

/** Prints parts back the way the hub prints canonical ids. */
function print(parts: CanonicalIdParts): string {
  if (parts.kind === "gtin") return gtinClassId({ gtin: parts.gtin as string });
  if (parts.kind === "lgtin") return lgtinClassId({ gtin: parts.gtin as string, lot: parts.lot as string });
  // Key fields have no party GLN (417): print it from its element string.
  if (parts.kind === "pgln") return canonicalUnitId(`(417)${parts.gln}`);
  const { kind: _kind, ...fields } = parts;
  return canonicalUnitId(fields);
}

describe("readCanonicalId", () => {
  it.each([
    ["https://id.gs1.org/01/09506000134352/21/ABC123", { kind: "sgtin", gtin: "09506000134352", serial: "ABC123" }],
    ["https://id.gs1.org/01/09506000134352", { kind: "gtin", gtin: "09506000134352" }],
    ["https://id.gs1.org/01/09506000134352/10/L%2F1", { kind: "lgtin", gtin: "09506000134352", lot: "L/1" }],
    ["https://id.gs1.org/00/012345666638689852", { kind: "sscc", sscc: "012345666638689852" }],
    ["https://id.gs1.org/414/1234567890111/254/1111", { kind: "sgln", gln: "1234567890111", extension: "1111" }],
    ["https://id.gs1.org/414/4374736473640", { kind: "sgln", gln: "4374736473640" }],
    ["https://id.gs1.org/417/4374736473640", { kind: "pgln", gln: "4374736473640" }],
    ["https://id.gs1.org/8003/04374736473640A12", { kind: "grai", grai: "04374736473640A12" }],
    ["https://id.gs1.org/8004/4374736ASSET%2F9", { kind: "giai", giai: "4374736ASSET/9" }],
  ])("reads %s into its parts, which print back to it", (id, parts) => {
    expect(readCanonicalId(id)).toEqual(parts);
    expect(print(parts as CanonicalIdParts)).toBe(id);
    expect(canonicalIdKind(id)).toBe(parts.kind);
  });

  it("reads every canonical Digital Link of the shared decode vectors into the vector's fields", () => {
    const withLinks = vectors.decode.filter((v) => typeof v.expect["digitalLink"] === "string");
    expect(withLinks.length).toBeGreaterThanOrEqual(5);
    for (const v of withLinks) {
      const id = v.expect["digitalLink"] as string;
      const parts = readCanonicalId(id);
      expect(parts).toBeDefined();
      for (const field of ["gtin", "serial", "lot", "sscc", "gln", "extension"] as const) {
        if (v.expect[field] !== undefined) expect(parts?.[field]).toBe(v.expect[field]);
      }
      // The same parts the full parser finds.
      expect(parts?.kind).toBe(parseCode(id).kind);
    }
  });

  it("refuses the shared reject vectors written as Digital Links", () => {
    // Wrong check digit, a serial of 21 characters, '#' outside character set 82, qualifiers out of order.
    expect(readCanonicalId("https://id.gs1.org/01/09506000134353/21/X")).toBeUndefined();
    expect(readCanonicalId("https://id.gs1.org/01/09506000134352/21/ABCDEFGHIJKLMNOPQRSTU")).toBeUndefined();
    expect(readCanonicalId("https://id.gs1.org/01/09506000134352/21/AB%231")).toBeUndefined();
    expect(readCanonicalId("https://id.gs1.org/01/09506000134352/21/XYZ/10/ABC")).toBeUndefined();
    expect(vectors.reject.some((v) => v.input === "https://id.gs1.org/01/09506000134352/21/XYZ/10/ABC")).toBe(true);
  });

  it.each([
    ["another host", "https://example.com/01/09506000134352/21/X"],
    ["http", "http://id.gs1.org/01/09506000134352/21/X"],
    ["a query string", "https://id.gs1.org/01/09506000134352/21/X?17=261231"],
    ["a fragment", "https://id.gs1.org/01/09506000134352/21/X#a"],
    ["a trailing slash", "https://id.gs1.org/01/09506000134352/21/X/"],
    ["an extra segment", "https://id.gs1.org/00/095060000000000039/extra"],
    ["a lot beside the serial", "https://id.gs1.org/01/09506000134352/10/L/21/X"],
    ["a zero-suppressed GTIN", "https://id.gs1.org/01/9506000134352/21/X"],
    ["an SSCC of 17 digits", "https://id.gs1.org/00/01234566663868985"],
    ["a GLN extension without its GLN", "https://id.gs1.org/254/1111"],
    ["an empty serial", "https://id.gs1.org/01/09506000134352/21/"],
    ["a broken percent-encoding", "https://id.gs1.org/01/09506000134352/21/%E0%A4"],
    ["a canonical id inside another URI", "https://example.com/?u=https://id.gs1.org/01/09506000134352/21/A"],
    ["an EPC URN", "urn:epc:id:sgtin:0614141.812345.6789"],
    ["a private URN", "urn:tracehub:unit:1"],
    ["nothing", ""],
  ])("refuses %s, even by shape", (_why, id) => {
    expect(readCanonicalId(id)).toBeUndefined();
    expect(readCanonicalId(id, { checkValues: false })).toBeUndefined();
    expect(canonicalIdKind(id)).toBe("other");
  });

  it.each([
    ["an SSCC with a bad check digit", "https://id.gs1.org/00/095060001343520005", "sscc"],
    ["a GRAI with a bad check digit", "https://id.gs1.org/8003/09506000000011SN-42", "grai"],
    ["a GTIN with a bad check digit", "https://id.gs1.org/01/09506000134353/21/X", "sgtin"],
    ["a serial of 21 characters", "https://id.gs1.org/01/09506000134352/21/ABCDEFGHIJKLMNOPQRSTU", "sgtin"],
    ["lower-case percent-encoding", "https://id.gs1.org/01/09506000134352/21/A%2fB", "sgtin"],
    ["a value that should have been encoded", "https://id.gs1.org/01/09506000134352/21/A!B", "sgtin"],
  ])("refuses %s, which has the shape of a canonical id", (_why, id, kind) => {
    expect(readCanonicalId(id)).toBeUndefined();
    expect(readCanonicalId(id, { checkValues: false })?.kind).toBe(kind);
    expect(canonicalIdKind(id)).toBe(kind);
  });

  it("decodes values by shape too", () => {
    expect(readCanonicalId("https://id.gs1.org/01/09506000134352/21/A%2fB", { checkValues: false })).toEqual({ kind: "sgtin", gtin: "09506000134352", serial: "A/B" });
  });

  it("reads back every canonical SGTIN id the hub prints, whatever the serial", () => {
    const gtin = fc.stringMatching(/^[0-9]{13}$/).map((body) => body + gs1CheckDigit(body));
    const serial = fc.string({ unit: fc.constantFrom(...CSET82), minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(gtin, serial, (g, s) => {
        const id = canonicalUnitId({ gtin: g, serial: s });
        expect(readCanonicalId(id)).toEqual({ kind: "sgtin", gtin: g, serial: s });
        expect(id).toBe(toDigitalLink({ gtin: g, serial: s }));
      }),
    );
  });
});

describe("isValidElementValue", () => {
  it("checks lots and serials as AI 10 and 21: 1 to 20 characters of character set 82", () => {
    for (const ai of ["10", "21"]) {
      expect(isValidElementValue(ai, "ABC-123/x_y")).toBe(true);
      expect(isValidElementValue(ai, CSET82.slice(0, 20))).toBe(true);
      expect(isValidElementValue(ai, `!"%&'()*+,-./:;<=>?_`)).toBe(true);
      expect(isValidElementValue(ai, "A".repeat(20))).toBe(true);
      expect(isValidElementValue(ai, "A".repeat(21))).toBe(false);
      expect(isValidElementValue(ai, "")).toBe(false);
      for (const bad of ["AB#1", "A B", "tab\t", "é", "a~b", "GS\u001d", "[x]", "a$b", "a@b"]) expect(isValidElementValue(ai, bad)).toBe(false);
    }
    // The shared reject vectors: a serial of 21 characters, and '#'.
    expect(isValidElementValue("21", "ABCDEFGHIJKLMNOPQRSTU")).toBe(false);
    expect(isValidElementValue("21", "AB#1")).toBe(false);
  });

  it("agrees with the character set 82 regular expression the services used, for every short ASCII string", () => {
    const old = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)), maxLength: 22 }), (value) => {
        expect(isValidElementValue("10", value)).toBe(old.test(value));
        expect(isValidElementValue("21", value)).toBe(old.test(value));
        expect(isCset82(value) && value.length >= 1 && value.length <= 20).toBe(old.test(value));
      }),
    );
  });

  it("agrees with the AI table for every AI a canonical id holds (readCanonicalId checks the common ones itself)", () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    const withCheck = (n: number) => digits(n - 1).map((body) => body + gs1CheckDigit(body));
    const anyAscii = fc.string({ unit: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)), maxLength: 24 });
    const cases: [string, fc.Arbitrary<string>][] = [
      ["01", fc.oneof(withCheck(14), digits(14), digits(13), anyAscii)],
      ["00", fc.oneof(withCheck(18), digits(18), anyAscii)],
      ["414", fc.oneof(withCheck(13), digits(13), anyAscii)],
      ["417", fc.oneof(withCheck(13), digits(12), anyAscii)],
      ["21", anyAscii],
      ["10", anyAscii],
      ["254", anyAscii],
    ];
    for (const [ai, values] of cases) {
      fc.assert(
        fc.property(values, (value) => {
          const layout = ai === "21" ? ["01", "09506000134352", "21"] : ai === "10" ? ["01", "09506000134352", "10"] : ai === "254" ? ["414", "4374736473640", "254"] : [ai];
          const id = `https://id.gs1.org/${[...layout, value].join("/")}`;
          const encodedId = `https://id.gs1.org/${[...layout, encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)].join("/")}`;
          expect(readCanonicalId(encodedId) !== undefined).toBe(isValidElementValue(ai, value));
          // Written raw, a value is its own canonical form only when it holds nothing to encode. A value that itself
          // reads as an escape ("%2A") is the canonical form of another value ("*"), so it proves nothing here.
          if (!/%[0-9A-Fa-f]{2}/.test(value) && readCanonicalId(id) !== undefined) expect(id).toBe(encodedId);
        }),
        { numRuns: 300 },
      );
    }
  });

  it("checks GTINs, SSCCs and dates with their check digits and calendars, and refuses unknown AIs", () => {
    expect(isValidElementValue("01", "09506000134352")).toBe(true);
    expect(isValidElementValue("01", "09506000134353")).toBe(false);
    expect(isValidElementValue("01", "9506000134352")).toBe(false);
    expect(isValidElementValue("00", "012345666638689852")).toBe(true);
    expect(isValidElementValue("17", "261231")).toBe(true);
    expect(isValidElementValue("17", "261331")).toBe(false);
    expect(isValidElementValue("17", "250230")).toBe(false);
    expect(isValidElementValue("999999", "x")).toBe(false);
  });
});
