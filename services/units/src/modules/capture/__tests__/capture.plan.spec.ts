import { type PlannedEvent, planCapture } from "../capture.plan";
import { A, B, C, CASE, PALLET, RECORDED, SITE, T0, palletWorld, plannedEvent, row } from "./fixtures";
import { AlertKind } from "../../alert/alert.rules";
import { type UnitState, UnitStatus } from "../../unit/unit.rules";

let nextSeq = 100;
function planned(raw: Record<string, unknown>, recordTime = RECORDED): PlannedEvent {
  return plannedEvent(raw, String(nextSeq++), recordTime);
}

const parentOf = (plan: ReturnType<typeof planCapture>, id: string) => plan.states.get(id)?.parentId;

describe("capture plan: containment", () => {
  it("takes every child out of a container unpacked without naming children, in state and history alike", () => {
    const unpack = planned({ type: "AggregationEvent", eventTime: "2026-03-01T10:00:00Z", parentID: PALLET, action: "DELETE", bizStep: "unpacking", bizLocation: { id: SITE } });
    const plan = planCapture({ events: [unpack], ...palletWorld() });
    expect(plan.closedContainment.map((c) => c.rowId).sort()).toEqual(["r-a", "r-b", "r-case"]);
    expect(plan.closedContainment.every((c) => c.removedSeq === unpack.seq && c.removedTime === "2026-03-01T10:00:00.000Z")).toBe(true);
    for (const id of [CASE, A, B]) expect(parentOf(plan, id)).toBeNull();
    // What was inside the case stays in the case.
    expect(plan.states.has(C)).toBe(false);
    // The children moved with the event (they take its location) but were not named by it, and raise nothing.
    expect(plan.states.get(A)?.bizLocation).toBe(SITE);
    expect(plan.index.map((i) => i.unitId)).toEqual([PALLET]);
    expect(plan.alerts).toEqual([]);
    expect(plan.stream[0]?.units.sort()).toEqual([PALLET, CASE, A, B].sort());
  });

  it("takes out only the named children when children are named", () => {
    const plan = planCapture({ events: [planned({ type: "AggregationEvent", eventTime: "2026-03-01T10:00:00Z", parentID: PALLET, childEPCs: [A], action: "DELETE", bizStep: "unpacking" })], ...palletWorld() });
    expect(plan.closedContainment.map((c) => c.rowId)).toEqual(["r-a"]);
    expect(parentOf(plan, A)).toBeNull();
    expect(plan.states.has(B)).toBe(false);
  });

  it("closes a row opened earlier in the same document when the container is emptied", () => {
    const pack = planned({ type: "AggregationEvent", eventTime: "2026-03-01T09:00:00Z", parentID: CASE, childEPCs: [A], action: "ADD", bizStep: "packing" });
    const empty = planned({ type: "AggregationEvent", eventTime: "2026-03-01T10:00:00Z", parentID: CASE, action: "DELETE", bizStep: "unpacking" });
    const plan = planCapture({ events: [empty, pack], ...palletWorld() });
    expect(plan.newContainment).toEqual([{ parentId: CASE, childId: A, addedSeq: pack.seq, addedTime: "2026-03-01T09:00:00.000Z", removedSeq: empty.seq, removedTime: "2026-03-01T10:00:00.000Z" }]);
    expect(plan.closedContainment.map((c) => c.rowId).sort()).toEqual(["r-a", "r-c"]);
    expect(parentOf(plan, A)).toBeNull();
    expect(parentOf(plan, C)).toBeNull();
  });

  it("moves a packed unit from its old container to the new one", () => {
    const plan = planCapture({ events: [planned({ type: "AggregationEvent", eventTime: "2026-03-01T10:00:00Z", parentID: CASE, childEPCs: [A], action: "ADD", bizStep: "packing" })], ...palletWorld() });
    expect(plan.closedContainment.map((c) => c.rowId)).toEqual(["r-a"]);
    expect(plan.newContainment.map((r) => [r.parentId, r.childId, r.removedSeq])).toEqual([[CASE, A, null]]);
    expect(parentOf(plan, A)).toBe(CASE);
  });

  it("does not let a late unpacking or packing, older than the packing it would undo, change anything", () => {
    const world = palletWorld();
    world.open.set(A, row(PALLET, "r-a", "2026-03-01T11:00:00.000Z"));
    const plan = planCapture({
      events: [
        planned({ type: "AggregationEvent", eventTime: "2026-03-01T10:00:00Z", parentID: PALLET, childEPCs: [A], action: "DELETE", bizStep: "unpacking" }),
        planned({ type: "AggregationEvent", eventTime: "2026-03-01T10:30:00Z", parentID: CASE, childEPCs: [A], action: "ADD", bizStep: "packing" }),
      ],
      ...world,
    });
    expect(plan.closedContainment).toEqual([]);
    expect(plan.newContainment).toEqual([]);
    expect(plan.states.get(A)).toMatchObject({ parentId: PALLET, lastEventTime: "2026-03-01T10:30:00.000Z" });
  });

  it("lets a real unpacking undo a packing dated ahead of its recording, without a period that ends before it starts", () => {
    const world = palletWorld();
    // Packed by a scanner 4 minutes fast: claimed 12:04, recorded 12:00.
    world.open.set(A, { parentId: PALLET, addedSeq: "1", addedTime: "2026-03-01T12:04:00.000Z", addedEffectiveTime: "2026-03-01T12:00:00.000Z", rowId: "r-a" });
    const unpack = planned({ type: "AggregationEvent", eventTime: "2026-03-01T12:02:00Z", parentID: PALLET, childEPCs: [A], action: "DELETE", bizStep: "unpacking" }, "2026-03-01T12:02:01.000Z");
    const plan = planCapture({ events: [unpack], ...world });
    expect(plan.closedContainment).toEqual([{ rowId: "r-a", removedSeq: unpack.seq, removedTime: "2026-03-01T12:04:00.000Z" }]);
    expect(parentOf(plan, A)).toBeNull();
  });

  it("moves a container's contents with a TransactionEvent on the container, keeping them inside", () => {
    const ship = planned({
      type: "TransactionEvent",
      eventTime: "2026-03-01T10:00:00Z",
      bizTransactionList: [{ type: "po", bizTransaction: "urn:epcglobal:cbv:bt:9506000000008:PO-1" }],
      epcList: [PALLET],
      action: "ADD",
      bizStep: "shipping",
      bizLocation: { id: SITE },
    });
    const plan = planCapture({ events: [ship], ...palletWorld() });
    for (const id of [PALLET, CASE, A, B, C]) expect(plan.states.get(id)).toMatchObject({ status: UnitStatus.IN_TRANSIT, disposition: "in_transit", bizLocation: SITE });
    expect(plan.states.get(C)?.parentId).toBe(CASE);
    expect(plan.states.get(A)?.parentId).toBe(PALLET);
    expect(plan.closedContainment).toEqual([]);
    expect(plan.index.map((i) => i.unitId)).toEqual([PALLET]);
    expect(plan.stream[0]?.units.sort()).toEqual([PALLET, CASE, A, B, C].sort());
  });

  it("moves a container's contents with a TransactionEvent naming it as parentID", () => {
    const plan = planCapture({
      events: [planned({ type: "TransactionEvent", eventTime: "2026-03-01T10:00:00Z", bizTransactionList: [{ bizTransaction: "urn:epcglobal:cbv:bt:9506000000008:PO-2" }], parentID: CASE, epcList: [C], action: "ADD", bizStep: "shipping" })],
      ...palletWorld(),
    });
    expect(plan.states.get(C)?.status).toBe(UnitStatus.IN_TRANSIT);
    expect(plan.states.get(CASE)?.status).toBe(UnitStatus.IN_TRANSIT);
    expect(plan.states.get(A)).toBeUndefined();
  });

  it("takes a unit consumed by a transformation out of its container, and frees what was inside a consumed container", () => {
    const out = "https://id.gs1.org/01/04012345123456/21/KIT-1";
    const plan = planCapture({
      events: [planned({ type: "TransformationEvent", eventTime: "2026-03-01T10:00:00Z", inputEPCList: [A, CASE], outputEPCList: [out], bizStep: "commissioning" })],
      ...palletWorld(),
    });
    expect(plan.closedContainment.map((c) => c.rowId).sort()).toEqual(["r-a", "r-c", "r-case"]);
    expect(plan.states.get(A)).toMatchObject({ status: UnitStatus.CONSUMED, parentId: null });
    expect(plan.states.get(C)).toMatchObject({ status: UnitStatus.ACTIVE, parentId: null });
    expect(plan.states.get(out)).toMatchObject({ status: UnitStatus.ACTIVE, commissioned: true, parentId: null });
    expect(plan.states.has(B)).toBe(false);
  });

  it("frees the contents of a container whose id is deleted, without decommissioning them", () => {
    const plan = planCapture({ events: [planned({ type: "ObjectEvent", eventTime: "2026-03-01T10:00:00Z", epcList: [CASE], action: "DELETE", bizStep: "decommissioning" })], ...palletWorld() });
    expect(plan.states.get(CASE)).toMatchObject({ status: UnitStatus.DECOMMISSIONED, parentId: null });
    expect(plan.states.get(C)).toMatchObject({ status: UnitStatus.ACTIVE, parentId: null });
    expect(plan.closedContainment.map((c) => c.rowId).sort()).toEqual(["r-c", "r-case"]);
  });

  it("changes no containment for an error declaration", () => {
    const plan = planCapture({
      events: [planned({ type: "AggregationEvent", eventTime: "2026-03-01T10:00:00Z", parentID: PALLET, action: "DELETE", bizStep: "unpacking", errorDeclaration: { declarationTime: "2026-03-01T11:00:00Z" } })],
      ...palletWorld(),
    });
    expect(plan.closedContainment).toEqual([]);
    expect(plan.states.size).toBe(0);
  });
});

