import { AuthenticityVerdict, CodeAttribute, type UnitRecord, authenticityVerdict, codeClaims, mismatchedAttributes } from "../authenticity.rules";
import { UnitStatus } from "../../unit/unit.rules";

const record: UnitRecord = { status: UnitStatus.ACTIVE, commissioned: true, lot: "L-100", expiry: "2027-05-31", productionDate: "2025-06-01" };
const TODAY = "2026-11-30";
const judge = (unit: UnitRecord | null, claims = codeClaims({ lot: null, expiry: null, attributes: {} }, 2026), today = TODAY) =>
  authenticityVerdict({ parsed: true, unit, claims, today });
const claims = (code: { lot?: string; expiry?: string; attributes?: Record<string, string> }) =>
  codeClaims({ lot: code.lot ?? null, expiry: code.expiry ?? null, attributes: code.attributes ?? {} }, 2026);

describe("what a code claims", () => {
  it("reads lot (AI 10), expiry (AI 17 and the date of AI 7003) and production date (AI 11) in the record's form", () => {
    expect(claims({ lot: "L-100", expiry: "2027-05-31", attributes: { "11": "250601", "7003": "2705311200", "3103": "000189" } })).toEqual([
      { attribute: CodeAttribute.LOT, ai: "10", value: "L-100" },
      { attribute: CodeAttribute.EXPIRY, ai: "17", value: "2027-05-31" },
      { attribute: CodeAttribute.EXPIRY, ai: "7003", value: "2027-05-31" },
      { attribute: CodeAttribute.PRODUCTION_DATE, ai: "11", value: "2025-06-01" },
    ]);
  });

  it("claims nothing for a code with only GTIN and serial", () => {
    expect(claims({})).toEqual([]);
  });
});

describe("attributes that contradict the record", () => {
  it.each([
    [{ lot: "L-101" }, [CodeAttribute.LOT]],
    [{ expiry: "2027-06-30" }, [CodeAttribute.EXPIRY]],
    [{ attributes: { "7003": "2706301200" } }, [CodeAttribute.EXPIRY]],
    [{ attributes: { "11": "250602" } }, [CodeAttribute.PRODUCTION_DATE]],
    [{ lot: "L-101", expiry: "2027-06-30", attributes: { "7003": "2706301200" } }, [CodeAttribute.LOT, CodeAttribute.EXPIRY]],
    [{ lot: "L-100", expiry: "2027-05-31", attributes: { "11": "250601", "7003": "2705310800" } }, []],
  ])("finds %j contradicting the record: %j", (code, expected) => {
    expect(mismatchedAttributes(record, claims(code))).toEqual(expected);
  });

  it("is case-sensitive on lots, as GS1 lots are", () => {
    expect(mismatchedAttributes(record, claims({ lot: "l-100" }))).toEqual([CodeAttribute.LOT]);
  });

  it("cannot contradict what the record does not hold", () => {
    expect(mismatchedAttributes({ ...record, lot: null, expiry: null, productionDate: null }, claims({ lot: "X", expiry: "2030-01-31", attributes: { "11": "250101" } }))).toEqual([]);
  });
});

