import { closedRefusal, openSeconds } from "../quarantine.rules";

describe("quarantine rules", () => {
  it("counts the time open until it closes, or until now", () => {
    const opened = new Date("2026-01-01T00:00:00Z");
    expect(openSeconds(opened, null, new Date("2026-01-01T01:00:00.900Z"))).toBe(3600);
    expect(openSeconds(opened, new Date("2026-01-01T00:00:30Z"), new Date("2026-02-01T00:00:00Z"))).toBe(30);
    expect(openSeconds(opened, null, new Date("2025-12-31T00:00:00Z"))).toBe(0);
  });

  it("notes and closes only an open quarantine", () => {
    expect(closedRefusal("OPEN")).toBeNull();
    expect(closedRefusal("CLOSED")).toContain("closed already");
  });
});
