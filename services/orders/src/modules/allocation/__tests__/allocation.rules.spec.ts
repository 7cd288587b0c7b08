import type { UnitFacts } from "../../stock/stock.client";
import { type AllocationContext, AllocationRefusalCode, allocationRefusal } from "../allocation.rules";

const GTIN = "09506000134352";
const TODAY = "2026-03-15";

/** A commissioned, ACTIVE unit the seller holds, expiring well after today, neither recalled nor on hold. */
const unit = (over: Partial<UnitFacts> = {}): UnitFacts => ({
  id: `https://id.gs1.org/01/${GTIN}/21/S1`,
  gtin: GTIN,
  serial: "S1",
  lot: "L1",
  expiry: "2027-06-30",
  status: "ACTIVE",
  commissioned: true,
  location: "https://id.gs1.org/414/9506000000008",
  onHold: false,
  recalled: false,
  held: true,
  ...over,
});

/** The order has a line of the unit's GTIN with room (0 of 2), no order holds the unit. */
const context = (over: Partial<AllocationContext> = {}): AllocationContext => ({
  gtin: GTIN,
  line: { quantity: 2, allocated: 0 },
  allocatedTo: null,
  today: TODAY,
  ...over,
});

const ANOTHER_ORDER = { reference: "SO-17" };
const codeOf = (facts: UnitFacts | undefined, ctx: AllocationContext = context()) => allocationRefusal(facts, ctx)?.code ?? null;

describe("a sellable unit", () => {
  it("may be allocated when ACTIVE, held by the seller and not expired", () => {
    expect(allocationRefusal(unit(), context())).toBeNull();
  });

  it("may be allocated without an expiry date", () => {
    expect(allocationRefusal(unit({ expiry: null }), context())).toBeNull();
  });

  it("may still be allocated on the day it expires", () => {
    expect(allocationRefusal(unit({ expiry: TODAY }), context())).toBeNull();
  });

  it("may fill the last place of its line", () => {
    expect(allocationRefusal(unit(), context({ line: { quantity: 2, allocated: 1 } }))).toBeNull();
  });
});

