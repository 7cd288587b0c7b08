import { GS, Gs1ErrorCode, parseCode, toDigitalLink, toElementString } from "../index";
import { expectGs1Error } from "./helpers";

const Y = { referenceYear: 2025 };

describe("bracketed element strings", () => {
  it("reads GTIN, expiry, lot and serial from one element string", () => {
    const code = parseCode("(01)09506000134352(17)261231(10)ABC123(21)XYZ", Y);
    expect(code).toMatchObject({
      kind: "sgtin",
      form: "element-string",
      gtin: "09506000134352",
      expiry: "2026-12-31",
      lot: "ABC123",
      serial: "XYZ",
      attributes: {},
    });
  });

  it("reads expiry day 00 as the last day of that month", () => {
    expect(parseCode("(01)09506000134352(17)251100(21)1", Y).expiry).toBe("2025-11-30");
    expect(parseCode("(01)09506000134352(17)240200(21)1", Y).expiry).toBe("2024-02-29");
  });

  it("accepts 29 February in a leap year and rejects it otherwise", () => {
    expect(parseCode("(01)09506000134352(17)240229(21)1", Y).expiry).toBe("2024-02-29");
    expectGs1Error(() => parseCode("(01)09506000134352(17)250229(21)1", Y), Gs1ErrorCode.BAD_DATE, "(17)", "28 days");
  });

  it("places two-digit years with the GS1 sliding window", () => {
    expect(parseCode("(01)09506000134352(17)751231", Y).expiry).toBe("2075-12-31");
    expect(parseCode("(01)09506000134352(17)761231", Y).expiry).toBe("1976-12-31");
  });

  it("keeps other AIs as attributes, with their values unchanged", () => {
    const code = parseCode("(01)09506000134352(11)250101(3103)000189(710)PZN123(21)0042", Y);
    expect(code.attributes).toEqual({ "11": "250101", "3103": "000189", "710": "PZN123" });
    expect(code.serial).toBe("0042");
  });

  it("rejects each malformed value with the matching error code", () => {
    expectGs1Error(() => parseCode("(01)09506000134353(21)X"), Gs1ErrorCode.BAD_CHECK_DIGIT, "(01)", "2");
    expectGs1Error(() => parseCode("(01)09506000134352(21)ABCDEFGHIJKLMNOPQRSTU"), Gs1ErrorCode.TOO_LONG, "(21)", "21 characters", "20");
    expectGs1Error(() => parseCode("(01)09506000134352(21)AB#1"), Gs1ErrorCode.INVALID_CHARACTER, "(21)", "'#'", "position 3");
    expectGs1Error(() => parseCode("(01)09506000134352(17)261331"), Gs1ErrorCode.BAD_DATE, "month 13");
    expectGs1Error(() => parseCode("(01)09506000134352(17)250230", Y), Gs1ErrorCode.BAD_DATE, "day 30");
    expectGs1Error(() => parseCode("(21)ABC"), Gs1ErrorCode.MISSING_REQUIRED_AI, "(21)", "(01)");
    expectGs1Error(() => parseCode("(01)0950600013435"), Gs1ErrorCode.TOO_SHORT, "(01)");
    expectGs1Error(() => parseCode("(01)09506000134352(21)A B"), Gs1ErrorCode.INVALID_CHARACTER, "a space");
  });

  it("rejects an AI that is not in the table", () => {
    expectGs1Error(() => parseCode("(01)09506000134352(219)X"), Gs1ErrorCode.UNKNOWN_AI, "(219)");
  });

  it("rejects a serial together with a third-party extension (21 excludes 235)", () => {
    expectGs1Error(() => parseCode("(01)09506000134352(21)A(235)B"), Gs1ErrorCode.EXCLUDED_AI_COMBINATION, "(21)", "(235)");
  });

  it("rejects the same AI twice with different values, and tolerates an exact repeat", () => {
    expectGs1Error(() => parseCode("(01)09506000134352(21)A(21)B"), Gs1ErrorCode.DUPLICATE_AI, "(21)");
    expect(parseCode("(01)09506000134352(21)A(21)A").elements).toHaveLength(2);
  });

  it("round-trips a '(' inside a serial through the \\( escape", () => {
    const text = toElementString(parseCode("(01)09506000134352(21)A\\(12)B"));
    expect(text).toBe("(01)09506000134352(21)A\\(12)B");
    expect(parseCode(text).serial).toBe("A(12)B");
  });

  it("reads a GRAI and a GIAI", () => {
    expect(parseCode("(8003)00614141123452SER1")).toMatchObject({ kind: "grai", grai: "00614141123452SER1" });
    expect(parseCode("(8004)0614141ABC-1")).toMatchObject({ kind: "giai", giai: "0614141ABC-1" });
    expectGs1Error(() => parseCode("(8003)10614141123452"), Gs1ErrorCode.BAD_VALUE, "(8003)");
  });

  it("reads a logistic label: SSCC with content GTIN and count", () => {
    const code = parseCode("(00)006141411234567890(02)09506000134352(37)24");
    expect(code).toMatchObject({ kind: "sscc", sscc: "006141411234567890", attributes: { "02": "09506000134352", "37": "24" } });
  });
});

