import { CloneReason, DEFAULT_CLONE_OPTIONS, cloneFindings, continentOf, isCountryCode } from "../clone.rules";

const at = (iso: string) => new Date(iso);
const reasons = (f: { reason: CloneReason }[]) => f.map((x) => x.reason);

describe("clone detection", () => {
  it("knows countries and their continents", () => {
    expect([continentOf("DE"), continentOf("US"), continentOf("BR"), continentOf("JP"), continentOf("AU"), continentOf("NG")]).toEqual(["EU", "NA", "SA", "AS", "OC", "AF"]);
    expect(isCountryCode("FR")).toBe(true);
    expect(isCountryCode("XX")).toBe(false);
    expect(isCountryCode("de")).toBe(false);
  });

  it("finds nothing in a few checks of a genuine item", () => {
    const earlier = [
      { at: at("2026-11-01T10:00:00Z"), country: "DE" },
      { at: at("2026-11-20T10:00:00Z"), country: "DE" },
    ];
    expect(cloneFindings(earlier, { at: at("2026-11-30T10:00:00Z"), country: "AT" }, false)).toEqual([]);
    expect(cloneFindings([], { at: at("2026-11-30T10:00:00Z"), country: null }, false)).toEqual([]);
  });

  it("flags checks on two continents ten minutes apart, naming both countries", () => {
    const found = cloneFindings([{ at: at("2026-11-30T10:00:00Z"), country: "DE" }], { at: at("2026-11-30T10:10:00Z"), country: "US" }, false);
    expect(reasons(found)).toEqual([CloneReason.IMPOSSIBLE_TRAVEL]);
    expect(found[0]?.message).toBe("This serial was checked in DE and in US, 10 minute(s) apart: one item cannot travel that fast.");
  });

  it("lets an item travel between continents given time, and within a continent at once", () => {
    expect(cloneFindings([{ at: at("2026-11-30T06:00:00Z"), country: "DE" }], { at: at("2026-11-30T10:00:00Z"), country: "US" }, false)).toEqual([]);
    expect(cloneFindings([{ at: at("2026-11-30T10:00:00Z"), country: "DE" }], { at: at("2026-11-30T10:01:00Z"), country: "FR" }, false)).toEqual([]);
  });

  it("flags more checks in a day than an item gets, counting this one", () => {
    const earlier = Array.from({ length: DEFAULT_CLONE_OPTIONS.maxChecksPerDay - 1 }, (_, i) => ({ at: at(`2026-11-30T0${Math.floor(i / 4)}:${String((i % 4) * 10).padStart(2, "0")}:00Z`), country: null }));
    expect(cloneFindings(earlier, { at: at("2026-11-30T09:00:00Z"), country: null }, false)).toEqual([]);
    const more = [...earlier, { at: at("2026-11-30T08:59:00Z"), country: null }];
    expect(reasons(cloneFindings(more, { at: at("2026-11-30T09:00:00Z"), country: null }, false))).toEqual([CloneReason.TOO_MANY_CHECKS]);
  });

  it("flags checks from more countries in 30 days than the threshold, forgetting older ones", () => {
    const days = ["DE", "FR", "IT", "ES"].map((country, i) => ({ at: at(`2026-11-${String(10 + i).padStart(2, "0")}T10:00:00Z`), country }));
    expect(reasons(cloneFindings(days, { at: at("2026-11-30T10:00:00Z"), country: "PL" }, false))).toEqual([CloneReason.TOO_MANY_COUNTRIES]);
    const old = days.map((d) => ({ ...d, at: new Date(d.at.getTime() - 40 * 86_400_000) }));
    expect(cloneFindings(old, { at: at("2026-11-30T10:00:00Z"), country: "PL" }, false)).toEqual([]);
  });

  it("flags any check of a dispensed item", () => {
    const found = cloneFindings([], { at: at("2026-11-30T10:00:00Z"), country: "DE" }, true);
    expect(reasons(found)).toEqual([CloneReason.CHECKED_AFTER_DISPENSING]);
    expect(found[0]?.message).toContain("dispensed");
  });

  it("takes its thresholds from the options", () => {
    const earlier = [{ at: at("2026-11-30T06:00:00Z"), country: "DE" }];
    expect(reasons(cloneFindings(earlier, { at: at("2026-11-30T10:00:00Z"), country: "US" }, false, { ...DEFAULT_CLONE_OPTIONS, travelMinutes: 300 }))).toEqual([CloneReason.IMPOSSIBLE_TRAVEL]);
  });

  describe("the custody rule", () => {
    const now = { at: at("2026-11-30T10:00:00Z"), country: "US" };
    it("flags a check on another continent than every party holding the unit, while it is still in the supply chain", () => {
      const found = cloneFindings([], now, false, DEFAULT_CLONE_OPTIONS, { countries: ["DE", "NL"], inSupplyChain: true });
      expect(found.map((f) => [f.reason, f.values])).toEqual([[CloneReason.CUSTODY_MISMATCH, { country: "US" }]]);
      expect(found[0]?.message).not.toMatch(/DE|NL|Europe/);
    });
    it("does not flag a check where a holder is, a unit with a consumer, an unknown origin or unknown custody", () => {
      expect(cloneFindings([], now, false, DEFAULT_CLONE_OPTIONS, { countries: ["DE", "CA"], inSupplyChain: true })).toEqual([]);
      expect(cloneFindings([], now, false, DEFAULT_CLONE_OPTIONS, { countries: ["DE"], inSupplyChain: false })).toEqual([]);
      expect(cloneFindings([], { ...now, country: null }, false, DEFAULT_CLONE_OPTIONS, { countries: ["DE"], inSupplyChain: true })).toEqual([]);
      expect(cloneFindings([], now, false, DEFAULT_CLONE_OPTIONS, { countries: [], inSupplyChain: true })).toEqual([]);
    });
  });
});
