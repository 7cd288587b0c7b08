import { type OpenContainment, type PlannedEvent, planCapture } from "../capture.plan";
import { A, B, C, CASE, PALLET, RECORDED, SITE, active, palletWorld as basePalletWorld, plannedEvent, row } from "./fixtures";
import { AlertKind } from "../../alert/alert.rules";
import { type UnitState, UnitStatus, unseenState } from "../../unit/unit.rules";

// The capture plan beyond containment basics: the movement stream's entries, the event index, transformation
// links, master data, alerts, and the events that must leave containment alone.

const LOOSE = "https://id.gs1.org/01/09506000134352/21/LOOSE";
let nextSeq = 500;
function planned(raw: Record<string, unknown>, seq = String(nextSeq++), recordTime = RECORDED): PlannedEvent {
  return plannedEvent(raw, seq, recordTime);
}

/** The shared pallet world, and LOOSE in no container; C's lot is known. */
function palletWorld() {
  const world = basePalletWorld();
  world.states.set(LOOSE, active());
  world.lots.set(C, "09506000134352/L-7");
  return world;
}
const at = (time: string) => `2026-03-01T${time}:00Z`;
const sorted = (ids: readonly string[] | undefined) => [...(ids ?? [])].sort();
const containmentUnchanged = (plan: ReturnType<typeof planCapture>) => {
  expect(plan.closedContainment).toEqual([]);
  expect(plan.newContainment).toEqual([]);
};

describe("capture plan: movement stream entries", () => {
  it("names the touched unit, the containers it is in (nearest first) and the lots", () => {
    const observe = planned({ type: "ObjectEvent", eventTime: at("10:00"), epcList: [C], action: "OBSERVE", bizStep: "inspecting" });
    const plan = planCapture({ events: [observe], ...palletWorld() });
    expect(plan.stream).toEqual([{ seq: observe.seq, units: [C], containers: [CASE, PALLET], lots: ["09506000134352/L-7"] }]);
  });

  it("moves everything on a pallet an ObjectEvent ships, keeping it inside", () => {
    const ship = planned({ type: "ObjectEvent", eventTime: at("10:00"), epcList: [PALLET], action: "OBSERVE", bizStep: "shipping", bizLocation: { id: SITE } });
    const plan = planCapture({ events: [ship], ...palletWorld() });
    for (const id of [PALLET, CASE, A, B, C]) expect(plan.states.get(id)).toMatchObject({ status: UnitStatus.IN_TRANSIT, bizLocation: SITE });
    expect(plan.states.get(C)?.parentId).toBe(CASE);
    expect(plan.states.has(LOOSE)).toBe(false);
    containmentUnchanged(plan);
    expect(plan.index).toEqual([{ unitId: PALLET, seq: ship.seq, role: "epc" }]);
    expect(sorted(plan.stream[0]?.units)).toEqual(sorted([PALLET, CASE, A, B, C]));
    expect(plan.stream[0]?.containers).toEqual([]);
    expect(plan.stream[0]?.lots).toEqual(["09506000134352/L-7"]);
  });

  it("lists a container once when several units in it are touched, and not when it moved itself", () => {
    const plan = planCapture({ events: [planned({ type: "ObjectEvent", eventTime: at("10:00"), epcList: [A, B, C], action: "OBSERVE" })], ...palletWorld() });
    expect(sorted(plan.stream[0]?.containers)).toEqual(sorted([PALLET, CASE]));
    const both = planCapture({ events: [planned({ type: "ObjectEvent", eventTime: at("10:00"), epcList: [C, CASE], action: "OBSERVE" })], ...palletWorld() });
    expect(both.stream[0]?.containers).toEqual([PALLET]);
  });

  it("keeps the entries in log order (by number) whatever order the events apply in", () => {
    const later = planned({ type: "ObjectEvent", eventTime: at("11:00"), epcList: [A], action: "OBSERVE" }, "99");
    const earlier = planned({ type: "ObjectEvent", eventTime: at("09:00"), epcList: [B], action: "OBSERVE" }, "100");
    const first = planned({ type: "ObjectEvent", eventTime: at("10:00"), epcList: [C], action: "OBSERVE" }, "98");
    const plan = planCapture({ events: [later, earlier, first], ...palletWorld() });
    expect(plan.stream.map((e) => e.seq)).toEqual(["98", "99", "100"]);
    expect(plan.stream.map((e) => e.units)).toEqual([[C], [A], [B]]);
  });
});