describe("scan data (unbracketed, GS separated)", () => {
  const raw = `01095060001343521726123110ABC123${GS}21XYZ`;

  it.each(["]d2", "]Q3", "]C1", "]e0", "]J1"])("reads data behind the %s symbology identifier", (sym) => {
    const code = parseCode(`${sym}011231231231233310ABC123${GS}99TESTING`);
    expect(toElementString(code)).toBe("(01)12312312312333(10)ABC123(99)TESTING");
    expect(code.symbologyId).toBe(sym);
    expect(code.form).toBe("scan-data");
  });

  it("reads DataMatrix data without symbology identifier and makes the Digital Link (V19)", () => {
    const code = parseCode(raw);
    expect(toDigitalLink(code)).toBe("https://id.gs1.org/01/09506000134352/10/ABC123/21/XYZ?17=261231");
  });

  it("tolerates a trailing GS and a trailing newline from the scanner", () => {
    expect(parseCode(`]d2${raw}${GS}\r\n`).serial).toBe("XYZ");
  });

  it("tolerates a GS after a predefined-length AI", () => {
    expect(parseCode(`0109506000134352${GS}21XYZ`).serial).toBe("XYZ");
  });

  it("explains a missing GS between a lot and the next AI as a too-long value", () => {
    expectGs1Error(() => parseCode("]d2010950600013435210ABC12321XYZ12345678901234"), Gs1ErrorCode.TOO_LONG, "(10)", "GS separator");
  });

  it("rejects a predefined-length value cut short", () => {
    expectGs1Error(() => parseCode("]d201095060001343"), Gs1ErrorCode.TOO_SHORT, "(01)", "14");
  });

  it("reads an EAN-13 scan as a GTIN padded to 14 digits", () => {
    expect(parseCode("]E02112345678900")).toMatchObject({ kind: "gtin", gtin: "02112345678900" });
    expect(parseCode("]E402345673").gtin).toBe("00000002345673");
  });

  it("reads a Digital Link carried in a plain QR code or DataMatrix", () => {
    expect(parseCode("]Q1https://id.gs1.org/01/09506000134352/21/XYZ")).toMatchObject({ form: "digital-link", serial: "XYZ", symbologyId: "]Q1" });
  });

  it("rejects a symbology identifier that carries no GS1 data", () => {
    expectGs1Error(() => parseCode("]A0HELLO"), Gs1ErrorCode.UNSUPPORTED_SYMBOLOGY, "]A0");
  });

  it("writes unbracketed data with GS only after variable-length values that are not last", () => {
    const code = parseCode("(10)ABC(01)09506000134352(21)XYZ(17)261231");
    expect(toElementString(code, { brackets: false })).toBe(`10ABC${GS}010950600013435221XYZ${GS}17261231`);
    expect(toElementString(code, { brackets: false, symbologyId: "]d2" })).toBe(`]d210ABC${GS}010950600013435221XYZ${GS}17261231`);
  });

  it("reads back what it writes unbracketed", () => {
    const code = parseCode("(01)09506000134352(10)L1(3103)000189(21)S/1");
    expect(parseCode(toElementString(code, { brackets: false, symbologyId: "]d2" })).elements).toEqual(code.elements);
  });
});

describe("input forms", () => {
  it("rejects empty input and whitespace", () => {
    expectGs1Error(() => parseCode(""), Gs1ErrorCode.EMPTY_INPUT);
    expectGs1Error(() => parseCode("  \n"), Gs1ErrorCode.EMPTY_INPUT);
  });

  it("rejects text that is no GS1 form", () => {
    expectGs1Error(() => parseCode("hello world"), Gs1ErrorCode.UNRECOGNIZED_FORMAT);
  });
});
