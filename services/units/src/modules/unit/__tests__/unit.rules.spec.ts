import { randomBytes } from "node:crypto";
import {
  AlertKind,
  AuthenticityVerdict,
  type EventFacts,
  type UnitState,
  alertsFor,
  authenticityVerdict,
  guessProbability,
  nextState,
  randomSerials,
  unitKind,
  unseenState,
} from "../unit.rules";
import { UnitStatus } from "../unit.type";

const SITE_A = "https://id.gs1.org/414/9506000000008";
const SITE_B = "https://id.gs1.org/414/9506000000015";
const active: UnitState = {
  status: UnitStatus.ACTIVE,
  disposition: "active",
  readPoint: null,
  bizLocation: SITE_A,
  parentId: null,
  commissioned: true,
  lastEventTime: "2026-01-01T10:00:00.000Z",
  expiry: "2027-06-30",
};
const observe = (over: Partial<EventFacts> = {}): EventFacts => ({
  type: "ObjectEvent",
  action: "OBSERVE",
  bizStep: null,
  disposition: null,
  readPoint: null,
  bizLocation: null,
  eventTime: "2026-01-02T10:00:00.000Z",
  role: "epc",
  inherited: false,
  parentId: null,
  errorDeclaration: false,
  ...over,
});
const kinds = (state: UnitState, facts: EventFacts) => alertsFor(state, facts, "sgtin").map((a) => a.kind);

describe("unit state from events", () => {
  it("commissions an unseen unit with ObjectEvent ADD", () => {
    const next = nextState(unseenState(), observe({ action: "ADD", bizStep: "commissioning", disposition: "active" }));
    expect(next).toMatchObject({ status: UnitStatus.ACTIVE, commissioned: true, lastEventTime: "2026-01-02T10:00:00.000Z" });
  });

  it.each([
    ["shipping", UnitStatus.IN_TRANSIT, "in_transit"],
    ["receiving", UnitStatus.ACTIVE, "in_progress"],
    ["retail_selling", UnitStatus.SOLD, "retail_sold"],
    ["dispensing", UnitStatus.SOLD, "dispensed"],
    ["returning", UnitStatus.RETURNED, "returned"],
    ["destroying", UnitStatus.DESTROYED, "destroyed"],
    ["decommissioning", UnitStatus.DECOMMISSIONED, "inactive"],
  ])("moves an active unit on %s to %s", (bizStep, status, disposition) => {
    expect(nextState(active, observe({ bizStep }))).toMatchObject({ status, disposition });
  });

  it.each([
    ["recalled", UnitStatus.RECALLED],
    ["stolen", UnitStatus.STOLEN],
    ["expired", UnitStatus.EXPIRED],
  ])("lets the %s disposition set the status", (disposition, status) => {
    expect(nextState(active, observe({ bizStep: "inspecting", disposition })).status).toBe(status);
  });

  it("decommissions on ObjectEvent DELETE", () => {
    expect(nextState(active, observe({ action: "DELETE" })).status).toBe(UnitStatus.DECOMMISSIONED);
  });

  it("keeps the status on steps that say nothing about it, and takes the new location", () => {
    const next = nextState(active, observe({ bizStep: "inspecting", readPoint: "rp", bizLocation: SITE_B }));
    expect(next).toMatchObject({ status: UnitStatus.ACTIVE, readPoint: "rp", bizLocation: SITE_B });
  });

  it("puts a child in its parent on aggregation ADD and takes it out on DELETE", () => {
    const packed = nextState(active, observe({ type: "AggregationEvent", action: "ADD", role: "child", parentId: "P1", bizStep: "packing" }));
    expect(packed.parentId).toBe("P1");
    const unpacked = nextState(packed, observe({ type: "AggregationEvent", action: "DELETE", role: "child", parentId: "P1", eventTime: "2026-01-03T00:00:00.000Z" }));
    expect(unpacked.parentId).toBeNull();
  });

  it("moves units inside a container when the container ships (inherited event)", () => {
    const next = nextState({ ...active, parentId: "P1" }, observe({ bizStep: "shipping", inherited: true, bizLocation: SITE_B }));
    expect(next).toMatchObject({ status: UnitStatus.IN_TRANSIT, bizLocation: SITE_B, parentId: "P1" });
  });

  it("consumes transformation inputs and commissions outputs", () => {
    expect(nextState(active, observe({ type: "TransformationEvent", action: null, role: "input" })).status).toBe(UnitStatus.CONSUMED);
    expect(nextState(unseenState(), observe({ type: "TransformationEvent", action: null, role: "output" }))).toMatchObject({
      status: UnitStatus.ACTIVE,
      commissioned: true,
    });
  });

  it("ignores events older than the newest one applied, and error declarations", () => {
    expect(nextState(active, observe({ bizStep: "shipping", eventTime: "2025-12-31T00:00:00.000Z" }))).toBe(active);
    expect(nextState(active, observe({ bizStep: "shipping", errorDeclaration: true }))).toBe(active);
  });
});

