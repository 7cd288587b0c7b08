import { Backoff, ConnectionState, isConnectionError, retryOnConnectionLoss } from "../reconnect";

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

describe("retryOnConnectionLoss", () => {
  const dropped = () => Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });

  it("runs a read again when its connection was dropped, and returns what the next attempt read", async () => {
    let calls = 0;
    const read = jest.fn(async () => {
      calls += 1;
      if (calls === 1) throw dropped();
      return ["row"];
    });
    await expect(retryOnConnectionLoss(read)).resolves.toEqual(["row"]);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it("gives up after the attempts and rethrows the last error", async () => {
    const read = jest.fn(async () => {
      throw dropped();
    });
    await expect(retryOnConnectionLoss(read, 3)).rejects.toMatchObject({ code: "57P01" });
    expect(read).toHaveBeenCalledTimes(3);
  });

  it("does not retry a statement that failed on its own", async () => {
    const read = jest.fn(async () => {
      throw Object.assign(new Error('relation "x" does not exist'), { code: "42P01" });
    });
    await expect(retryOnConnectionLoss(read)).rejects.toMatchObject({ code: "42P01" });
    expect(read).toHaveBeenCalledTimes(1);
  });
});

describe("ConnectionState", () => {
  it("logs one line when the connection is lost and one when it is back, however many attempts fail between", () => {
    const lines: string[] = [];
    const state = new ConnectionState("[svc] thing", { initialMs: 100, maxMs: 400 }, (l) => lines.push(l));
    state.succeeded();
    expect(lines).toEqual([]);
    const delays = Array.from({ length: 5 }, () => state.failed(new Error("Connection terminated unexpectedly"), "at position 7"));
    expect(state.isDown).toBe(true);
    expect(delays.every((d, i) => d >= [50, 100, 200, 200, 200][i]! && d <= [100, 200, 400, 400, 400][i]!)).toBe(true);
    state.succeeded("resuming after position 7");
    state.succeeded("resuming after position 9");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[svc\] thing lost its database connection at position 7 \(Connection terminated unexpectedly\); reconnecting with backoff from 0\.1 s up to 0\.4 s$/);
    expect(lines[1]).toMatch(/^\[svc\] thing back after \d+\.\d s \(5 failed attempt\(s\)\); resuming after position 7$/);
    expect(state.isDown).toBe(false);
    expect(state.backoff.attempts).toBe(0);
  });
});
