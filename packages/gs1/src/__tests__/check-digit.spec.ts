import { Gs1ErrorCode, gs1CheckDigit, hasValidCheckDigit, normalizeGtin } from "../index";
import { expectGs1Error } from "./helpers";

describe("gs1CheckDigit", () => {
  it("computes the worked example of standards.md (body 0950600013435 → 2)", () => {
    expect(gs1CheckDigit("0950600013435")).toBe("2");
  });

  it("anchors the weights on the right, so GTIN-8, UPC-A, SSCC and GLN bodies all work", () => {
    expect(gs1CheckDigit("0234567")).toBe("3");
    expect(gs1CheckDigit("41600033610")).toBe("8");
    expect(gs1CheckDigit("00614141123456789")).toBe("0");
    expect(gs1CheckDigit("123456789011")).toBe("1");
  });

  it("rejects a body with a non-digit", () => {
    expectGs1Error(() => gs1CheckDigit("12A4"), Gs1ErrorCode.INVALID_CHARACTER, "12A4");
  });

  it("rejects an empty body", () => {
    expectGs1Error(() => gs1CheckDigit(""), Gs1ErrorCode.EMPTY_INPUT);
  });
});

describe("hasValidCheckDigit", () => {
  it("accepts a GTIN with the right check digit and refuses one digit off", () => {
    expect(hasValidCheckDigit("09506000134352")).toBe(true);
    expect(hasValidCheckDigit("09506000134353")).toBe(false);
  });
});

describe("normalizeGtin", () => {
  it("pads GTIN-8, GTIN-12 and GTIN-13 to 14 digits", () => {
    expect(normalizeGtin("02345673")).toBe("00000002345673");
    expect(normalizeGtin("416000336108")).toBe("00416000336108");
    expect(normalizeGtin("2112345678900")).toBe("02112345678900");
    expect(normalizeGtin("09506000134352")).toBe("09506000134352");
  });

  it("rejects a GTIN whose check digit is wrong, naming the expected digit", () => {
    expectGs1Error(() => normalizeGtin("09506000134353"), Gs1ErrorCode.BAD_CHECK_DIGIT, "09506000134353", "2");
  });

  it("rejects a GTIN of a length GS1 does not define", () => {
    expectGs1Error(() => normalizeGtin("1234567890"), Gs1ErrorCode.BAD_VALUE, "10");
    expectGs1Error(() => normalizeGtin("123456789012345"), Gs1ErrorCode.TOO_LONG);
  });
});
