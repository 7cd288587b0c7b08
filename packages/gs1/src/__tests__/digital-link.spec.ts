import { Gs1ErrorCode, parseCode, readDigitalLink, toDigitalLink, toElementString } from "../index";
import { expectGs1Error } from "./helpers";

describe("reading Digital Link URIs", () => {
  it("reads a Digital Link on a brand's own host with a path stem", () => {
    const code = parseCode("https://brand.example/products/dl/01/09506000134352/10/ABC/21/XYZ?17=261231&linkType=gs1:pip", { referenceYear: 2025 });
    expect(code).toMatchObject({ form: "digital-link", gtin: "09506000134352", lot: "ABC", serial: "XYZ", expiry: "2026-12-31" });
    expect(readDigitalLink("https://brand.example/products/dl/01/09506000134352/21/XYZ").stem).toBe("https://brand.example/products/dl");
  });

  it("ignores query parameters that are not AIs, and the fragment", () => {
    const code = parseCode("https://id.gs1.org/01/09506000134352/21/XYZ?linkType=all&context=x#frag");
    expect(code.elements).toEqual([
      { ai: "01", value: "09506000134352" },
      { ai: "21", value: "XYZ" },
    ]);
  });

  it("percent-decodes path values and query values", () => {
    const code = parseCode("https://id.gs1.org/01/05412345000013/10/ABC%26%2B123/21/a%2Fb?3103=000189");
    expect(code.lot).toBe("ABC&+123");
    expect(code.serial).toBe("a/b");
    expect(code.attributes["3103"]).toBe("000189");
  });

  it("rejects key qualifiers out of order (21 before 10)", () => {
    expectGs1Error(() => parseCode("https://id.gs1.org/01/09506000134352/21/XYZ/10/ABC"), Gs1ErrorCode.QUALIFIER_ORDER, "/22/, /10/, /21/");
  });

  it("rejects a path AI that is not a qualifier of the key, pointing to the query string", () => {
    expectGs1Error(() => parseCode("https://id.gs1.org/01/09506000134352/17/261231"), Gs1ErrorCode.INVALID_QUALIFIER, "(17)", "?17=");
  });

  it("rejects a serial carried as a query attribute", () => {
    expectGs1Error(() => parseCode("https://id.gs1.org/01/09506000134352?21=XYZ"), Gs1ErrorCode.DL_QUALIFIER_IN_QUERY, "(21)");
  });

  it("rejects a Digital Link whose GTIN has a wrong check digit", () => {
    expectGs1Error(() => parseCode("https://id.gs1.org/01/09506000134353/21/XYZ"), Gs1ErrorCode.BAD_CHECK_DIGIT);
  });

  it("rejects a GTIN-13 in the path unless zero-suppressed GTINs are permitted (V20)", () => {
    expectGs1Error(() => parseCode("https://a/01/2112345678900"), Gs1ErrorCode.ZERO_SUPPRESSED_GTIN, "02112345678900");
    expect(toElementString(parseCode("https://a/01/2112345678900", { permitZeroSuppressedGtin: true }))).toBe("(01)02112345678900");
  });

  it("accepts deprecated convenience alphas only when asked to", () => {
    expectGs1Error(() => parseCode("https://id.gs1.org/gtin/09506000134352/ser/XYZ"), Gs1ErrorCode.NOT_A_DIGITAL_LINK);
    expect(parseCode("https://id.gs1.org/gtin/09506000134352/ser/XYZ", { permitConvenienceAlphas: true }).serial).toBe("XYZ");
  });

  it("rejects a URL with no primary key in its path", () => {
    expectGs1Error(() => parseCode("https://example.com/about/us"), Gs1ErrorCode.NOT_A_DIGITAL_LINK);
  });

  it("rejects broken percent-encoding", () => {
    expectGs1Error(() => parseCode("https://id.gs1.org/01/09506000134352/21/A%ZZ"), Gs1ErrorCode.BAD_PERCENT_ENCODING);
  });

  it("reads SSCC, SGLN with extension, party GLN and GIAI keys", () => {
    expect(parseCode("https://id.gs1.org/00/012345666638689852")).toMatchObject({ kind: "sscc", sscc: "012345666638689852" });
    expect(parseCode("https://id.gs1.org/414/1234567890111/254/1111")).toMatchObject({ kind: "sgln", gln: "1234567890111", extension: "1111" });
    expect(parseCode("https://id.gs1.org/417/1234567890111")).toMatchObject({ kind: "pgln", gln: "1234567890111" });
    expect(parseCode("https://id.gs1.org/8004/0614141ABC")).toMatchObject({ kind: "giai", giai: "0614141ABC" });
  });

  it("rejects a GLN extension after a party GLN (417 takes only 7040)", () => {
    expectGs1Error(() => parseCode("https://id.gs1.org/417/1234567890111/254/1"), Gs1ErrorCode.INVALID_QUALIFIER, "(254)");
  });
});