describe("capture plan: order of events", () => {
  it("applies an event with the same time as the last one applied (the later in the log wins)", () => {
    const world = palletWorld();
    const plan = planCapture({ events: [planned({ type: "ObjectEvent", eventTime: T0, epcList: [A], action: "OBSERVE", bizStep: "retail_selling" })], ...world });
    expect(plan.states.get(A)?.status).toBe(UnitStatus.SOLD);
  });

  it("applies events of one document in event-time order, document order breaking ties", () => {
    const plan = planCapture({
      events: [
        planned({ type: "ObjectEvent", eventTime: "2026-03-01T10:00:00Z", epcList: [A], action: "OBSERVE", bizStep: "receiving" }),
        planned({ type: "ObjectEvent", eventTime: "2026-03-01T09:00:00Z", epcList: [A], action: "OBSERVE", bizStep: "shipping" }),
        planned({ type: "ObjectEvent", eventTime: "2026-03-01T11:00:00Z", epcList: [B], action: "OBSERVE", bizStep: "retail_selling" }),
        planned({ type: "ObjectEvent", eventTime: "2026-03-01T11:00:00Z", epcList: [B], action: "OBSERVE", bizStep: "returning" }),
      ],
      ...palletWorld(),
    });
    expect(plan.states.get(A)?.status).toBe(UnitStatus.ACTIVE);
    expect(plan.states.get(B)?.status).toBe(UnitStatus.RETURNED);
  });

  it("ranks events dated ahead of their recording as of the recording, after the others", () => {
    const plan = planCapture({
      events: [
        planned({ type: "ObjectEvent", eventTime: "2026-03-01T12:03:00Z", epcList: [A], action: "OBSERVE", bizStep: "retail_selling" }, "2026-03-01T12:00:00.000Z"),
        planned({ type: "ObjectEvent", eventTime: "2026-03-01T12:01:00Z", epcList: [A], action: "OBSERVE", bizStep: "returning" }, "2026-03-01T12:00:00.000Z"),
        planned({ type: "ObjectEvent", eventTime: "2026-03-01T11:59:00Z", epcList: [A], action: "OBSERVE", bizStep: "shipping" }, "2026-03-01T12:00:00.000Z"),
      ],
      ...palletWorld(),
    });
    // 11:59 (shipping), then both future ones tied at 12:00 by effective time, in event-time order: returning, then selling.
    expect(plan.states.get(A)).toMatchObject({ status: UnitStatus.SOLD, lastEventTime: "2026-03-01T12:03:00.000Z", lastEffectiveTime: "2026-03-01T12:00:00.000Z" });
  });

  it("lets a real scan recorded after an event dated ahead update the unit", () => {
    const first = planCapture({ events: [planned({ type: "ObjectEvent", eventTime: "2026-03-01T12:04:00Z", epcList: [A], action: "OBSERVE", bizStep: "shipping" }, "2026-03-01T12:00:00.000Z")], ...palletWorld() });
    const states = new Map([[A, first.states.get(A) as UnitState]]);
    const second = planCapture({
      events: [planned({ type: "ObjectEvent", eventTime: "2026-03-01T12:02:00Z", epcList: [A], action: "OBSERVE", bizStep: "receiving" }, "2026-03-01T12:02:00.500Z")],
      states,
      open: new Map(),
      lots: new Map(),
    });
    expect(second.states.get(A)?.status).toBe(UnitStatus.ACTIVE);
    expect(second.alerts.map((a) => a.kind)).not.toContain(AlertKind.UNKNOWN_UNIT);
  });
});

describe("capture plan: master data", () => {
  it("takes lot, expiry and production date from the commissioning ILMD", () => {
    const unit = "https://id.gs1.org/01/09506000134352/21/NEW-1";
    const plan = planCapture({
      events: [
        planned({
          type: "ObjectEvent",
          eventTime: "2026-03-01T10:00:00Z",
          epcList: [unit],
          action: "ADD",
          bizStep: "commissioning",
          disposition: "active",
          ilmd: { "cbvmda:lotNumber": "L-1", "cbvmda:itemExpirationDate": "2027-05-31", "cbvmda:productionDate": "2026-02-27" },
        }),
      ],
      states: new Map(),
      open: new Map(),
      lots: new Map(),
    });
    expect(plan.masterData.get(unit)).toEqual({ lot: "L-1", expiry: "2027-05-31", productionDate: "2026-02-27" });
    expect(plan.states.get(unit)).toMatchObject({ status: UnitStatus.ACTIVE, expiry: "2027-05-31" });
    expect(plan.created.has(unit)).toBe(true);
  });
});
