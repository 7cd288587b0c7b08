import { Backoff, isConnectionError } from "../reconnect";

describe("Backoff", () => {
  it("doubles up to the cap, waits at least half of each ceiling, and starts over after reset", () => {
    const low = new Backoff({ initialMs: 100, maxMs: 1_000, random: () => 0 });
    expect(Array.from({ length: 6 }, () => low.next())).toEqual([50, 100, 200, 400, 500, 500]);
    expect(low.attempts).toBe(6);
    low.reset();
    expect(low.attempts).toBe(0);
    expect(low.next()).toBe(50);

    const high = new Backoff({ initialMs: 100, maxMs: 1_000, random: () => 1 });
    expect(Array.from({ length: 6 }, () => high.next())).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it("spreads retries between half and all of the ceiling", () => {
    const values = [0.25, 0.75];
    const jittered = new Backoff({ initialMs: 1_000, maxMs: 1_000, random: () => values.shift()! });
    expect([jittered.next(), jittered.next()]).toEqual([625, 875]);
  });

  it("stays capped after very many attempts", () => {
    const b = new Backoff({ initialMs: 100, maxMs: 5_000, random: () => 1 });
    for (let i = 0; i < 2_000; i++) b.next();
    expect(b.next()).toBe(5_000);
  });

  it("refuses settings that cannot work", () => {
    expect(() => new Backoff({ initialMs: 0 })).toThrow(/initialMs/);
    expect(() => new Backoff({ initialMs: 500, maxMs: 100 })).toThrow(/maxMs/);
  });
});

describe("isConnectionError", () => {
  const pgError = (code: string, message = "x") => Object.assign(new Error(message), { code });

  it("recognizes a dropped, refused or unreachable connection, also inside TypeORM's QueryFailedError", () => {
    expect(isConnectionError(pgError("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isConnectionError(pgError("08006"))).toBe(true);
    expect(isConnectionError(pgError("53300"))).toBe(true);
    expect(isConnectionError(pgError("ECONNREFUSED"))).toBe(true);
    expect(isConnectionError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionError(Object.assign(new Error("Query runner already released. Cannot run queries anymore."), { name: "QueryRunnerAlreadyReleasedError" }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error("query failed"), { name: "QueryFailedError", driverError: pgError("57P01") }))).toBe(true);
  });

  it("does not retry a statement that failed on its own", () => {
    expect(isConnectionError(pgError("42P01", 'relation "units.nope" does not exist'))).toBe(false);
    expect(isConnectionError(pgError("23505"))).toBe(false);
    expect(isConnectionError(Object.assign(new Error("query failed"), { driverError: pgError("22P02") }))).toBe(false);
    expect(isConnectionError("Connection terminated")).toBe(false);
    expect(isConnectionError(null)).toBe(false);
  });
});