describe("writing Digital Link URIs", () => {
  it("orders qualifiers and moves data attributes to the query string whatever the input order (V15)", () => {
    expect(toDigitalLink("(21)XYZ(01)12312312312333(10)ABC123(99)XYZ", { stem: "https://example.com" })).toBe(
      "https://example.com/01/12312312312333/10/ABC123/21/XYZ?99=XYZ",
    );
  });

  it("writes scan data with an attribute after the lot (V17)", () => {
    expect(toDigitalLink("]d2011231231231233310ABC123\u001d99TESTING")).toBe("https://id.gs1.org/01/12312312312333/10/ABC123?99=TESTING");
  });

  it("percent-encodes every character outside RFC 3986 unreserved", () => {
    expect(toDigitalLink("(01)09506000134352(21)a/b!'()*+,:;=?&\"%<>")).toBe(
      "https://id.gs1.org/01/09506000134352/21/a%2Fb%21%27%28%29%2A%2B%2C%3A%3B%3D%3F%26%22%25%3C%3E",
    );
  });

  it("drops a trailing slash of the stem and keeps its path", () => {
    expect(toDigitalLink("(01)09506000134352", { stem: "https://brand.example/dl/" })).toBe("https://brand.example/dl/01/09506000134352");
  });

  it("rejects a stem that is not an http(s) URL", () => {
    expectGs1Error(() => toDigitalLink("(01)09506000134352", { stem: "ftp://x" }), Gs1ErrorCode.INVALID_OPTION, "ftp://x");
  });

  it("uses the TPX qualifier path when the GTIN carries AI 235", () => {
    expect(toDigitalLink("(01)09506000134352(235)TPX1(10)L1")).toBe("https://id.gs1.org/01/09506000134352/10/L1?235=TPX1".replace("/10/L1?235=TPX1", "/235/TPX1?10=L1"));
  });

  it("rejects data with no primary key", () => {
    expectGs1Error(() => toDigitalLink({ kind: "other", form: "element-string", elements: [{ ai: "400", value: "PO1" }], attributes: {} }), Gs1ErrorCode.MISSING_KEY);
  });

  it("writes GLN with extension, and demotes a second key to an attribute", () => {
    expect(toDigitalLink("(414)1234567890111(254)1111")).toBe("https://id.gs1.org/414/1234567890111/254/1111");
    expect(toDigitalLink("(00)006141411234567890(02)09506000134352(37)24(400)PO%1")).toBe(
      "https://id.gs1.org/00/006141411234567890?02=09506000134352&37=24&400=PO%251",
    );
  });

  it("turns a Digital Link back into the element string, path AIs first (V18)", () => {
    expect(toElementString("https://id.gs1.org/01/09506000134352/10/ABC/21/XYZ?17=261231")).toBe("(01)09506000134352(10)ABC(21)XYZ(17)261231");
  });
});
