import type { UnitFacts } from "../../stock/stock.client";
import { ACCEPTED_VERDICTS, ReturnDecision, type ReturnContext, ReturnStatus, ReturnVerdictCode, STATUS_AFTER, decisionRefusal, returnVerdict, windowEnd } from "../return.rules";

const GTIN = "09506000134352";
const OTHER_GTIN = "09506000134369";
const idOf = (gtin: string, serial: string) => `https://id.gs1.org/01/${gtin}/21/${serial}`;
const SOLD = idOf(GTIN, "S1");
const SWAPPED = idOf(GTIN, "S9");
const FOREIGN = idOf(OTHER_GTIN, "X1");

const DELIVERED = new Date("2026-03-01T12:00:00.000Z");
const WINDOW_END = new Date("2026-03-31T12:00:00.000Z");

/** What units says of a commissioned, ACTIVE, unrecalled unit. */
const unit = (id: string, over: Partial<UnitFacts> = {}): UnitFacts => ({
  id,
  gtin: GTIN,
  serial: "S1",
  lot: "L1",
  expiry: null,
  status: "SOLD",
  commissioned: true,
  location: null,
  onHold: false,
  recalled: false,
  held: false,
  ...over,
});

/** The order sold S1 and S2 of GTIN, delivered on 1 March at noon with a 30-day window; the return is of S1, nine days on. */
const context = (over: Partial<ReturnContext> = {}): ReturnContext => ({
  unitId: SOLD,
  gtin: GTIN,
  soldUnitIds: new Set([SOLD, idOf(GTIN, "S2")]),
  soldGtins: new Set([GTIN]),
  returnedBefore: false,
  deliveredAt: DELIVERED,
  windowDays: 30,
  now: new Date("2026-03-10T09:00:00.000Z"),
  ...over,
});

describe("the end of the return window", () => {
  it("is the delivery time plus whole days", () => {
    expect(windowEnd(DELIVERED, 30)).toEqual(WINDOW_END);
    expect(windowEnd(new Date("2024-02-28T00:00:00.000Z"), 2)).toEqual(new Date("2024-03-01T00:00:00.000Z"));
  });

  it("is the delivery time itself for a window of 0 days", () => {
    expect(windowEnd(DELIVERED, 0)).toEqual(DELIVERED);
  });

  it("does not change the delivery time", () => {
    const delivered = new Date(DELIVERED.getTime());
    windowEnd(delivered, 14);
    expect(delivered).toEqual(DELIVERED);
  });
});

describe("the verdict on a returned item", () => {
  it("VERIFIED: the unit sold on this order, within the window, not recalled; no reason", () => {
    expect(returnVerdict(unit(SOLD), context())).toEqual({ verdict: ReturnVerdictCode.VERIFIED, reason: null });
  });

  it("VERIFIED for a unit the order sold even when units does not describe it", () => {
    expect(returnVerdict(undefined, context())).toEqual({ verdict: ReturnVerdictCode.VERIFIED, reason: null });
  });

  it("UNKNOWN_UNIT: a unit the hub never saw or never commissioned", () => {
    const expected = { verdict: ReturnVerdictCode.UNKNOWN_UNIT, reason: "The hub never commissioned this unit: it is not genuine, or the code is wrong." };
    expect(returnVerdict(undefined, context({ unitId: SWAPPED }))).toEqual(expected);
    expect(returnVerdict(unit(SWAPPED, { commissioned: false }), context({ unitId: SWAPPED }))).toEqual(expected);
  });

  it("DIFFERENT_UNIT: another serial of a product the order sold", () => {
    expect(returnVerdict(unit(SWAPPED), context({ unitId: SWAPPED }))).toEqual({
      verdict: ReturnVerdictCode.DIFFERENT_UNIT,
      reason: "This order sold this product, but not this unit: the serial differs from every unit shipped on it.",
    });
  });

  it("NOT_SOLD_ON_THIS_ORDER: a genuine unit of a product the order did not sell", () => {
    expect(returnVerdict(unit(FOREIGN, { gtin: OTHER_GTIN }), context({ unitId: FOREIGN, gtin: OTHER_GTIN }))).toEqual({
      verdict: ReturnVerdictCode.NOT_SOLD_ON_THIS_ORDER,
      reason: "This order did not sell this product.",
    });
  });

  it("ALREADY_RETURNED: this unit of this order came back before", () => {
    expect(returnVerdict(unit(SOLD), context({ returnedBefore: true }))).toEqual({
      verdict: ReturnVerdictCode.ALREADY_RETURNED,
      reason: "This unit of this order was returned already.",
    });
  });

  it("OUTSIDE_RETURN_WINDOW: after the window closed, saying when it did", () => {
    expect(returnVerdict(unit(SOLD), context({ now: new Date(WINDOW_END.getTime() + 1) }))).toEqual({
      verdict: ReturnVerdictCode.OUTSIDE_RETURN_WINDOW,
      reason: "The return window of 30 day(s) closed at 2026-03-31T12:00:00.000Z.",
    });
  });

  it("RECALLED: the unit sold, recalled by flag or by status", () => {
    const expected = { verdict: ReturnVerdictCode.RECALLED, reason: "This unit is recalled: it is taken back and must not be restocked." };
    expect(returnVerdict(unit(SOLD, { recalled: true }), context())).toEqual(expected);
    expect(returnVerdict(unit(SOLD, { status: "RECALLED" }), context())).toEqual(expected);
  });
});