describe("each refusal, with its message", () => {
  it.each<[string, UnitFacts | undefined, Partial<AllocationContext>, AllocationRefusalCode, string]>([
    ["a unit units never saw", undefined, {}, AllocationRefusalCode.UNKNOWN_UNIT, "The hub never commissioned this unit: it may be counterfeit, or the code was mistyped."],
    [
      "a unit never commissioned",
      unit({ commissioned: false }),
      {},
      AllocationRefusalCode.UNKNOWN_UNIT,
      "The hub never commissioned this unit: it may be counterfeit, or the code was mistyped.",
    ],
    ["a repeated scan", unit(), { allocatedTo: "this" }, AllocationRefusalCode.ALREADY_ON_THIS_ORDER, "This unit is already allocated to this order."],
    ["a GTIN the order has no line for", unit(), { line: null }, AllocationRefusalCode.GTIN_NOT_ON_ORDER, `The order has no line for GTIN ${GTIN}.`],
    ["a full line", unit(), { line: { quantity: 2, allocated: 2 } }, AllocationRefusalCode.LINE_COMPLETE, `The line for GTIN ${GTIN} has all 2 unit(s) it needs.`],
    ["an over-full line", unit(), { line: { quantity: 1, allocated: 3 } }, AllocationRefusalCode.LINE_COMPLETE, `The line for GTIN ${GTIN} has all 1 unit(s) it needs.`],
    ["a unit on another order", unit(), { allocatedTo: ANOTHER_ORDER }, AllocationRefusalCode.ALREADY_ALLOCATED, "This unit is allocated to order SO-17."],
    ["a recalled unit", unit({ recalled: true }), {}, AllocationRefusalCode.RECALLED, "This unit is recalled: it must not be sold."],
    ["a unit whose status is RECALLED", unit({ status: "RECALLED" }), {}, AllocationRefusalCode.RECALLED, "This unit is recalled: it must not be sold."],
    ["a unit on hold", unit({ onHold: true }), {}, AllocationRefusalCode.ON_HOLD, "This unit is on hold (an open quarantine covers it)."],
    ["a unit past its expiry date", unit({ expiry: "2026-03-14" }), {}, AllocationRefusalCode.EXPIRED, "This unit expired on 2026-03-14."],
    ["a unit whose status is EXPIRED, without a date", unit({ status: "EXPIRED", expiry: null }), {}, AllocationRefusalCode.EXPIRED, "This unit expired."],
    ["a destroyed unit", unit({ status: "DESTROYED" }), {}, AllocationRefusalCode.DESTROYED, "This unit was destroyed."],
    ["a decommissioned unit", unit({ status: "DECOMMISSIONED" }), {}, AllocationRefusalCode.DECOMMISSIONED, "This unit is out of circulation (DECOMMISSIONED)."],
    ["a consumed unit", unit({ status: "CONSUMED" }), {}, AllocationRefusalCode.DECOMMISSIONED, "This unit is out of circulation (CONSUMED)."],
    ["a sold unit", unit({ status: "SOLD" }), {}, AllocationRefusalCode.ALREADY_SOLD, "This unit was sold already."],
    ["a unit in transit", unit({ status: "IN_TRANSIT" }), {}, AllocationRefusalCode.IN_TRANSIT, "This unit is in transit: receive it before picking it."],
    ["a returned unit", unit({ status: "RETURNED" }), {}, AllocationRefusalCode.NOT_SELLABLE, "This unit is not sellable as it stands (RETURNED)."],
    ["a stolen unit", unit({ status: "STOLEN" }), {}, AllocationRefusalCode.NOT_SELLABLE, "This unit is not sellable as it stands (STOLEN)."],
    ["a unit of UNKNOWN status", unit({ status: "UNKNOWN" }), {}, AllocationRefusalCode.NOT_SELLABLE, "This unit is not sellable as it stands (UNKNOWN)."],
    ["a unit the seller does not hold", unit({ held: false }), {}, AllocationRefusalCode.NOT_IN_CUSTODY, "Your organization does not hold this unit now."],
  ])("refuses %s", (_what, facts, ctx, code, message) => {
    expect(allocationRefusal(facts, context(ctx))).toEqual({ code, message });
  });

  it("produces every refusal code", () => {
    const produced = new Set([
      codeOf(undefined),
      codeOf(unit(), context({ allocatedTo: "this" })),
      codeOf(unit(), context({ line: null })),
      codeOf(unit(), context({ line: { quantity: 1, allocated: 1 } })),
      codeOf(unit(), context({ allocatedTo: ANOTHER_ORDER })),
      codeOf(unit({ recalled: true })),
      codeOf(unit({ onHold: true })),
      codeOf(unit({ status: "EXPIRED" })),
      codeOf(unit({ status: "DESTROYED" })),
      codeOf(unit({ status: "DECOMMISSIONED" })),
      codeOf(unit({ status: "SOLD" })),
      codeOf(unit({ status: "IN_TRANSIT" })),
      codeOf(unit({ status: "RETURNED" })),
      codeOf(unit({ held: false })),
    ]);
    expect([...produced].sort()).toEqual(Object.values(AllocationRefusalCode).sort());
  });
});

describe("expiry against today", () => {
  it("refuses from the day after the expiry date", () => {
    expect(codeOf(unit({ expiry: "2026-03-14" }))).toBe(AllocationRefusalCode.EXPIRED);
    expect(codeOf(unit({ expiry: "2025-12-31" }), context({ today: "2026-01-01" }))).toBe(AllocationRefusalCode.EXPIRED);
  });

  it("accepts on and before the expiry date", () => {
    expect(codeOf(unit({ expiry: "2026-03-15" }))).toBeNull();
    expect(codeOf(unit({ expiry: "2026-03-16" }))).toBeNull();
    expect(codeOf(unit({ expiry: "2026-01-01" }), context({ today: "2025-12-31" }))).toBeNull();
  });

  it("names the date of an EXPIRED unit that has one", () => {
    expect(allocationRefusal(unit({ status: "EXPIRED", expiry: "2026-03-01" }), context())?.message).toBe("This unit expired on 2026-03-01.");
  });
});

