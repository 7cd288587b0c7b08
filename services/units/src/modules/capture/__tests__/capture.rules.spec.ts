import { DEFAULT_FUTURE_TOLERANCE_SECONDS, describeDuration, eventTimeProblem } from "../capture.rules";

const NOW = Date.parse("2026-11-30T12:00:00.000Z");

describe("event times capture accepts", () => {
  it("accepts the past, now, and up to the clock skew ahead", () => {
    expect(eventTimeProblem("2005-04-03T20:33:31.116Z", NOW, 300)).toBeNull();
    expect(eventTimeProblem("1970-01-01T00:00:00.000Z", NOW, 300)).toBeNull();
    expect(eventTimeProblem(new Date(NOW), NOW, 300)).toBeNull();
    expect(eventTimeProblem(new Date(NOW + 300_000), NOW, 300)).toBeNull();
  });

  it("refuses a time beyond the clock skew ahead, saying how far and what the limit is", () => {
    expect(eventTimeProblem(new Date(NOW + 300_001), NOW, 300)).toBe(
      "2026-11-30T12:05:00.001Z is 5 min ahead of the hub's clock; event times may be at most 300 s in the future (clock skew)",
    );
    expect(eventTimeProblem("4000-01-01T00:00:00.000Z", NOW, 300)).toMatch(/^4000-01-01T00:00:00.000Z is 720,655 days ahead of the hub's clock; .* at most 300 s/);
    expect(eventTimeProblem(new Date(NOW + 3_600_000), NOW, 7200)).toBeNull();
    expect(eventTimeProblem(new Date(NOW + 1000), NOW, 0)).toMatch(/1 s ahead/);
  });

  it("exempts error declarations from the future bound only", () => {
    expect(eventTimeProblem("4000-01-01T00:00:00.000Z", NOW, 300, true)).toBeNull();
    expect(eventTimeProblem("0000-01-01T00:00:00.000Z", NOW, 300, true)).not.toBeNull();
  });

  it("refuses year 0, times before 1970 and times that are not real", () => {
    expect(eventTimeProblem("0000-01-01T00:00:00.000Z", NOW, 300)).toBe("0000-01-01T00:00:00.000Z is before 1970-01-01, earlier than any event the hub can record");
    expect(eventTimeProblem("1969-12-31T23:59:59.999Z", NOW, 300)).toMatch(/before 1970-01-01/);
    expect(eventTimeProblem(new Date(Number.NaN), NOW, 300)).toBe("is not a real date and time");
    expect(eventTimeProblem("2026-13-01T00:00:00Z", NOW, 300)).toBe("is not a real date and time");
  });

  it("defaults to 5 minutes of clock skew", () => {
    expect(DEFAULT_FUTURE_TOLERANCE_SECONDS).toBe(300);
  });

  it("describes durations in the unit people read", () => {
    expect([1_000, 119_000, 120_000, 7_199_000, 7_200_000, 172_799_000, 172_800_000].map(describeDuration)).toEqual([
      "1 s",
      "119 s",
      "2 min",
      "120 min",
      "2 h",
      "48 h",
      "2 days",
    ]);
  });
});
