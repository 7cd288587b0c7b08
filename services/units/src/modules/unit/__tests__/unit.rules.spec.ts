import { randomBytes } from "node:crypto";
import {
  AuthenticityVerdict,
  CBV_BIZ_STEPS,
  CBV_DISPOSITIONS,
  applyStateChange,
  authenticityVerdict,
  cbvShortName,
  guessProbability,
  randomSerials,
} from "../unit.rules";
import { UnitStatus } from "../unit.type";

const active = { status: UnitStatus.ACTIVE, disposition: "active", location: "https://id.gs1.org/414/9521141000008" };
const none = { bizStep: null, disposition: null, readPoint: null, bizLocation: null };

describe("unit state from events", () => {
  it("puts a shipped unit in transit at the read point", () => {
    expect(applyStateChange(active, { ...none, bizStep: "shipping", readPoint: "urn:epc:id:sgln:0614141.00777.0" })).toEqual({
      status: UnitStatus.IN_TRANSIT,
      disposition: "in_transit",
      location: "urn:epc:id:sgln:0614141.00777.0",
    });
  });

  it("lets an explicit disposition win over the one the business step implies", () => {
    expect(applyStateChange(active, { ...none, bizStep: "shipping", disposition: "stolen" }).status).toBe(UnitStatus.STOLEN);
  });

  it("marks a sold unit SOLD and a destroyed one DESTROYED", () => {
    expect(applyStateChange(active, { ...none, bizStep: "retail_selling" }).status).toBe(UnitStatus.SOLD);
    expect(applyStateChange(active, { ...none, bizStep: "destroying" }).status).toBe(UnitStatus.DESTROYED);
  });

  it("keeps the status on steps that say nothing about it, and prefers the business location", () => {
    const next = applyStateChange(active, { ...none, bizStep: "inspecting", readPoint: "rp", bizLocation: "bl" });
    expect(next).toEqual({ status: UnitStatus.ACTIVE, disposition: "active", location: "bl" });
  });
});

describe("CBV names", () => {
  it("reads bare, URN and Web URI forms and refuses unknown steps", () => {
    expect(cbvShortName("shipping", CBV_BIZ_STEPS, "BizStep")).toBe("shipping");
    expect(cbvShortName("urn:epcglobal:cbv:bizstep:receiving", CBV_BIZ_STEPS, "BizStep")).toBe("receiving");
    expect(cbvShortName("https://ref.gs1.org/cbv/BizStep-packing", CBV_BIZ_STEPS, "BizStep")).toBe("packing");
    expect(cbvShortName("https://ref.gs1.org/cbv/Disp-in_transit", CBV_DISPOSITIONS, "Disp")).toBe("in_transit");
    expect(cbvShortName("teleporting", CBV_BIZ_STEPS, "BizStep")).toBeNull();
  });
});

describe("authenticity verdict", () => {
  it.each([
    [{ parsed: false, status: null }, AuthenticityVerdict.INVALID_CODE],
    [{ parsed: true, status: null }, AuthenticityVerdict.UNKNOWN],
    [{ parsed: true, status: UnitStatus.ACTIVE }, AuthenticityVerdict.GENUINE],
    [{ parsed: true, status: UnitStatus.SOLD }, AuthenticityVerdict.GENUINE],
    [{ parsed: true, status: UnitStatus.DESTROYED }, AuthenticityVerdict.INACTIVE],
    [{ parsed: true, status: UnitStatus.RECALLED }, AuthenticityVerdict.RECALLED],
  ])("judges %j as %s", (input, verdict) => {
    expect(authenticityVerdict(input)).toBe(verdict);
  });
});

describe("random serials", () => {
  it("makes serials of 12 characters from digits and capitals, without visible bias", () => {
    const serials = randomSerials(20_000, (n) => randomBytes(n));
    expect(serials.every((s) => /^[0-9A-HJ-NP-Z]{12}$/.test(s))).toBe(true);
    expect(new Set(serials).size).toBe(serials.length);
    const counts = new Map<string, number>();
    for (const s of serials) for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (20_000 * 12) / 34;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.1);
  });

  it("keeps the guessing probability far below EU FMD's 1 in 10,000 even for a billion units", () => {
    expect(guessProbability(1_000_000_000)).toBeLessThan(1 / 10_000);
  });

  it("draws more random bytes when rejection sampling exhausts the first pool", () => {
    let calls = 0;
    const serials = randomSerials(3, (n) => {
      calls++;
      return new Uint8Array(n).fill(calls === 1 ? 255 : 7);
    });
    expect(serials).toEqual(["777777777777", "777777777777", "777777777777"]);
    expect(calls).toBeGreaterThan(1);
  });
});