describe("units never commissioned", () => {
  it("stay UNKNOWN whatever happens to them, while their location moves", () => {
    const next = nextState(unseenState(), observe({ bizStep: "receiving", bizLocation: SITE_B }));
    expect(next).toMatchObject({ status: UnitStatus.UNKNOWN, commissioned: false, bizLocation: SITE_B, disposition: "in_progress" });
  });
});

describe("alerts", () => {
  it("flags an event naming a serial that was never commissioned", () => {
    expect(kinds(unseenState(), observe({ bizStep: "receiving" }))).toEqual([AlertKind.UNKNOWN_UNIT]);
    expect(alertsFor(unseenState(), observe({ bizStep: "receiving" }), "sscc")).toEqual([]);
  });

  it("does not flag the commissioning itself", () => {
    expect(kinds(unseenState(), observe({ action: "ADD", bizStep: "commissioning" }))).toEqual([]);
  });

  it("flags commissioning a serial twice", () => {
    expect(kinds(active, observe({ action: "ADD", bizStep: "commissioning" }))).toEqual([AlertKind.DUPLICATE_COMMISSIONING]);
  });

  it("flags a shipment after destruction", () => {
    expect(kinds({ ...active, status: UnitStatus.DESTROYED }, observe({ bizStep: "shipping" }))).toEqual([AlertKind.EVENT_AFTER_TERMINAL]);
  });

  it("flags selling a recalled unit, selling twice and selling after expiry", () => {
    expect(kinds({ ...active, status: UnitStatus.RECALLED }, observe({ bizStep: "retail_selling" }))).toEqual([AlertKind.RECALLED_UNIT_SOLD]);
    expect(kinds({ ...active, status: UnitStatus.SOLD }, observe({ bizStep: "dispensing" }))).toEqual([AlertKind.ALREADY_SOLD]);
    expect(kinds(active, observe({ bizStep: "retail_selling", eventTime: "2027-07-01T00:00:00.000Z" }))).toEqual([AlertKind.EXPIRED_UNIT_SOLD]);
  });

  it("flags a stolen unit seen again", () => {
    expect(kinds({ ...active, status: UnitStatus.STOLEN }, observe({ bizStep: "receiving" }))).toEqual([AlertKind.STOLEN_UNIT_SEEN]);
  });

  it("flags a unit at two business locations within the minimum transit time, not after it", () => {
    expect(kinds(active, observe({ bizLocation: SITE_B, eventTime: "2026-01-01T10:02:00.000Z" }))).toEqual([AlertKind.IMPOSSIBLE_TRAVEL]);
    expect(kinds(active, observe({ bizLocation: SITE_B, eventTime: "2026-01-01T12:00:00.000Z" }))).toEqual([]);
    expect(kinds(active, observe({ bizLocation: SITE_A, eventTime: "2026-01-01T10:00:30.000Z" }))).toEqual([]);
  });

  it("does not judge inherited events or late arrivals against the current state", () => {
    expect(kinds({ ...active, status: UnitStatus.DESTROYED }, observe({ bizStep: "shipping", inherited: true }))).toEqual([]);
    expect(kinds({ ...active, status: UnitStatus.DESTROYED }, observe({ bizStep: "shipping", eventTime: "2025-01-01T00:00:00.000Z" }))).toEqual([]);
  });
});

describe("unit kinds", () => {
  it("tells serialized items, logistic units and assets apart by their canonical id", () => {
    expect(unitKind("https://id.gs1.org/01/09506000134352/21/ABC")).toBe("sgtin");
    expect(unitKind("https://id.gs1.org/00/095060001343520005")).toBe("sscc");
    expect(unitKind("https://id.gs1.org/8004/9506000ASSET1")).toBe("giai");
    expect(unitKind("urn:uuid:0b9a3a4e-4c1b-4a8e-9d3b-2f7c1a0c9d11")).toBe("other");
  });
});

describe("authenticity verdict", () => {
  it.each([
    [{ parsed: false, status: null, commissioned: false }, AuthenticityVerdict.INVALID_CODE],
    [{ parsed: true, status: null, commissioned: false }, AuthenticityVerdict.UNKNOWN],
    [{ parsed: true, status: UnitStatus.ACTIVE, commissioned: false }, AuthenticityVerdict.UNKNOWN],
    [{ parsed: true, status: UnitStatus.ACTIVE, commissioned: true }, AuthenticityVerdict.GENUINE],
    [{ parsed: true, status: UnitStatus.SOLD, commissioned: true }, AuthenticityVerdict.GENUINE],
    [{ parsed: true, status: UnitStatus.DESTROYED, commissioned: true }, AuthenticityVerdict.INACTIVE],
    [{ parsed: true, status: UnitStatus.RECALLED, commissioned: true }, AuthenticityVerdict.RECALLED],
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
