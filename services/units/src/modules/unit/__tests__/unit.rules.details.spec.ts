import { AlertKind, alertsFor } from "../../alert/alert.rules";
import { randomSerials } from "../../commissioning/commissioning.rules";
import { UnitStatus, nextState, unitKind, unseenState } from "../unit.rules";
import { SITE_A, SITE_B, activeState, alertKinds, eventFacts } from "./fixtures";

// The finer points of the unit rules: which events commission, what an event without a location or a
// disposition leaves alone, when alerts hold and what they say.

const active = activeState({ readPoint: "https://id.gs1.org/414/9506000000008/254/dock-1" });
const facts = eventFacts;
const kinds = alertKinds;

describe("unit kinds", () => {
  it("recognizes returnable assets", () => {
    expect(unitKind("https://id.gs1.org/8003/09506000000011SN-42")).toBe("grai");
  });

  it("reads only canonical ids: the pattern must start the id, and an SSCC is the whole path", () => {
    expect(unitKind("https://example.com/?u=https://id.gs1.org/01/09506000134352/21/A")).toBe("other");
    expect(unitKind("https://example.com/https://id.gs1.org/00/095060000000000039")).toBe("other");
    expect(unitKind("https://example.com/https://id.gs1.org/8003/09506000000011SN-42")).toBe("other");
    expect(unitKind("https://example.com/https://id.gs1.org/8004/9506000ASSET1")).toBe("other");
    expect(unitKind("https://id.gs1.org/00/095060000000000039/extra")).toBe("other");
    expect(unitKind("https://id.gs1.org/01/09506000134352")).toBe("other");
  });
});

describe("which events commission a unit", () => {
  it("does not commission a unit added to a business transaction or packed, however the unit is unknown", () => {
    for (const f of [
      facts({ type: "TransactionEvent", action: "ADD", bizStep: "shipping" }),
      facts({ type: "AggregationEvent", action: "ADD", role: "child", bizStep: "packing" }),
      facts({ type: "AggregationEvent", action: "ADD", role: "parent", bizStep: "packing" }),
    ]) {
      expect(nextState(unseenState(), f)).toMatchObject({ status: UnitStatus.UNKNOWN, commissioned: false });
      expect(kinds(unseenState(), f)).toEqual([AlertKind.UNKNOWN_UNIT]);
    }
  });

  it("does not commission a never-commissioned unit that a transformation consumes, and flags it", () => {
    const input = facts({ type: "TransformationEvent", action: null, role: "input", bizStep: "transforming" });
    expect(nextState(unseenState(), input)).toMatchObject({ status: UnitStatus.UNKNOWN, commissioned: false });
    expect(kinds(unseenState(), input)).toEqual([AlertKind.UNKNOWN_UNIT]);
  });

  it("does not flag the outputs of a transformation, which it commissions", () => {
    expect(kinds(unseenState(), facts({ type: "TransformationEvent", action: null, role: "output", bizStep: "transforming" }))).toEqual([]);
  });

  it("flags a second commissioning only when the step says commissioning", () => {
    expect(kinds(active, facts({ action: "ADD", bizStep: "commissioning" }))).toEqual([AlertKind.DUPLICATE_COMMISSIONING]);
    expect(kinds(active, facts({ action: "ADD", bizStep: "encoding" }))).toEqual([]);
    expect(kinds(active, facts({ action: "ADD", bizStep: null }))).toEqual([]);
  });
});

describe("what an event leaves alone", () => {
  it("keeps the read point and business location when the event names none", () => {
    expect(nextState(active, facts({ bizStep: "inspecting" }))).toMatchObject({ readPoint: active.readPoint, bizLocation: SITE_A });
  });

  it("keeps the disposition and status when the event neither names nor implies one", () => {
    expect(nextState({ ...active, status: UnitStatus.IN_TRANSIT, disposition: "in_transit" }, facts({ bizStep: "inspecting" }))).toMatchObject({
      status: UnitStatus.IN_TRANSIT,
      disposition: "in_transit",
    });
    expect(nextState(active, facts())).toMatchObject({ status: UnitStatus.ACTIVE, disposition: "active" });
  });

  it("records a disposition the hub does not act on without changing the status", () => {
    expect(nextState(active, facts({ bizStep: "inspecting", disposition: "damaged" }))).toMatchObject({ status: UnitStatus.ACTIVE, disposition: "damaged" });
  });

  it("does not decommission a unit that leaves a business transaction (a TransactionEvent DELETE)", () => {
    expect(nextState(active, facts({ type: "TransactionEvent", action: "DELETE", bizStep: "receiving" }))).toMatchObject({
      status: UnitStatus.ACTIVE,
      disposition: "in_progress",
    });
  });
});