describe("capture plan: the event index", () => {
  it("indexes every unit an event names, with its role", () => {
    const pack = planned({ type: "AggregationEvent", eventTime: at("10:00"), parentID: CASE, childEPCs: [A, LOOSE], action: "ADD", bizStep: "packing" });
    const plan = planCapture({ events: [pack], ...palletWorld() });
    expect(plan.index).toEqual([
      { unitId: CASE, seq: pack.seq, role: "parent" },
      { unitId: A, seq: pack.seq, role: "child" },
      { unitId: LOOSE, seq: pack.seq, role: "child" },
    ]);
  });

  it("indexes a unit listed twice in one event once", () => {
    const observe = planned({ type: "ObjectEvent", eventTime: at("10:00"), epcList: [A, A, B], action: "OBSERVE" });
    expect(planCapture({ events: [observe], ...palletWorld() }).index).toEqual([
      { unitId: A, seq: observe.seq, role: "epc" },
      { unitId: B, seq: observe.seq, role: "epc" },
    ]);
  });
});

describe("capture plan: transformations", () => {
  it("links every input to every output", () => {
    const out1 = "https://id.gs1.org/01/04012345123456/21/KIT-1";
    const out2 = "https://id.gs1.org/01/04012345123456/21/KIT-2";
    const make = planned({ type: "TransformationEvent", eventTime: at("10:00"), inputEPCList: [A, B], outputEPCList: [out1, out2], bizStep: "commissioning" });
    const plan = planCapture({ events: [make], ...palletWorld() });
    expect(plan.transformations).toEqual([
      { inputId: A, outputId: out1, seq: make.seq },
      { inputId: B, outputId: out1, seq: make.seq },
      { inputId: A, outputId: out2, seq: make.seq },
      { inputId: B, outputId: out2, seq: make.seq },
    ]);
    expect(plan.index.map((i) => [i.unitId, i.role])).toEqual([
      [A, "input"],
      [B, "input"],
      [out1, "output"],
      [out2, "output"],
    ]);
  });

  it("links nothing and frees nothing for an error declaration", () => {
    const plan = planCapture({
      events: [
        planned({
          type: "TransformationEvent",
          eventTime: at("10:00"),
          inputEPCList: [A, CASE],
          outputEPCList: ["https://id.gs1.org/01/04012345123456/21/KIT-3"],
          errorDeclaration: { declarationTime: at("11:00") },
        }),
      ],
      ...palletWorld(),
    });
    expect(plan.transformations).toEqual([]);
    containmentUnchanged(plan);
  });
});

