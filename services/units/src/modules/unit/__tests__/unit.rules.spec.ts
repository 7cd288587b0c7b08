import { randomBytes } from "node:crypto";
import { AlertKind, alertsFor } from "../../alert/alert.rules";
import { SITE_A, SITE_B, activeState, alertKinds, eventFacts } from "./fixtures";
import { guessProbability, randomSerials } from "../../commissioning/commissioning.rules";
import { UnitStatus, effectiveTime, isCurrent, nextState, unitKind, unseenState } from "../unit.rules";

const active = activeState();
const observe = eventFacts;
const kinds = alertKinds;

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
    expect(nextState(active, observe({ action: "DELETE" }))).toMatchObject({ status: UnitStatus.DECOMMISSIONED, disposition: "inactive" });
  });

  it("lets an explicit disposition of a DELETE decide the status (destroyed gives DESTROYED)", () => {
    expect(nextState(active, observe({ action: "DELETE", bizStep: "destroying", disposition: "destroyed" }))).toMatchObject({
      status: UnitStatus.DESTROYED,
      disposition: "destroyed",
    });
    expect(nextState(active, observe({ action: "DELETE", disposition: "destroyed" })).status).toBe(UnitStatus.DESTROYED);
  });

  it("does not decommission what was inside a container whose id is retired (an inherited DELETE)", () => {
    expect(nextState(active, observe({ action: "DELETE", inherited: true })).status).toBe(UnitStatus.ACTIVE);
  });

  it("keeps the status on steps that say nothing about it, and takes the new location", () => {
    const next = nextState(active, observe({ bizStep: "inspecting", readPoint: "rp", bizLocation: SITE_B }));
    expect(next).toMatchObject({ status: UnitStatus.ACTIVE, readPoint: "rp", bizLocation: SITE_B });
  });

  it("leaves the container to the containment history (the capture plan sets it)", () => {
    const packed = nextState({ ...active, parentId: "P0" }, observe({ type: "AggregationEvent", action: "ADD", role: "child", bizStep: "packing" }));
    expect(packed.parentId).toBe("P0");
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

  it("applies an event with the same time as the last one applied (the later recorded wins)", () => {
    const next = nextState(active, observe({ bizStep: "shipping", eventTime: active.lastEventTime as string }));
    expect(next).toMatchObject({ status: UnitStatus.IN_TRANSIT, lastEventTime: active.lastEventTime, lastEffectiveTime: active.lastEffectiveTime });
  });

  it("records the event time as claimed and the effective time for ordering", () => {
    const ahead = observe({ bizStep: "shipping", eventTime: "2026-01-02T10:04:00.000Z", recordTime: "2026-01-02T10:00:00.000Z" });
    expect(nextState(active, ahead)).toMatchObject({ lastEventTime: "2026-01-02T10:04:00.000Z", lastEffectiveTime: "2026-01-02T10:00:00.000Z" });
  });

  it("does not let an event dated ahead of its recording hold the unit against a real scan recorded after it", () => {
    // A scanner whose clock runs 4 minutes fast ships the unit; a real receiving 2 minutes later must still apply.
    const shipped = nextState(active, observe({ bizStep: "shipping", eventTime: "2026-01-02T10:04:00.000Z", recordTime: "2026-01-02T10:00:00.000Z" }));
    const received = nextState(shipped, observe({ bizStep: "receiving", eventTime: "2026-01-02T10:02:00.000Z", recordTime: "2026-01-02T10:02:01.000Z" }));
    expect(received).toMatchObject({ status: UnitStatus.ACTIVE, disposition: "in_progress", lastEventTime: "2026-01-02T10:02:00.000Z" });
  });

  it("still ignores a late upload of an event older than the state", () => {
    const shipped = nextState(active, observe({ bizStep: "shipping", eventTime: "2026-01-02T10:00:00.000Z", recordTime: "2026-01-02T10:00:00.000Z" }));
    expect(nextState(shipped, observe({ bizStep: "receiving", eventTime: "2026-01-02T09:59:00.000Z", recordTime: "2026-01-02T12:00:00.000Z" }))).toBe(shipped);
  });
});