describe("when alerts hold", () => {
  it("does not call every event on a recalled, sold or expired unit a sale", () => {
    expect(kinds({ ...active, status: UnitStatus.RECALLED }, facts({ bizStep: "inspecting" }))).toEqual([]);
    expect(kinds({ ...active, status: UnitStatus.RECALLED }, facts({ bizStep: "shipping", disposition: "returned" }))).toEqual([]);
    expect(kinds({ ...active, status: UnitStatus.SOLD }, facts({ bizStep: "returning" }))).toEqual([]);
    expect(kinds(active, facts({ bizStep: "shipping", eventTime: "2027-08-01T00:00:00.000Z" }))).toEqual([]);
    expect(kinds(active, facts({ eventTime: "2027-08-01T00:00:00.000Z" }))).toEqual([]);
  });

  it("does not flag selling a unit whose expiry is unknown", () => {
    expect(kinds({ ...active, expiry: null }, facts({ bizStep: "retail_selling", eventTime: "2099-01-01T00:00:00.000Z" }))).toEqual([]);
  });

  it("does not flag a stolen unit reported stolen again, by its disposition", () => {
    expect(kinds({ ...active, status: UnitStatus.STOLEN }, facts({ bizStep: "inspecting", disposition: "stolen" }))).toEqual([]);
    expect(kinds({ ...active, status: UnitStatus.STOLEN }, facts({ bizStep: "inspecting", disposition: "active" }))).toEqual([AlertKind.STOLEN_UNIT_SEEN]);
  });

  it("needs a known earlier location for impossible travel", () => {
    expect(kinds({ ...active, bizLocation: null }, facts({ bizLocation: SITE_B, eventTime: "2026-01-01T10:01:00.000Z" }))).toEqual([]);
    expect(kinds(active, facts({ bizLocation: null, eventTime: "2026-01-01T10:01:00.000Z" }))).toEqual([]);
  });

  it("allows a move that takes exactly the minimum transit time, and takes the threshold from the options", () => {
    expect(kinds(active, facts({ bizLocation: SITE_B, eventTime: "2026-01-01T10:05:00.000Z" }))).toEqual([]);
    expect(kinds(active, facts({ bizLocation: SITE_B, eventTime: "2026-01-01T10:04:59.000Z" }))).toEqual([AlertKind.IMPOSSIBLE_TRAVEL]);
    const slow = { minTransitSeconds: 3_600 };
    expect(alertsFor(active, facts({ bizLocation: SITE_B, eventTime: "2026-01-01T10:59:00.000Z" }), "sgtin", slow).map((a) => a.kind)).toEqual([AlertKind.IMPOSSIBLE_TRAVEL]);
    expect(alertsFor(active, facts({ bizLocation: SITE_B, eventTime: "2026-01-01T11:00:00.000Z" }), "sgtin", slow)).toEqual([]);
  });
});

describe("what alerts say", () => {
  it("explains each alert in words an operator can act on", () => {
    const unseen = alertsFor(unseenState(), facts({ bizStep: "receiving" }), "sgtin");
    expect(unseen).toEqual([{ kind: AlertKind.UNKNOWN_UNIT, message: "This serial was never commissioned: it may be counterfeit or mis-keyed." }]);
    expect(alertsFor(active, facts({ action: "ADD", bizStep: "commissioning" }), "sgtin")).toEqual([
      { kind: AlertKind.DUPLICATE_COMMISSIONING, message: "This unit was commissioned before; a serial must be issued once." },
    ]);
    expect(alertsFor({ ...active, status: UnitStatus.RECALLED }, facts({ bizStep: "dispensing" }), "sgtin")).toEqual([
      { kind: AlertKind.RECALLED_UNIT_SOLD, message: "A recalled unit was sold or dispensed." },
    ]);
    expect(alertsFor({ ...active, status: UnitStatus.SOLD }, facts({ bizStep: "retail_selling" }), "sgtin")).toEqual([
      { kind: AlertKind.ALREADY_SOLD, message: "This unit was already sold: the same serial sold twice suggests a copied code." },
    ]);
    expect(alertsFor(active, facts({ bizStep: "retail_selling", eventTime: "2027-07-02T09:00:00.000Z" }), "sgtin")).toEqual([
      { kind: AlertKind.EXPIRED_UNIT_SOLD, message: "This unit expired on 2027-06-30 and was sold or dispensed afterwards." },
    ]);
    expect(alertsFor({ ...active, status: UnitStatus.STOLEN }, facts({ bizStep: "receiving" }), "sgtin")).toEqual([
      { kind: AlertKind.STOLEN_UNIT_SEEN, message: "A unit reported stolen was seen again." },
    ]);
    expect(alertsFor(active, facts({ bizLocation: SITE_B, eventTime: "2026-01-01T10:02:00.000Z" }), "sgtin")).toEqual([
      { kind: AlertKind.IMPOSSIBLE_TRAVEL, message: `This unit was at ${SITE_A} and at ${SITE_B} within 300 seconds.` },
    ]);
  });

  it("names the terminal status and the step, or the event type when there is no step", () => {
    expect(alertsFor({ ...active, status: UnitStatus.DESTROYED }, facts({ bizStep: "shipping" }), "sgtin")).toEqual([
      { kind: AlertKind.EVENT_AFTER_TERMINAL, message: "This unit is destroyed, yet it appears in a shipping event." },
    ]);
    expect(alertsFor({ ...active, status: UnitStatus.CONSUMED }, facts({ type: "TransactionEvent", action: "ADD" }), "sgtin")[0]?.message).toBe(
      "This unit is consumed, yet it appears in a TransactionEvent event.",
    );
  });
});

describe("random serials", () => {
  it("maps each accepted byte to one character of the alphabet, drawing the batch's bytes in one call", () => {
    const requests: number[] = [];
    const serials = randomSerials(3, (n) => {
      requests.push(n);
      return Uint8Array.from({ length: n }, (_, i) => i % 40);
    });
    // Bytes 0..33 map to 0-9 and A-Z without I and O; 34..39 map around again (34 -> 0).
    expect(serials).toEqual(["0123456789AB", "CDEFGHJKLMNP", "QRSTUVWXYZ01"]);
    expect(requests).toEqual([3 * 12 * 2]);
  });
});
