import { type WarrantyFacts, WarrantyStatus, warrantyEnd, warrantyOf } from "../warranty.rules";

const at = (iso: string) => new Date(iso);

describe("the end of a warranty", () => {
  it("is the same day and time of day, months later", () => {
    expect(warrantyEnd(at("2024-03-15T10:20:30.456Z"), 1)).toEqual(at("2024-04-15T10:20:30.456Z"));
    expect(warrantyEnd(at("2024-03-15T10:20:30.456Z"), 12)).toEqual(at("2025-03-15T10:20:30.456Z"));
    expect(warrantyEnd(at("2024-03-15T10:20:30.456Z"), 24)).toEqual(at("2026-03-15T10:20:30.456Z"));
  });

  it("is the last day of a shorter month when the day does not exist, keeping the time of day", () => {
    expect(warrantyEnd(at("2024-01-31T15:30:45.123Z"), 1)).toEqual(at("2024-02-29T15:30:45.123Z"));
    expect(warrantyEnd(at("2023-01-31T08:00:00.000Z"), 1)).toEqual(at("2023-02-28T08:00:00.000Z"));
    expect(warrantyEnd(at("2024-03-31T23:59:59.999Z"), 1)).toEqual(at("2024-04-30T23:59:59.999Z"));
    expect(warrantyEnd(at("2024-08-31T00:00:00.000Z"), 1)).toEqual(at("2024-09-30T00:00:00.000Z"));
  });

  it("crosses years, clamping in the month it lands in", () => {
    expect(warrantyEnd(at("2024-11-30T12:00:00.000Z"), 3)).toEqual(at("2025-02-28T12:00:00.000Z"));
    expect(warrantyEnd(at("2023-12-31T06:00:00.000Z"), 2)).toEqual(at("2024-02-29T06:00:00.000Z"));
    expect(warrantyEnd(at("2024-12-15T06:00:00.000Z"), 1)).toEqual(at("2025-01-15T06:00:00.000Z"));
  });

  it("ends a 12-month warranty begun on a leap day on 28 February", () => {
    expect(warrantyEnd(at("2024-02-29T10:00:00.000Z"), 12)).toEqual(at("2025-02-28T10:00:00.000Z"));
    expect(warrantyEnd(at("2024-02-29T10:00:00.000Z"), 48)).toEqual(at("2028-02-29T10:00:00.000Z"));
  });

  it("does not clamp a day every month has", () => {
    expect(warrantyEnd(at("2024-01-28T00:00:00.000Z"), 1)).toEqual(at("2024-02-28T00:00:00.000Z"));
    expect(warrantyEnd(at("2024-01-30T00:00:00.000Z"), 2)).toEqual(at("2024-03-30T00:00:00.000Z"));
  });

  it("is the start itself for 0 months", () => {
    expect(warrantyEnd(at("2024-01-31T15:30:00.000Z"), 0)).toEqual(at("2024-01-31T15:30:00.000Z"));
  });

  it("does not change the start", () => {
    const start = at("2024-01-31T15:30:00.000Z");
    warrantyEnd(start, 1);
    expect(start).toEqual(at("2024-01-31T15:30:00.000Z"));
  });
});

describe("a unit's warranty", () => {
  const DELIVERED = at("2024-01-31T15:30:00.000Z");
  const END = at("2024-02-29T15:30:00.000Z");
  /** Sold, delivered on 31 January 2024 at 15:30, one month of warranty, asked on 10 February. */
  const facts = (over: Partial<WarrantyFacts> = {}): WarrantyFacts => ({
    deliveredAt: DELIVERED,
    returned: false,
    months: 1,
    now: at("2024-02-10T00:00:00.000Z"),
    ...over,
  });

  it("is COVERED from delivery until just before its end", () => {
    expect(warrantyOf(facts())).toEqual({ status: WarrantyStatus.COVERED, startsAt: DELIVERED, endsAt: END });
    expect(warrantyOf(facts({ now: DELIVERED })).status).toBe(WarrantyStatus.COVERED);
    expect(warrantyOf(facts({ now: new Date(END.getTime() - 1) })).status).toBe(WarrantyStatus.COVERED);
  });

  it("is EXPIRED at its end and after", () => {
    expect(warrantyOf(facts({ now: END }))).toEqual({ status: WarrantyStatus.EXPIRED, startsAt: DELIVERED, endsAt: END });
    expect(warrantyOf(facts({ now: at("2030-01-01T00:00:00.000Z") })).status).toBe(WarrantyStatus.EXPIRED);
  });

  it("is NOT_STARTED for a unit sold but not delivered", () => {
    expect(warrantyOf(facts({ deliveredAt: null }))).toEqual({ status: WarrantyStatus.NOT_STARTED, startsAt: null, endsAt: null });
  });

  it("is NO_POLICY when the seller has none for the product, with the delivery as start if any", () => {
    expect(warrantyOf(facts({ months: null }))).toEqual({ status: WarrantyStatus.NO_POLICY, startsAt: DELIVERED, endsAt: null });
    expect(warrantyOf(facts({ months: null, deliveredAt: null }))).toEqual({ status: WarrantyStatus.NO_POLICY, startsAt: null, endsAt: null });
  });

  it("is RETURNED, void, when the unit came back", () => {
    expect(warrantyOf(facts({ returned: true }))).toEqual({ status: WarrantyStatus.RETURNED, startsAt: DELIVERED, endsAt: null });
  });

  it("decides in order: returned, policy, delivered", () => {
    expect(warrantyOf(facts({ returned: true, months: null, deliveredAt: null })).status).toBe(WarrantyStatus.RETURNED);
    expect(warrantyOf(facts({ months: null, deliveredAt: null })).status).toBe(WarrantyStatus.NO_POLICY);
    expect(warrantyOf(facts({ deliveredAt: null, now: at("2030-01-01T00:00:00.000Z") })).status).toBe(WarrantyStatus.NOT_STARTED);
  });

  it("runs a 12-month policy a calendar year from delivery", () => {
    const year = facts({ months: 12, deliveredAt: at("2024-02-29T10:00:00.000Z"), now: at("2025-02-28T09:59:59.999Z") });
    expect(warrantyOf(year)).toEqual({ status: WarrantyStatus.COVERED, startsAt: at("2024-02-29T10:00:00.000Z"), endsAt: at("2025-02-28T10:00:00.000Z") });
    expect(warrantyOf({ ...year, now: at("2025-02-28T10:00:00.000Z") }).status).toBe(WarrantyStatus.EXPIRED);
  });

  it("produces every status", () => {
    const statuses = [
      warrantyOf(facts()),
      warrantyOf(facts({ now: END })),
      warrantyOf(facts({ deliveredAt: null })),
      warrantyOf(facts({ months: null })),
      warrantyOf(facts({ returned: true })),
    ].map((w) => w.status);
    expect(statuses.sort()).toEqual(Object.values(WarrantyStatus).sort());
  });
});