describe("event order", () => {
  it("ranks an event by its event time, or by its record time when it claims a later one", () => {
    expect(effectiveTime({ eventTime: "2026-01-01T10:00:00.000Z", recordTime: "2026-01-01T11:00:00.000Z" })).toBe("2026-01-01T10:00:00.000Z");
    expect(effectiveTime({ eventTime: "2026-01-01T10:05:00.000Z", recordTime: "2026-01-01T10:00:00.000Z" })).toBe("2026-01-01T10:00:00.000Z");
    expect(effectiveTime({ eventTime: "2026-01-01T10:00:00.000Z", recordTime: "2026-01-01T10:00:00.000Z" })).toBe("2026-01-01T10:00:00.000Z");
  });

  it("counts an event as current when it is not older than the last one applied", () => {
    const at = (eventTime: string) => ({ eventTime, recordTime: "2026-02-01T00:00:00.000Z" });
    expect(isCurrent(unseenState(), at("2020-01-01T00:00:00.000Z"))).toBe(true);
    expect(isCurrent(active, at("2026-01-01T10:00:00.000Z"))).toBe(true);
    expect(isCurrent(active, at("2026-01-01T10:00:00.001Z"))).toBe(true);
    expect(isCurrent(active, at("2026-01-01T09:59:59.999Z"))).toBe(false);
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

  it("flags shipping a recalled unit onward, not shipping it back", () => {
    expect(kinds({ ...active, status: UnitStatus.RECALLED }, observe({ bizStep: "shipping", disposition: "in_transit" }))).toEqual([AlertKind.RECALLED_UNIT_SOLD]);
    expect(kinds({ ...active, status: UnitStatus.RECALLED }, observe({ bizStep: "shipping", disposition: "returned" }))).toEqual([]);
    expect(kinds({ ...active, status: UnitStatus.RECALLED }, observe({ bizStep: "shipping", disposition: "recalled" }))).toEqual([]);
  });

  it("flags a shipment after destruction", () => {
    expect(kinds({ ...active, status: UnitStatus.DESTROYED }, observe({ bizStep: "shipping" }))).toEqual([AlertKind.EVENT_AFTER_TERMINAL]);
  });

  it("flags selling a recalled unit, selling twice and selling after expiry", () => {
    expect(kinds({ ...active, status: UnitStatus.RECALLED }, observe({ bizStep: "retail_selling" }))).toEqual([AlertKind.RECALLED_UNIT_SOLD]);
    expect(kinds({ ...active, status: UnitStatus.RECALLED }, observe({ bizStep: "dispensing" }))).toEqual([AlertKind.RECALLED_UNIT_SOLD]);
    expect(kinds({ ...active, status: UnitStatus.SOLD }, observe({ bizStep: "dispensing" }))).toEqual([AlertKind.ALREADY_SOLD]);
    expect(kinds(active, observe({ bizStep: "retail_selling", eventTime: "2027-07-01T00:00:00.000Z" }))).toEqual([AlertKind.EXPIRED_UNIT_SOLD]);
  });

  it("does not flag a sale on the expiry date itself, to its last millisecond", () => {
    expect(kinds(active, observe({ bizStep: "retail_selling", eventTime: "2027-06-30T00:00:00.000Z" }))).toEqual([]);
    expect(kinds(active, observe({ bizStep: "dispensing", eventTime: "2027-06-30T23:59:59.999Z" }))).toEqual([]);
    expect(kinds(active, observe({ bizStep: "dispensing", eventTime: "2027-07-01T00:00:00.000Z" }))).toEqual([AlertKind.EXPIRED_UNIT_SOLD]);
  });

  it("judges an event with the same time as the last one applied against the current state", () => {
    expect(kinds({ ...active, status: UnitStatus.SOLD }, observe({ bizStep: "retail_selling", eventTime: active.lastEventTime as string }))).toEqual([AlertKind.ALREADY_SOLD]);
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
