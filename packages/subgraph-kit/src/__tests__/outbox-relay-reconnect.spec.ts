import { Writable } from "node:stream";
import { setLogDestination } from "../log";
import { type OutboxSource, OutboxRelay } from "../outbox-relay";

describe("OutboxRelay while its database is unreachable", () => {
  /** The log lines (pino JSON) as "[service] message", the way they read. */
  let lines: string[];

  beforeEach(() => {
    jest.useFakeTimers();
    lines = [];
    setLogDestination(
      new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split("\n").filter(Boolean)) {
            const entry = JSON.parse(line) as { service: string; msg: string; level: string };
            if (entry.level === "warn" || entry.level === "error") lines.push(`[${entry.service}] ${entry.msg}`);
          }
          done();
        },
      }),
    );
  });
  afterEach(() => {
    setLogDestination(null);
    jest.useRealTimers();
  });

  it("backs off instead of polling, logs one line when the database is lost and one when it is back", async () => {
    let reachable = false;
    let polls = 0;
    const source: OutboxSource = {
      hasDeliverable: async () => {
        polls += 1;
        if (!reachable) throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
        return false;
      },
      withDeliverable: async () => {
        throw new Error("not reached: nothing is deliverable");
      },
    };
    const relay = new OutboxRelay({ name: "svc", source, destinations: {}, principalKey: "k".repeat(32), pollMs: 10, reconnect: { initialMs: 100, maxMs: 1_000 } });
    relay.start();
    await jest.advanceTimersByTimeAsync(10_000);
    // Polling every 10 ms would be 1,000 attempts; the backoff (at least 50, 100, 200, 400, then 500 ms) allows at most 24.
    expect(polls).toBeGreaterThan(3);
    expect(polls).toBeLessThanOrEqual(24);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[svc\] outbox relay lost its database connection \(connect ECONNREFUSED 127\.0\.0\.1:5432\); reconnecting with backoff/);

    reachable = true;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\[svc\] outbox relay back after \d+\.\d s \(\d+ failed attempt\(s\)\)$/);
    const before = polls;
    await jest.advanceTimersByTimeAsync(100);
    expect(polls - before).toBeGreaterThanOrEqual(5); // the normal poll again
    await relay.stop();
    expect(lines).toHaveLength(2);
  });
});
