import { Writable } from "node:stream";
import { setLogDestination } from "@tracehub/subgraph-kit/log";
import { databaseName } from "@tracehub/db";
import { type LiveSubscription, type TestHub, adminDatabaseUrl, startHub, subscribe } from "@tracehub/testkit";
import { Client } from "pg";

const GTIN = "09506000134352";
const DOCK = "https://id.gs1.org/414/9506000134369";
const MOVEMENTS = `subscription($filter: MovementFilter, $after: String) { unitMovements(filter: $filter, after: $after) { cursor eventId units { id } } }`;

type Msg = { unitMovements: { cursor: string; eventId: string; units: { id: string }[] } };

/**
 * Defect 3 of issue 18: PostgreSQL closing the units process's connections used to leave the movement tailer
 * with a released QueryRunner ("Query runner already released" every second) and its subscribers with nothing.
 */
describe("unitMovements survives PostgreSQL dropping the units connections", () => {
  let hub: TestHub;
  let operator: string;
  let units: string[];
  let admin: Client;
  const open: LiveSubscription<unknown>[] = [];
  let logged: string[] = [];
  let spies: jest.SpyInstance[] = [];

  const ids = (msgs: Msg[]) => msgs.map((m) => m.unitMovements.eventId);

  /** `sub.take(n)`, failing with a message instead of hanging when the stream never recovers. */
  function take(sub: LiveSubscription<Msg>, n: number): Promise<Msg[]> {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the subscription had ${sub.received.length} of ${n} events 20 s after the connections were dropped`)), 20_000);
    });
    return Promise.race([sub.take(n), stalled]).finally(() => clearTimeout(timer));
  }

  async function cursorNow(): Promise<string> {
    const res = await hub.query<{ movementCursor: string }>(`{ movementCursor }`, {}, operator);
    expect(res.errors).toBeUndefined();
    return res.data!.movementCursor;
  }

  let scans = 0;
  async function move(code: string): Promise<string> {
    const res = await hub.query<{ recordMovement: { eventId: string } }>(
      `mutation($input: RecordMovementInput!) { recordMovement(input: $input) { eventId } }`,
      { input: { codes: [code], bizStep: "inspecting", readPoint: DOCK, bizLocation: `urn:epc:id:sgln:9506000.13436.${++scans}` } },
      operator,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.recordMovement.eventId;
  }

  /** Terminates every server process of the hub's database and returns once none of them is left. */
  async function dropHubConnections(): Promise<number> {
    const db = databaseName(hub.databaseUrl);
    // (In the select list, not the WHERE clause: the planner may evaluate a WHERE function before the filters.)
    const { rows } = await admin.query<{ pid: number }>(`SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [db]);
    const pids = rows.map((r) => r.pid);
    // pg_terminate_backend only signals; wait until the backends are gone so the drop has happened.
    for (;;) {
      const left = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1)`, [pids]);
      if (left.rowCount === 0) return pids.length;
    }
  }

  beforeAll(async () => {
    hub = await startHub();
    operator = await hub.token();
    await hub.seed.product(GTIN, "A");
    units = (await hub.seed.units({ gtin: GTIN, count: 10, serialType: "SEQUENTIAL" })).unitIds;
    admin = new Client({ connectionString: adminDatabaseUrl() });
    await admin.connect();
  });
  let logWaiters: { pattern: RegExp; resolve: () => void }[] = [];
  /** Resolves when a line matching `pattern` has been logged (now or before). */
  function logLine(pattern: RegExp): Promise<void> {
    if (logged.some((l) => pattern.test(l))) return Promise.resolve();
    return new Promise((resolve) => logWaiters.push({ pattern, resolve }));
  }

  beforeEach(() => {
    logged = [];
    logWaiters = [];
    const keep = (...args: unknown[]) => {
      const line = args.map(String).join(" ");
      logged.push(line);
      logWaiters = logWaiters.filter((w) => !(w.pattern.test(line) && (w.resolve(), true)));
    };
    // Background lines are pino JSON (service, msg); anything else printed (a library's console) is kept too.
    setLogDestination(
      new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split("\n").filter(Boolean)) {
            const entry = JSON.parse(line) as { service: string; msg: string };
            keep(`[${entry.service}] ${entry.msg}`);
          }
          done();
        },
      }),
    );
    spies = (["log", "warn", "error"] as const).map((level) => jest.spyOn(console, level).mockImplementation(keep));
  });
  afterEach(async () => {
    setLogDestination(null);
    for (const spy of spies) spy.mockRestore();
    await Promise.all(open.splice(0).map((s) => s.dispose()));
  });
  afterAll(async () => {
    await admin?.query(`ALTER DATABASE "${databaseName(hub.databaseUrl)}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin?.end();
    await hub?.stop();
  });

  it("keeps the subscription and delivers every event exactly once, in order, after the connections are dropped", async () => {
    const sub = subscribe<Msg>(hub.wsUrl, MOVEMENTS, { filter: { gtin: GTIN }, after: await cursorNow() }, { token: operator });
    open.push(sub as LiveSubscription<unknown>);
    const before = [await move(units[0]!), await move(units[1]!)];
    expect(ids(await sub.take(2))).toEqual(before);

    // The tailer's runner, its LISTEN connection and every pooled connection of all four subgraphs.
    expect(await dropHubConnections()).toBeGreaterThanOrEqual(2);

    const after = [await move(units[2]!), await move(units[3]!), await move(units[4]!)];
    const got = await take(sub, 5);
    expect(ids(got)).toEqual([...before, ...after]);
    const cursors = got.map((m) => BigInt(m.unitMovements.cursor));
    expect(cursors.every((c, i) => i === 0 || c === cursors[i - 1]! + 1n)).toBe(true);

    // A second drop: the reconnected connections recover again.
    await dropHubConnections();
    const more = [await move(units[5]!), await move(units[6]!)];
    const all = await take(sub, 7);
    expect(ids(all)).toEqual([...before, ...after, ...more]);
    expect(new Set(ids(all)).size).toBe(7);
    expect(sub.resultErrors).toEqual([]);

    // One log line per state change of each stream connection (lost, back; twice), not one per poll.
    const streamLines = logged.filter((l) => /movement stream/.test(l));
    expect(streamLines.filter((l) => /already released/i.test(l))).toEqual([]);
    expect(streamLines.length).toBeLessThanOrEqual(8);
    expect(streamLines.filter((l) => /tailer lost/.test(l)).length).toBeGreaterThanOrEqual(1);
    expect(streamLines.filter((l) => /tailer back/.test(l)).length).toBeGreaterThanOrEqual(1);
  });

  it("retries with backoff while the database refuses connections, logs each change once, and then delivers what was captured after", async () => {
    const db = databaseName(hub.databaseUrl);
    const sub = subscribe<Msg>(hub.wsUrl, MOVEMENTS, { filter: { gtin: GTIN }, after: await cursorNow() }, { token: operator });
    open.push(sub as LiveSubscription<unknown>);
    const first = await move(units[8]!);
    expect(ids(await sub.take(1))).toEqual([first]);

    await admin.query(`ALTER DATABASE "${db}" ALLOW_CONNECTIONS false`);
    try {
      await dropHubConnections();
      await Promise.all([logLine(/tailer lost/), logLine(/notification listener lost/)]);
      // The outage lasts several idle polls (1 s) and reconnection attempts; none of them may add a log line.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
    } finally {
      await admin.query(`ALTER DATABASE "${db}" ALLOW_CONNECTIONS true`);
    }
    const second = await move(units[9]!);
    const third = await move(units[8]!);
    const got = await take(sub, 3);
    expect(ids(got)).toEqual([first, second, third]);
    expect(sub.resultErrors).toEqual([]);
    await Promise.all([logLine(/tailer back/), logLine(/notification listener back/)]);

    const streamLines = logged.filter((l) => /movement stream/.test(l));
    expect(streamLines.filter((l) => /tailer lost/.test(l))).toHaveLength(1);
    expect(streamLines.filter((l) => /notification listener lost/.test(l))).toHaveLength(1);
    expect(streamLines).toHaveLength(4);
  });
});