describe("the return window's boundary", () => {
  it("is still inside exactly at its end", () => {
    expect(returnVerdict(unit(SOLD), context({ now: WINDOW_END })).verdict).toBe(ReturnVerdictCode.VERIFIED);
  });

  it("is outside a millisecond after its end", () => {
    expect(returnVerdict(unit(SOLD), context({ now: new Date(WINDOW_END.getTime() + 1) })).verdict).toBe(ReturnVerdictCode.OUTSIDE_RETURN_WINDOW);
  });

  it("with a window of 0 days, accepts a return only at the delivery time", () => {
    expect(returnVerdict(unit(SOLD), context({ windowDays: 0, now: DELIVERED })).verdict).toBe(ReturnVerdictCode.VERIFIED);
    expect(returnVerdict(unit(SOLD), context({ windowDays: 0, now: new Date(DELIVERED.getTime() + 1) }))).toEqual({
      verdict: ReturnVerdictCode.OUTSIDE_RETURN_WINDOW,
      reason: "The return window of 0 day(s) closed at 2026-03-01T12:00:00.000Z.",
    });
  });
});

describe("the order of the verdicts", () => {
  const late = new Date("2027-01-01T00:00:00.000Z");

  it("judges an item the order did not sell on what it is, whatever else holds", () => {
    const everything = { returnedBefore: true, now: late };
    expect(returnVerdict(undefined, context({ ...everything, unitId: SWAPPED })).verdict).toBe(ReturnVerdictCode.UNKNOWN_UNIT);
    expect(returnVerdict(unit(SWAPPED, { recalled: true }), context({ ...everything, unitId: SWAPPED })).verdict).toBe(ReturnVerdictCode.DIFFERENT_UNIT);
    expect(returnVerdict(unit(FOREIGN, { recalled: true }), context({ ...everything, unitId: FOREIGN, gtin: OTHER_GTIN })).verdict).toBe(ReturnVerdictCode.NOT_SOLD_ON_THIS_ORDER);
  });

  it("answers UNKNOWN_UNIT before DIFFERENT_UNIT for an uncommissioned code of a product sold", () => {
    expect(returnVerdict(unit(SWAPPED, { commissioned: false }), context({ unitId: SWAPPED })).verdict).toBe(ReturnVerdictCode.UNKNOWN_UNIT);
  });

  it("checks a unit sold on this order in order: ALREADY_RETURNED, OUTSIDE_RETURN_WINDOW, RECALLED", () => {
    const recalled = unit(SOLD, { recalled: true });
    expect(returnVerdict(recalled, context({ returnedBefore: true, now: late })).verdict).toBe(ReturnVerdictCode.ALREADY_RETURNED);
    expect(returnVerdict(recalled, context({ now: late })).verdict).toBe(ReturnVerdictCode.OUTSIDE_RETURN_WINDOW);
    expect(returnVerdict(recalled, context()).verdict).toBe(ReturnVerdictCode.RECALLED);
  });

  it("does not ask units whether a unit sold on this order was commissioned", () => {
    expect(returnVerdict(unit(SOLD, { commissioned: false }), context()).verdict).toBe(ReturnVerdictCode.VERIFIED);
  });
});

describe("what becomes of a received return", () => {
  it("takes back VERIFIED and RECALLED items only", () => {
    expect([...ACCEPTED_VERDICTS].sort()).toEqual([ReturnVerdictCode.RECALLED, ReturnVerdictCode.VERIFIED]);
  });

  it("refuses to restock a recalled unit", () => {
    expect(decisionRefusal(ReturnVerdictCode.RECALLED, ReturnDecision.RESTOCK)).toBe("a recalled unit cannot be restocked: quarantine or destroy it");
  });

  it("lets a recalled unit be quarantined or destroyed", () => {
    expect(decisionRefusal(ReturnVerdictCode.RECALLED, ReturnDecision.QUARANTINE)).toBeNull();
    expect(decisionRefusal(ReturnVerdictCode.RECALLED, ReturnDecision.DESTROY)).toBeNull();
  });

  it.each(Object.values(ReturnDecision))("lets a verified unit be %s", (decision) => {
    expect(decisionRefusal(ReturnVerdictCode.VERIFIED, decision)).toBeNull();
  });

  it("leaves the return RESTOCKED, QUARANTINED or DESTROYED", () => {
    expect(STATUS_AFTER).toEqual({
      [ReturnDecision.RESTOCK]: ReturnStatus.RESTOCKED,
      [ReturnDecision.QUARANTINE]: ReturnStatus.QUARANTINED,
      [ReturnDecision.DESTROY]: ReturnStatus.DESTROYED,
    });
  });
});