describe("capture plan: events that leave containment alone", () => {
  it("keeps a unit in its container when an ObjectEvent or a TransactionEvent names it", () => {
    for (const event of [
      { type: "ObjectEvent", epcList: [A], action: "OBSERVE", bizStep: "inspecting" },
      { type: "ObjectEvent", epcList: [A], action: "ADD", bizStep: "encoding" },
      { type: "TransactionEvent", epcList: [A], action: "DELETE", bizStep: "receiving", bizTransactionList: [{ bizTransaction: "urn:epcglobal:cbv:bt:9506000000008:PO-1" }] },
    ]) {
      const plan = planCapture({ events: [planned({ eventTime: at("10:00"), ...event })], ...palletWorld() });
      containmentUnchanged(plan);
      expect(plan.states.get(A)?.parentId).toBe(PALLET);
    }
  });

  it("does not unpack a container that leaves a business transaction (a TransactionEvent DELETE naming it as parent)", () => {
    const plan = planCapture({
      events: [
        planned({
          type: "TransactionEvent",
          eventTime: at("10:00"),
          parentID: CASE,
          epcList: [],
          action: "DELETE",
          bizStep: "receiving",
          bizTransactionList: [{ bizTransaction: "urn:epcglobal:cbv:bt:9506000000008:PO-1" }],
        }),
      ],
      ...palletWorld(),
    });
    containmentUnchanged(plan);
    expect(plan.states.get(C)).toMatchObject({ parentId: CASE, status: UnitStatus.ACTIVE, disposition: "in_progress" });
  });

  it("does not unpack a named child from a container it is not in, nor a unit in no container", () => {
    const plan = planCapture({
      events: [planned({ type: "AggregationEvent", eventTime: at("10:00"), parentID: CASE, childEPCs: [A, LOOSE], action: "DELETE", bizStep: "unpacking" })],
      ...palletWorld(),
    });
    containmentUnchanged(plan);
    expect(plan.states.get(A)?.parentId).toBe(PALLET);
    expect(plan.states.get(LOOSE)?.parentId).toBeNull();
  });

  it("keeps the row of a unit packed again into the container it is in", () => {
    const plan = planCapture({
      events: [planned({ type: "AggregationEvent", eventTime: at("10:00"), parentID: PALLET, childEPCs: [A], action: "ADD", bizStep: "packing" })],
      ...palletWorld(),
    });
    containmentUnchanged(plan);
    expect(plan.states.get(A)?.parentId).toBe(PALLET);
  });

  it("does not let a late deletion or transformation, older than a packing, undo that packing", () => {
    const world = palletWorld();
    world.open.set(A, row(PALLET, "r-a", "2026-03-01T11:00:00.000Z"));
    world.open.set(C, row(CASE, "r-c", "2026-03-01T11:00:00.000Z"));
    const plan = planCapture({
      events: [
        planned({ type: "ObjectEvent", eventTime: at("10:00"), epcList: [A], action: "DELETE", bizStep: "decommissioning" }),
        planned({ type: "TransformationEvent", eventTime: at("10:00"), inputEPCList: [CASE], outputEPCList: ["https://id.gs1.org/01/04012345123456/21/KIT-4"] }),
      ],
      ...world,
    });
    // The case itself was packed before 10:00 and is consumed; what was packed into it at 11:00 stays in it.
    expect(plan.closedContainment.map((c) => c.rowId)).toEqual(["r-case"]);
    expect(plan.states.get(C)?.parentId ?? CASE).toBe(CASE);
    expect(plan.states.get(A)?.parentId ?? PALLET).toBe(PALLET);
  });
});

describe("capture plan: containment changes", () => {
  it("packs a unit that was in no container", () => {
    const pack = planned({ type: "AggregationEvent", eventTime: at("10:00"), parentID: CASE, childEPCs: [LOOSE], action: "ADD", bizStep: "packing" });
    const plan = planCapture({ events: [pack], ...palletWorld() });
    expect(plan.closedContainment).toEqual([]);
    expect(plan.newContainment).toEqual([{ parentId: CASE, childId: LOOSE, addedSeq: pack.seq, addedTime: "2026-03-01T10:00:00.000Z", removedSeq: null, removedTime: null }]);
    expect(plan.states.get(LOOSE)?.parentId).toBe(CASE);
  });

  it("decommissions a unit in no container without touching containment", () => {
    const plan = planCapture({
      events: [planned({ type: "ObjectEvent", eventTime: at("10:00"), epcList: [LOOSE], action: "DELETE", bizStep: "decommissioning" })],
      ...palletWorld(),
    });
    containmentUnchanged(plan);
    expect(plan.states.get(LOOSE)).toMatchObject({ status: UnitStatus.DECOMMISSIONED, parentId: null });
  });

  it("applies an unpacking at the same instant as the packing it follows in the document", () => {
    const pack = planned({ type: "AggregationEvent", eventTime: at("10:00"), parentID: CASE, childEPCs: [LOOSE], action: "ADD", bizStep: "packing" });
    const unpack = planned({ type: "AggregationEvent", eventTime: at("10:00"), parentID: CASE, childEPCs: [LOOSE], action: "DELETE", bizStep: "unpacking" });
    const plan = planCapture({ events: [pack, unpack], ...palletWorld() });
    expect(plan.newContainment).toEqual([
      { parentId: CASE, childId: LOOSE, addedSeq: pack.seq, addedTime: "2026-03-01T10:00:00.000Z", removedSeq: unpack.seq, removedTime: "2026-03-01T10:00:00.000Z" },
    ]);
    expect(plan.states.get(LOOSE)?.parentId).toBeNull();
  });

  it("moves everything on a pallet when a TransactionEvent names the pallet as parent", () => {
    const plan = planCapture({
      events: [
        planned({
          type: "TransactionEvent",
          eventTime: at("10:00"),
          parentID: PALLET,
          epcList: [A],
          action: "ADD",
          bizStep: "shipping",
          bizTransactionList: [{ bizTransaction: "urn:epcglobal:cbv:bt:9506000000008:PO-3" }],
        }),
      ],
      ...palletWorld(),
    });
    for (const id of [PALLET, CASE, A, B, C]) expect(plan.states.get(id)?.status).toBe(UnitStatus.IN_TRANSIT);
    containmentUnchanged(plan);
  });

  it("does not hang on a containment cycle left by corrupt data", () => {
    const world = palletWorld();
    world.open.set(PALLET, row(C, "r-cycle"));
    const plan = planCapture({ events: [planned({ type: "ObjectEvent", eventTime: at("10:00"), epcList: [A], action: "OBSERVE", bizStep: "shipping" })], ...world });
    expect(plan.states.get(A)?.status).toBe(UnitStatus.IN_TRANSIT);
    expect(sorted(plan.stream[0]?.containers)).toEqual(sorted([PALLET, C, CASE]));
    const ship = planCapture({ events: [planned({ type: "ObjectEvent", eventTime: at("10:00"), epcList: [PALLET], action: "OBSERVE", bizStep: "shipping" })], ...world });
    expect(sorted(ship.stream[0]?.units)).toEqual(sorted([PALLET, CASE, A, B, C]));
  });
});