describe("authenticity verdict", () => {
  it.each([
    ["an unparsable code", { parsed: false, unit: null }, AuthenticityVerdict.INVALID_CODE],
    ["a serial never seen", { parsed: true, unit: null }, AuthenticityVerdict.UNKNOWN],
    ["a serial seen in events but never commissioned", { parsed: true, unit: { ...record, commissioned: false } }, AuthenticityVerdict.UNKNOWN],
    ["a unit whose status is UNKNOWN", { parsed: true, unit: { ...record, status: UnitStatus.UNKNOWN } }, AuthenticityVerdict.UNKNOWN],
    ["an active unit", { parsed: true, unit: record }, AuthenticityVerdict.GENUINE],
    ["a sold unit", { parsed: true, unit: { ...record, status: UnitStatus.SOLD } }, AuthenticityVerdict.GENUINE],
    ["a unit in transit", { parsed: true, unit: { ...record, status: UnitStatus.IN_TRANSIT } }, AuthenticityVerdict.GENUINE],
    ["a returned unit", { parsed: true, unit: { ...record, status: UnitStatus.RETURNED } }, AuthenticityVerdict.GENUINE],
    ["a recalled unit", { parsed: true, unit: { ...record, status: UnitStatus.RECALLED } }, AuthenticityVerdict.RECALLED],
    ["a destroyed unit", { parsed: true, unit: { ...record, status: UnitStatus.DESTROYED } }, AuthenticityVerdict.DECOMMISSIONED],
    ["a decommissioned unit", { parsed: true, unit: { ...record, status: UnitStatus.DECOMMISSIONED } }, AuthenticityVerdict.DECOMMISSIONED],
    ["a consumed unit", { parsed: true, unit: { ...record, status: UnitStatus.CONSUMED } }, AuthenticityVerdict.DECOMMISSIONED],
    ["a stolen unit", { parsed: true, unit: { ...record, status: UnitStatus.STOLEN } }, AuthenticityVerdict.DECOMMISSIONED],
    ["a unit taken out as expired", { parsed: true, unit: { ...record, status: UnitStatus.EXPIRED } }, AuthenticityVerdict.EXPIRED],
  ])("judges %s", (_name, input, verdict) => {
    expect(authenticityVerdict({ ...input, claims: [], today: TODAY }).verdict).toBe(verdict);
  });

  it("calls a unit past its expiry date EXPIRED, and still GENUINE on the expiry date itself", () => {
    expect(judge(record, [], "2027-05-31").verdict).toBe(AuthenticityVerdict.GENUINE);
    expect(judge(record, [], "2027-06-01")).toEqual({
      verdict: AuthenticityVerdict.EXPIRED,
      mismatches: [],
      reasons: ["The unit is past its expiry date."],
      details: [{ code: "PAST_EXPIRY", values: {}, text: "The unit is past its expiry date." }],
    });
    expect(judge({ ...record, expiry: null }, [], "2099-01-01").verdict).toBe(AuthenticityVerdict.GENUINE);
  });

  it("calls a code whose lot contradicts the record SUSPECT, naming the attribute and not the recorded value", () => {
    const judgement = judge(record, claims({ lot: "FAKE-1", expiry: "2027-05-31" }));
    expect(judgement.verdict).toBe(AuthenticityVerdict.SUSPECT);
    expect(judgement.mismatches).toEqual([CodeAttribute.LOT]);
    expect(judgement.reasons).toEqual(["The lot (AI 10) on the code does not match the one this serial number was issued with."]);
    expect(judgement.details).toEqual([{ code: "ATTRIBUTE_MISMATCH", values: { attribute: "LOT" }, text: judgement.reasons[0] }]);
    expect(JSON.stringify(judgement)).not.toContain("L-100");
  });

  it("calls a code whose expiry or production date contradicts the record SUSPECT", () => {
    expect(judge(record, claims({ expiry: "2028-05-31" }))).toMatchObject({ verdict: AuthenticityVerdict.SUSPECT, mismatches: [CodeAttribute.EXPIRY] });
    expect(judge(record, claims({ attributes: { "11": "240601" } }))).toMatchObject({ verdict: AuthenticityVerdict.SUSPECT, mismatches: [CodeAttribute.PRODUCTION_DATE] });
    expect(judge(record, claims({ lot: "X", attributes: { "11": "240601" } })).reasons).toHaveLength(2);
  });

  it("puts a contradiction before recall, inactivity and expiry, and after an unknown serial", () => {
    const forged = claims({ lot: "FAKE-1" });
    for (const status of [UnitStatus.RECALLED, UnitStatus.DESTROYED, UnitStatus.EXPIRED, UnitStatus.SOLD]) {
      expect(judge({ ...record, status }, forged).verdict).toBe(AuthenticityVerdict.SUSPECT);
    }
    expect(judge(null, forged).verdict).toBe(AuthenticityVerdict.UNKNOWN);
    expect(judge({ ...record, commissioned: false }, forged).verdict).toBe(AuthenticityVerdict.UNKNOWN);
  });

  it("puts a recall before expiry, and inactivity before expiry", () => {
    expect(judge({ ...record, status: UnitStatus.RECALLED }, [], "2030-01-01").verdict).toBe(AuthenticityVerdict.RECALLED);
    expect(judge({ ...record, status: UnitStatus.DESTROYED }, [], "2030-01-01").verdict).toBe(AuthenticityVerdict.DECOMMISSIONED);
  });

  it("gives no reasons and no mismatches for a genuine unit whose code agrees with the record", () => {
    expect(judge(record, claims({ lot: "L-100", expiry: "2027-05-31", attributes: { "11": "250601" } }))).toEqual({
      verdict: AuthenticityVerdict.GENUINE,
      mismatches: [],
      reasons: [],
      details: [],
    });
  });
});
