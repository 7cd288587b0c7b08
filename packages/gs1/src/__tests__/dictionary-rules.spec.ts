import { Gs1ErrorCode, gs1CheckDigit, parseCode, readBracketedElementString, toDigitalLink, validateElementValue, validateElements } from "../index";
import { expectGs1Error } from "./helpers";

const GTIN = "09506000134352";
const GSRN = `12345678901234567${gs1CheckDigit("12345678901234567")}`;
const IMEI = "490154203237518";

function validate(elementString: string): void {
  validateElements(readBracketedElementString(elementString), { referenceYear: 2026 });
}

describe("cross-AI rules of the GS1 syntax dictionary 2026-01-27", () => {
  it("takes an IMEI (8040) with the GTIN and serial it requires together (req=01+21)", () => {
    expect(() => validate(`(01)${GTIN}(21)XYZ(8040)${IMEI}`)).not.toThrow();
  });

  it("refuses an IMEI (8040) with a GTIN but no serial, naming both AIs the rule needs", () => {
    expectGs1Error(() => validate(`(01)${GTIN}(8040)${IMEI}`), Gs1ErrorCode.MISSING_REQUIRED_AI, "(8040) IMEI", "(01) GTIN with (21) SERIAL");
  });

  it("refuses a second IMEI (8041) without the first (req=01+21+8040)", () => {
    expectGs1Error(() => validate(`(01)${GTIN}(21)XYZ(8041)${IMEI}`), Gs1ErrorCode.MISSING_REQUIRED_AI, "(8041)", "(8040) IMEI");
    expect(() => validate(`(01)${GTIN}(21)XYZ(8040)${IMEI}(8041)${IMEI}`)).not.toThrow();
  });

  it("takes a digital signature (8030) beside a CPID with its serial (req=…,8010+8011,…) and refuses it beside a lone CPID", () => {
    expect(() => validate("(8010)0614141ABC123(8011)42(8030)AbC_-1")).not.toThrow();
    expectGs1Error(() => validate("(8010)0614141ABC123(8030)AbC_-1"), Gs1ErrorCode.MISSING_REQUIRED_AI, "(8030) DIGSIG", "(8010) CPID with (8011) CPID SERIAL");
  });

  it("refuses a date of birth (7250) beside a date and time of birth (7251): ex=7251", () => {
    expectGs1Error(() => validate(`(8018)${GSRN}(7250)20250101(7251)202501011230`), Gs1ErrorCode.EXCLUDED_AI_COMBINATION, "(7250) DOB", "(7251) DOB TIME");
  });

  it("refuses a made-to-order GTIN (03) beside a GTIN (01), and a count (37) without an SSCC", () => {
    expectGs1Error(() => validate(`(01)${GTIN}(03)${GTIN}`), Gs1ErrorCode.EXCLUDED_AI_COMBINATION, "(01) GTIN", "(03) MTO GTIN");
    expectGs1Error(() => validate(`(02)${GTIN}(37)10`), Gs1ErrorCode.MISSING_REQUIRED_AI, "(37) COUNT", "(00) SSCC");
  });

  it("lets a GTIN ride along an SSCC as a Digital Link query attribute (flag ?)", () => {
    const dl = toDigitalLink(`(00)006141411234567890(01)${GTIN}`);
    expect(dl).toBe(`https://id.gs1.org/00/006141411234567890?01=${GTIN}`);
    const code = parseCode(dl);
    expect(code).toMatchObject({ kind: "sscc", sscc: "006141411234567890" });
    expect(code.elements).toContainEqual({ ai: "01", value: GTIN });
  });

  it("refuses the product URL (8200) as a Digital Link query attribute (no ? flag)", () => {
    expectGs1Error(() => parseCode(`https://id.gs1.org/01/${GTIN}?8200=abc`), Gs1ErrorCode.NOT_A_DL_ATTRIBUTE, "(8200)");
  });
});

describe("linters of the syntax dictionary", () => {
  it.each([
    ["7250", "20240229", undefined],
    ["7250", "20250229", Gs1ErrorCode.BAD_DATE],
    ["7251", "202501012360", Gs1ErrorCode.BAD_DATE],
    ["8008", "250101236000", Gs1ErrorCode.BAD_DATE],
    ["8008", "250101235960", Gs1ErrorCode.BAD_DATE],
    ["7252", "9", undefined],
    ["7252", "3", Gs1ErrorCode.BAD_VALUE],
    ["7258", "1/2", undefined],
    ["7258", "2/1", Gs1ErrorCode.BAD_VALUE],
    ["7258", "102", Gs1ErrorCode.BAD_VALUE],
    ["8014", "1987654Ad4X4bL5ttr2310c2K", undefined],
    ["8014", "1000002129", Gs1ErrorCode.BAD_VALUE],
    ["8014", "1234567890", Gs1ErrorCode.INVALID_CHARACTER],
    ["4300", "ACME%20Corp", undefined],
    ["4300", "ACME%2", Gs1ErrorCode.BAD_VALUE],
    ["8001", "00150060001010", undefined],
    ["8001", "00150060001050", Gs1ErrorCode.BAD_VALUE],
    ["8001", "00000060001010", Gs1ErrorCode.BAD_VALUE],
    ["4309", "18000000003600000000", undefined],
    ["4309", "18000000013600000000", Gs1ErrorCode.BAD_VALUE],
    ["4309", "18000000003600000001", Gs1ErrorCode.BAD_VALUE],
    ["423", "276056", undefined],
    ["423", "2760", Gs1ErrorCode.TOO_SHORT],
  ])("AI (%s) %s: %s", (ai, value, code) => {
    const check = (): void => validateElementValue(ai, value, { referenceYear: 2026 });
    if (code === undefined) expect(check).not.toThrow();
    else expectGs1Error(check, code, `AI (${ai})`);
  });
});
