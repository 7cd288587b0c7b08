import { nextRun, readSchedule } from "../epcisquery.rules";

const read = (spec: Record<string, unknown>) => {
  const r = readSchedule(spec);
  if ("problem" in r) throw new Error(`${r.field} ${r.problem}`);
  return r.schedule;
};
const at = (iso: string) => new Date(iso);

describe("query subscription schedules", () => {
  it("runs { hour: 1, minute: 5 } at 01:05:00 every day", () => {
    const s = read({ hour: "1", minute: "5" });
    expect(nextRun(s, at("2026-11-30T00:00:00Z"))).toEqual(at("2026-11-30T01:05:00Z"));
    expect(nextRun(s, at("2026-11-30T01:05:00Z"))).toEqual(at("2026-12-01T01:05:00Z"));
  });

  it("takes lists and ranges, and days of the week from Monday (1) to Sunday (7)", () => {
    const everyQuarter = read({ minute: "0,15,30,45" });
    expect(nextRun(everyQuarter, at("2026-11-30T10:16:00Z"))).toEqual(at("2026-11-30T10:30:00Z"));
    const weekdays = read({ dayOfWeek: "[1-5]", hour: "9" });
    // 2026-11-28 is a Saturday: the next run is Monday 2026-11-30 at 09:00:00.
    expect(nextRun(weekdays, at("2026-11-28T12:00:00Z"))).toEqual(at("2026-11-30T09:00:00Z"));
    const seconds = read({ second: "[10-12]" });
    expect(nextRun(seconds, at("2026-11-30T10:00:11Z"))).toEqual(at("2026-11-30T10:00:12Z"));
    expect(nextRun(seconds, at("2026-11-30T10:00:12Z"))).toEqual(at("2026-11-30T10:01:10Z"));
    const leap = read({ month: "2", dayOfMonth: "29" });
    expect(nextRun(leap, at("2026-03-01T00:00:00Z"))).toEqual(at("2028-02-29T00:00:00Z"));
    expect(nextRun(read({ month: "2", dayOfMonth: "31" }), at("2026-01-01T00:00:00Z"))).toBeNull();
  });

  it("refuses what it cannot read, naming the field", () => {
    for (const [spec, field] of [
      [{}, "schedule"],
      [{ hour: "24" }, "hour"],
      [{ minute: "[30-10]" }, "minute"],
      [{ minute: "*" }, "minute"],
      [{ dayOfWeek: "0" }, "dayOfWeek"],
      [{ dayOfMonth: "0" }, "dayOfMonth"],
      [{ minute: 5 }, "minute"],
      [{ fortnight: "1" }, "fortnight"],
    ] as const) {
      expect(readSchedule(spec as Record<string, unknown>)).toMatchObject({ field });
    }
  });
});