describe("capture plan: states and alerts", () => {
  it("takes the event's own disposition and read point", () => {
    const plan = planCapture({
      events: [
        planned({
          type: "ObjectEvent",
          eventTime: at("10:00"),
          epcList: [A],
          action: "OBSERVE",
          bizStep: "inspecting",
          disposition: "recalled",
          readPoint: { id: `${SITE}/254/qa` },
        }),
      ],
      ...palletWorld(),
    });
    expect(plan.states.get(A)).toMatchObject({ status: UnitStatus.RECALLED, disposition: "recalled", readPoint: `${SITE}/254/qa` });
  });

  it("raises alerts for the units an event names, with the unit and the event's seq", () => {
    const unknown = "https://id.gs1.org/01/09506000134352/21/NEVER";
    const world = palletWorld();
    world.states.set(B, active({ parentId: PALLET, status: UnitStatus.SOLD, disposition: "retail_sold" }));
    const sale = planned({ type: "ObjectEvent", eventTime: at("10:00"), epcList: [B, unknown], action: "OBSERVE", bizStep: "retail_selling" });
    const plan = planCapture({ events: [sale], ...world });
    expect(plan.alerts.map(({ kind, unitId, seq }) => ({ kind, unitId, seq }))).toEqual([
      { kind: AlertKind.ALREADY_SOLD, unitId: B, seq: sale.seq },
      { kind: AlertKind.UNKNOWN_UNIT, unitId: unknown, seq: sale.seq },
    ]);
    expect(plan.created).toEqual(new Set([unknown]));
  });

  it("judges a named child of an unpacking against its state before the event", () => {
    const world = palletWorld();
    world.states.set(A, active({ parentId: PALLET, bizLocation: "https://id.gs1.org/414/9506000000015", lastEventTime: at("09:58"), lastEffectiveTime: at("09:58") }));
    const unpack = planned({
      type: "AggregationEvent",
      eventTime: at("10:00"),
      parentID: PALLET,
      childEPCs: [A],
      action: "DELETE",
      bizStep: "unpacking",
      bizLocation: { id: SITE },
    });
    const plan = planCapture({ events: [unpack], ...world });
    expect(plan.alerts.map(({ kind, unitId }) => ({ kind, unitId }))).toEqual([{ kind: AlertKind.IMPOSSIBLE_TRAVEL, unitId: A }]);
  });

  it("judges no unit for an event that named only its container", () => {
    const world = palletWorld();
    world.states.set(C, active({ parentId: CASE, status: UnitStatus.STOLEN, disposition: "stolen" }));
    world.states.set(A, active({ parentId: PALLET, status: UnitStatus.DESTROYED, disposition: "destroyed" }));
    const plan = planCapture({ events: [planned({ type: "ObjectEvent", eventTime: at("10:00"), epcList: [PALLET], action: "OBSERVE", bizStep: "shipping" })], ...world });
    expect(plan.alerts).toEqual([]);
    const unpack = planCapture({ events: [planned({ type: "AggregationEvent", eventTime: at("10:00"), parentID: PALLET, action: "DELETE", bizStep: "unpacking" })], ...world });
    expect(unpack.alerts).toEqual([]);
  });

  it("stores a unit first named by an error declaration as never seen", () => {
    const unknown = "https://id.gs1.org/01/09506000134352/21/NEW-9";
    const plan = planCapture({
      events: [planned({ type: "ObjectEvent", eventTime: at("10:00"), epcList: [unknown], action: "OBSERVE", errorDeclaration: { declarationTime: at("11:00") } })],
      states: new Map(),
      open: new Map(),
      lots: new Map(),
    });
    expect(plan.created.has(unknown)).toBe(true);
    expect(plan.states.get(unknown)).toEqual(unseenState());
  });
});

