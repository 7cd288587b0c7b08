import { Gs1Error } from "@tracehub/gs1";
import { AuthenticityVerdict, CodeAttribute, type UnitRecord, authenticityVerdict, codeClaims } from "../authenticity.rules";
import { UnitStatus } from "../../unit/unit.rules";

// What the public check tells a consumer besides the verdict, and how the dates a code carries are read.

const record: UnitRecord = { status: UnitStatus.ACTIVE, commissioned: true, lot: "L-100", expiry: "2027-05-31", productionDate: "2025-06-01" };
const judge = (unit: UnitRecord | null, parsed = true) => authenticityVerdict({ parsed, unit, claims: [], today: "2026-11-30" });

describe("the reasons a verdict gives", () => {
  it.each([
    ["an unparsable code", null, false, AuthenticityVerdict.INVALID_CODE, "The code is not a valid GS1 code of a serialized item.", "INVALID_CODE", {}],
    ["a serial never issued", null, true, AuthenticityVerdict.UNKNOWN, "No unit with this GTIN and serial number was ever issued.", "NEVER_ISSUED", {}],
    ["a recalled unit", { ...record, status: UnitStatus.RECALLED }, true, AuthenticityVerdict.RECALLED, "The unit is under a recall.", "RECALLED", {}],
    ["a destroyed unit", { ...record, status: UnitStatus.DESTROYED }, true, AuthenticityVerdict.DECOMMISSIONED, "The unit was destroyed.", "OUT_OF_CIRCULATION", { status: "DESTROYED" }],
    ["a stolen unit", { ...record, status: UnitStatus.STOLEN }, true, AuthenticityVerdict.DECOMMISSIONED, "The unit was stolen.", "OUT_OF_CIRCULATION", { status: "STOLEN" }],
    ["a unit taken out as expired", { ...record, status: UnitStatus.EXPIRED }, true, AuthenticityVerdict.EXPIRED, "The unit was taken out of circulation as expired.", "EXPIRED_STATUS", {}],
  ])("explains %s in one sentence, with a code and its values for other languages", (_name, unit, parsed, verdict, reason, code, values) => {
    expect(judge(unit, parsed)).toEqual({ verdict, mismatches: [], reasons: [reason], details: [{ code, values, text: reason }] });
  });
});

describe("dates on the code", () => {
  it("reads six-digit years in the sliding century window of the reference year", () => {
    const production = (referenceYear: number) => codeClaims({ lot: null, expiry: null, attributes: { "11": "750101" } }, referenceYear)[0]?.value;
    expect(production(2026)).toBe("2075-01-01");
    expect(production(1990)).toBe("1975-01-01");
    const expiry = (referenceYear: number) => codeClaims({ lot: null, expiry: null, attributes: { "7003": "7501011200" } }, referenceYear)[0]?.value;
    expect(expiry(2026)).toBe("2075-01-01");
    expect(expiry(1990)).toBe("1975-01-01");
  });

  it("needs a real day in an expiry date and time (AI 7003), and names the AI when a date is wrong", () => {
    const claimsOf = (attributes: Record<string, string>) => () => codeClaims({ lot: null, expiry: null, attributes }, 2026);
    expect(claimsOf({ "7003": "2706001200" })).toThrow(Gs1Error);
    expect(claimsOf({ "7003": "2706001200" })).toThrow(/AI \(7003\)/);
    expect(claimsOf({ "7003": "2713011200" })).toThrow(/AI \(7003\)/);
    expect(claimsOf({ "11": "251301" })).toThrow(/AI \(11\)/);
  });

  it("claims the expiry of AI 7003 by its date alone", () => {
    expect(codeClaims({ lot: null, expiry: null, attributes: { "7003": "2705312359" } }, 2026)).toEqual([{ attribute: CodeAttribute.EXPIRY, ai: "7003", value: "2027-05-31" }]);
  });
});