describe("the order of the checks", () => {
  /** A unit with every problem a unit can have. */
  const hopeless = unit({ recalled: true, status: "DESTROYED", onHold: true, expiry: "2020-01-01", held: false });

  it("answers UNKNOWN_UNIT first, even with no line and another order holding the code", () => {
    expect(codeOf(undefined, context({ line: null, allocatedTo: ANOTHER_ORDER }))).toBe(AllocationRefusalCode.UNKNOWN_UNIT);
    expect(codeOf(undefined, context({ allocatedTo: "this" }))).toBe(AllocationRefusalCode.UNKNOWN_UNIT);
    expect(codeOf({ ...hopeless, commissioned: false }, context({ line: { quantity: 1, allocated: 1 } }))).toBe(AllocationRefusalCode.UNKNOWN_UNIT);
  });

  it("answers a repeated scan of the unit that filled its line with ALREADY_ON_THIS_ORDER, not LINE_COMPLETE", () => {
    expect(codeOf(hopeless, context({ allocatedTo: "this", line: { quantity: 1, allocated: 1 } }))).toBe(AllocationRefusalCode.ALREADY_ON_THIS_ORDER);
  });

  it("checks the order's line (GTIN, then room) before another order's hold", () => {
    expect(codeOf(hopeless, context({ line: null, allocatedTo: ANOTHER_ORDER }))).toBe(AllocationRefusalCode.GTIN_NOT_ON_ORDER);
    expect(codeOf(hopeless, context({ line: { quantity: 1, allocated: 1 }, allocatedTo: ANOTHER_ORDER }))).toBe(AllocationRefusalCode.LINE_COMPLETE);
  });

  it("answers ALREADY_ALLOCATED for a unit on another order before anything wrong with the unit itself", () => {
    expect(codeOf(unit({ recalled: true }), context({ allocatedTo: ANOTHER_ORDER }))).toBe(AllocationRefusalCode.ALREADY_ALLOCATED);
    expect(codeOf(hopeless, context({ allocatedTo: ANOTHER_ORDER }))).toBe(AllocationRefusalCode.ALREADY_ALLOCATED);
  });

  it("then: recalled, on hold, expired, the status, custody", () => {
    expect(codeOf(hopeless)).toBe(AllocationRefusalCode.RECALLED);
    expect(codeOf({ ...hopeless, recalled: false })).toBe(AllocationRefusalCode.ON_HOLD);
    expect(codeOf({ ...hopeless, recalled: false, onHold: false })).toBe(AllocationRefusalCode.EXPIRED);
    expect(codeOf({ ...hopeless, recalled: false, onHold: false, expiry: null })).toBe(AllocationRefusalCode.DESTROYED);
    expect(codeOf({ ...hopeless, recalled: false, onHold: false, expiry: null, status: "ACTIVE" })).toBe(AllocationRefusalCode.NOT_IN_CUSTODY);
  });

  it("puts a RECALLED status before hold and expiry", () => {
    expect(codeOf(unit({ status: "RECALLED", onHold: true, expiry: "2020-01-01" }))).toBe(AllocationRefusalCode.RECALLED);
  });

  it("answers the status before custody for units the seller no longer holds", () => {
    expect(codeOf(unit({ status: "SOLD", held: false }))).toBe(AllocationRefusalCode.ALREADY_SOLD);
    expect(codeOf(unit({ status: "IN_TRANSIT", held: false }))).toBe(AllocationRefusalCode.IN_TRANSIT);
    expect(codeOf(unit({ status: "STOLEN", held: false }))).toBe(AllocationRefusalCode.NOT_SELLABLE);
  });
});