describe("capture plan: master data from commissioning", () => {
  const commission = (id: string, ilmd?: Record<string, unknown>, action = "ADD") =>
    planned({ type: "ObjectEvent", eventTime: at("10:00"), epcList: [id], action, bizStep: action === "ADD" ? "commissioning" : "inspecting", ...(ilmd ? { ilmd } : {}) });
  const fresh = { states: new Map<string, UnitState>(), open: new Map<string, OpenContainment>(), lots: new Map<string, string>() };
  const NEW = "https://id.gs1.org/01/09506000134352/21/NEW-1";

  it("records the lot as <gtin>/<lot> for the stream", () => {
    const plan = planCapture({ events: [commission(NEW, { "cbvmda:lotNumber": "L-1" })], ...fresh });
    expect(plan.masterData.get(NEW)).toEqual({ lot: "L-1", expiry: null, productionDate: null });
    expect(plan.stream[0]?.lots).toEqual(["09506000134352/L-1"]);
  });

  it("records any one of lot, expiry and production date", () => {
    const plan = planCapture({ events: [commission(NEW, { "cbvmda:productionDate": "2026-02-27" })], ...fresh });
    expect(plan.masterData.get(NEW)).toEqual({ lot: null, expiry: null, productionDate: "2026-02-27" });
    expect(plan.stream[0]?.lots).toEqual([]);
    expect(plan.states.get(NEW)?.expiry).toBeNull();
  });

  it("records no master data for a commissioning without ILMD, or with none of those fields", () => {
    expect(planCapture({ events: [commission(NEW)], ...fresh }).masterData.size).toBe(0);
    expect(planCapture({ events: [commission(NEW, { "cbvmda:bestBeforeDate": "2027-01-31" })], ...fresh }).masterData.size).toBe(0);
  });

  it("reads ILMD only from the commissioning, not from an observation or a business transaction", () => {
    const ilmd = { "cbvmda:lotNumber": "L-2", "cbvmda:itemExpirationDate": "2027-01-31" };
    const plan = planCapture({ events: [commission(NEW, ilmd, "OBSERVE")], ...fresh });
    expect(plan.masterData.size).toBe(0);
    expect(plan.states.get(NEW)?.expiry).toBeNull();
    const transaction = planned({
      type: "TransactionEvent",
      eventTime: at("10:00"),
      epcList: [NEW],
      action: "ADD",
      bizStep: "shipping",
      bizTransactionList: [{ bizTransaction: "urn:epcglobal:cbv:bt:9506000000008:PO-4" }],
      ilmd,
    });
    expect(planCapture({ events: [transaction], ...fresh }).masterData.size).toBe(0);
  });

  it("ignores ILMD values that are not text", () => {
    const plan = planCapture({ events: [commission(NEW, { "cbvmda:lotNumber": 3, "cbvmda:itemExpirationDate": "2027-01-31" })], ...fresh });
    expect(plan.masterData.get(NEW)).toEqual({ lot: null, expiry: "2027-01-31", productionDate: null });
  });

  it("records a lot but no stream lot for a unit that is not a serialized trade item", () => {
    const plan = planCapture({ events: [commission(PALLET, { "cbvmda:lotNumber": "L-4" })], ...fresh });
    expect(plan.masterData.get(PALLET)?.lot).toBe("L-4");
    expect(plan.stream[0]?.lots).toEqual([]);
  });

  it("keeps a known expiry when a later commissioning ILMD names none", () => {
    const plan = planCapture({
      events: [commission(NEW, { "cbvmda:lotNumber": "L-5" })],
      states: new Map([[NEW, active({ expiry: "2027-05-31" })]]),
      open: new Map(),
      lots: new Map(),
    });
    expect(plan.states.get(NEW)?.expiry).toBe("2027-05-31");
  });
});
