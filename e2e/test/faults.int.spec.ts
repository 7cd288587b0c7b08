/**
 * The fault suite (issue 18): the hub as separate processes (the compiled `dist/main.js` of each service and of
 * the gateway, started by `scripts/lib.js` as `npm start` does) on a throwaway database, under live subscribers,
 * while we drop its PostgreSQL connections, kill and restart a subgraph, restart the gateway and freeze a
 * subgraph. Each case asserts that nothing is lost or delivered twice and that the hub recovers within a
 * generous bound; the measured times are printed at the end.
 *
 * Needs a build (`npm test` builds first; alone: `npx turbo run build && npx jest e2e/test/faults`).
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { signAccessToken } from "@tracehub/auth";
import { dropDatabase, ensureDatabase, withDatabase } from "@tracehub/db";
import { type GraphQLResponse, type LiveSubscription, Seeder, adminDatabaseUrl, freePortRange, postGraphQL, processIsAlive, subscribe } from "@tracehub/testkit";
import { Client } from "pg";

const ROOT = path.resolve(__dirname, "..", "..");
type ProcessName = "units" | "orders" | "suppliers" | "compliance" | "gateway";

interface SpawnedHub {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  child(name: ProcessName): ChildProcess;
  restart(name: ProcessName): Promise<ChildProcess>;
  stop(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require(path.join(ROOT, "scripts", "lib.js")) as {
  spawnHub(options: {
    databaseUrl: string;
    gatewayPort: number;
    basePort: number;
    env: Record<string, string>;
    onExit(name: ProcessName, code: number | string | null): void;
    onLine(name: ProcessName, line: string): void;
  }): Promise<SpawnedHub>;
};

/** A recovery must happen within this; the measured times are far below (see the summary the suite prints). */
const RECOVERY_BOUND_MS = 15_000;
const SUBGRAPH_TIMEOUT_MS = 2_000;
const BREAKER_COOLDOWN_MS = 1_000;
const GTIN = "09506000134352";
const DOCK = "https://id.gs1.org/414/9506000134369";
const DB_PREFIX = "tracehub_fault_";

const MOVEMENTS = `subscription($after: String) { unitMovements(filter: { gtin: "${GTIN}" }, after: $after) { cursor eventId units { id } } }`;
// Every event also through the entity fetches into orders (and its database) on each delivery.
const MOVEMENTS_WITH_ORDERS = `subscription($after: String) { unitMovements(after: $after) { cursor eventId units { id order { id } } } }`;
const TOUCHES_ALL = `query($code: String!) { unit(code: $code) { id status product { name brandOwner { name } } order { id } recalls { id } } }`;

type Msg = { unitMovements: { cursor: string; eventId: string } };

function exited(child: ChildProcess): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode ?? child.exitCode);
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("fault suite: the hub as separate processes", () => {
  const admin = adminDatabaseUrl();
  const dbName = `${DB_PREFIX}${process.pid}_${randomBytes(3).toString("hex")}`;
  const databaseUrl = withDatabase(admin, dbName);
  const secrets = { jwt: randomBytes(24).toString("hex"), principalKey: randomBytes(24).toString("hex") };
  let hub: SpawnedHub | undefined;
  let adminClient: Client | undefined;
  let operator: string;
  let units: string[];
  const expectedExits = new Set<ProcessName>();
  const unexpectedExits: string[] = [];
  const output: string[] = [];
  const timings: Record<string, number> = {};
  const open: LiveSubscription<unknown>[] = [];
  /** Ends a scenario's capture loop (also when the scenario fails half-way). */
  let stopCapturing = () => undefined as unknown;
  /** Every event id the subscribers must receive, in capture (= commit) order. */
  const captured: string[] = [];
  let captures = 0;
  const eventTimeBase = Date.now();

  const url = () => hub!.gatewayUrl;
  const query = <T = Record<string, any>>(q: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> => postGraphQL<T>(url(), q, variables, operator);

  async function cursorNow(): Promise<string> {
    const res = await query<{ movementCursor: string }>(`{ movementCursor }`);
    if (res.errors) throw new Error(`movementCursor: ${JSON.stringify(res.errors)}`);
    return res.data!.movementCursor;
  }

  /**
   * Captures one scan through the gateway, retrying until it is acknowledged. The scan is the same on every
   * attempt (fixed event time and place), so an attempt that committed but lost its answer makes the retry a
   * duplicate (same CBV hash, same event id): it must not reach the stream twice.
   */
  async function capture(deadlineMs = RECOVERY_BOUND_MS): Promise<{ eventId: string; attempts: number }> {
    const n = ++captures;
    const input = {
      codes: [units[n % units.length]!],
      bizStep: "inspecting",
      readPoint: DOCK,
      bizLocation: `urn:epc:id:sgln:9506000.13436.${n}`,
      eventTime: new Date(eventTimeBase + n).toISOString(),
    };
    const deadline = Date.now() + deadlineMs;
    for (let attempts = 1; ; attempts++) {
      let failure: unknown;
      try {
        const res = await query<{ recordMovement: { eventId: string } }>(`mutation($input: RecordMovementInput!) { recordMovement(input: $input) { eventId } }`, { input });
        if (!res.errors && res.data) {
          captured.push(res.data.recordMovement.eventId);
          return { eventId: res.data.recordMovement.eventId, attempts };
        }
        failure = res.errors;
      } catch (error) {
        failure = error;
      }
      if (Date.now() > deadline) throw new Error(`capture ${n} not acknowledged within ${deadlineMs} ms: ${JSON.stringify(failure)}`);
      await pause(50); // a client's retry delay
    }
  }

  function live(variables: Record<string, unknown>, document = MOVEMENTS): LiveSubscription<Msg> {
    const sub = subscribe<Msg>(url(), document, variables, { token: operator });
    open.push(sub as LiveSubscription<unknown>);
    return sub;
  }

  /** Waits until `sub` has received `n` messages, failing with what it has after `ms`. */
  async function received(sub: LiveSubscription<Msg>, n: number, ms = RECOVERY_BOUND_MS): Promise<Msg[]> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${sub.received.length} of ${n} events after ${ms} ms`)), ms);
    });
    return Promise.race([sub.take(n), late]).finally(() => clearTimeout(timer));
  }

  const ids = (msgs: Msg[]) => msgs.map((m) => m.unitMovements.eventId);
  const lastCursor = (sub: LiveSubscription<Msg>) => sub.received.at(-1)!.unitMovements.cursor;

  /** Terminates every server process of the hub's database (each service's pool, the tailer, the listener). */
  async function dropConnections(): Promise<number> {
    // pg_terminate_backend in the select list: in a WHERE clause the planner may call it before the filters.
    const { rows } = await adminClient!.query<{ pid: number }>(`SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
    const pids = rows.map((r) => r.pid);
    for (;;) {
      const left = await adminClient!.query(`SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1)`, [pids]);
      if (left.rowCount === 0) return pids.length;
    }
  }

  /** Runs a scenario; on failure the error carries the hub's last output lines. */
  function scenario(name: string, fn: () => Promise<void>, timeoutMs: number) {
    it(
      name,
      async () => {
        const from = output.length;
        try {
          await fn();
          expect(unexpectedExits).toEqual([]);
        } catch (error) {
          const tail = output.slice(Math.max(from, output.length - 60)).join("\n");
          if (error instanceof Error) error.message += `\n--- hub output during this case (last 60 lines) ---\n${tail}`;
          throw error;
        } finally {
          stopCapturing();
          await Promise.all(open.splice(0).map((s) => s.dispose().catch(() => undefined)));
        }
      },
      timeoutMs,
    );
  }

  beforeAll(async () => {
    for (const name of ["units", "orders", "suppliers", "compliance"]) {
      if (!existsSync(path.join(ROOT, "services", name, "dist", "main.js"))) throw new Error(`services/${name}/dist is missing: run \`npx turbo run build\` first (npm test does).`);
    }
    adminClient = new Client({ connectionString: admin });
    await adminClient.connect();
    // Databases of earlier runs whose process is gone (a run killed before its afterAll).
    const stale = await adminClient.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE '${DB_PREFIX}%'`);
    for (const { datname } of stale.rows) {
      const pid = Number(/^tracehub_fault_(\d+)_/.exec(datname)?.[1]);
      if (pid && !processIsAlive(pid)) await dropDatabase(admin, datname);
    }
    await ensureDatabase(admin, dbName);
    const bootAt = Date.now();
    // Each subgraph process migrates its own schema at start-up.
    const base = await freePortRange(5);
    hub = await lib.spawnHub({
      databaseUrl,
      gatewayPort: base,
      basePort: base + 1,
      env: {
        JWT_SECRET: secrets.jwt,
        PRINCIPAL_SIGNING_KEY: secrets.principalKey,
        SUBGRAPH_TIMEOUT_MS: String(SUBGRAPH_TIMEOUT_MS),
        SUBGRAPH_BREAKER_FAILURES: "2",
        SUBGRAPH_BREAKER_COOLDOWN_MS: String(BREAKER_COOLDOWN_MS),
        SHUTDOWN_GRACE_MS: "3000",
        // A recall of 3,000 units is marked in six transactions: a crash can fall between two of them.
        RECALL_MARKING_BATCH_SIZE: "500",
        RATE_LIMIT_ADDRESS_PER_SECOND: "0",
        RATE_LIMIT_ANONYMOUS_PER_SECOND: "0",
        RATE_LIMIT_PRINCIPAL_PER_SECOND: "0",
      },
      onExit: (name, code) => {
        if (!expectedExits.has(name)) unexpectedExits.push(`${name} exited on its own (${code})`);
      },
      onLine: (name, line) => {
        output.push(line.startsWith("[") ? line : `[${name}] ${line}`);
        if (output.length > 2_000) output.splice(0, 1_000);
      },
    });
    timings.hubStart = Date.now() - bootAt;
    // If this worker ends without afterAll (a crash), the hub must not outlive it.
    process.once("exit", killHub);
    operator = await signAccessToken({ sub: "fault-suite", roles: ["operator"] }, { secret: secrets.jwt }, "1h");
    const seed = new Seeder(hub.gatewayUrl, operator);
    await seed.product(GTIN, "Fault suite product");
    units = (await seed.units({ gtin: GTIN, count: 8, serialType: "SEQUENTIAL" })).unitIds;
  }, 60_000);

  const killHub = () => {
    for (const name of ["units", "orders", "suppliers", "compliance", "gateway"] as const) hub?.child(name).kill("SIGKILL");
  };

  afterAll(async () => {
    process.off("exit", killHub);
    await Promise.all(open.splice(0).map((s) => s.dispose().catch(() => undefined)));
    if (hub) {
      // A frozen process handles SIGTERM only once it runs again.
      for (const name of ["units", "orders", "suppliers", "compliance", "gateway"] as const) hub.child(name).kill("SIGCONT");
      await hub.stop();
    }
    await adminClient?.end().catch(() => undefined);
    await dropDatabase(admin, dbName);
    if (Object.keys(timings).length) console.log(`[faults] measured (ms): ${JSON.stringify(timings)}`);
  }, 30_000);

  scenario(
    "PostgreSQL drops every service's connections under live subscribers and during captures: all recover, nothing lost or twice",
    async () => {
      const after = await cursorNow();
      const start = captured.length;
      const byGtin = live({ after });
      const withOrders = live({ after }, MOVEMENTS_WITH_ORDERS);
      await capture();
      await capture();
      await Promise.all([received(byGtin, 2), received(withOrders, 2)]);

      // One client captures without pause (sequentially, so acknowledgement order is commit order) while the
      // connections are dropped twice.
      let capturing = true;
      stopCapturing = () => (capturing = false);
      const started: { at: number; done: Promise<{ eventId: string; attempts: number }> }[] = [];
      const loop = (async () => {
        while (capturing) {
          const done = capture();
          started.push({ at: Date.now(), done });
          await done;
        }
      })();
      await received(byGtin, 4);
      /** The first capture the client began after `t` (waits for the loop to begin one). */
      const firstStartedAfter = async (t: number) => {
        for (;;) {
          const found = started.find((c) => c.at > t);
          if (found) return found.done;
          await started.at(-1)!.done;
        }
      };

      const droppedAt = Date.now();
      expect(await dropConnections()).toBeGreaterThanOrEqual(6); // at least the four pools, the tailer and the listener
      const firstAfter = await firstStartedAfter(droppedAt);
      timings.dbDropFirstCaptureAcknowledged = Date.now() - droppedAt;
      const count = captured.indexOf(firstAfter.eventId) - start + 1;
      await Promise.all([received(byGtin, count), received(withOrders, count)]);
      timings.dbDropFirstEventDelivered = Date.now() - droppedAt;
      const cross = await query(TOUCHES_ALL, { code: units[0] });
      expect(cross.errors ?? []).toEqual([]);
      timings.dbDropAllSubgraphsAnswer = Date.now() - droppedAt;
      expect(timings.dbDropFirstEventDelivered).toBeLessThan(RECOVERY_BOUND_MS);
      expect(timings.dbDropAllSubgraphsAnswer).toBeLessThan(RECOVERY_BOUND_MS);

      const secondDropAt = Date.now();
      await dropConnections();
      const afterSecond = await firstStartedAfter(secondDropAt);
      await received(byGtin, captured.indexOf(afterSecond.eventId) - start + 1);
      timings.dbSecondDropFirstEventDelivered = Date.now() - secondDropAt;
      expect(timings.dbSecondDropFirstEventDelivered).toBeLessThan(RECOVERY_BOUND_MS);
      capturing = false;
      await loop;
      timings.dbDropCaptureRetries = (await Promise.all(started.map((c) => c.done))).reduce((n, c) => n + c.attempts - 1, 0);

      const expected = captured.slice(start);
      const [a, b] = await Promise.all([received(byGtin, expected.length), received(withOrders, expected.length)]);
      expect(ids(a)).toEqual(expected);
      expect(ids(b)).toEqual(expected);
      expect(byGtin.resultErrors).toEqual([]);
      expect(withOrders.resultErrors).toEqual([]);
      timings.dbDropEventsCaptured = expected.length;
    },
    30_000,
  );

  scenario(
    "a killed subgraph: queries name it meanwhile and work after its restart; its subscribers are told and resume from their cursor",
    async () => {
      const after = await cursorNow();
      const start = captured.length;
      const sub = live({ after });
      await capture();
      await capture();
      await received(sub, 2);

      expectedExits.add("units");
      const killedAt = Date.now();
      hub!.child("units").kill("SIGKILL");
      expect(await exited(hub!.child("units"))).toBe("SIGKILL");
      await sub.failed;
      timings.unitsKillSubscriberTold = Date.now() - killedAt;

      const down = await query(TOUCHES_ALL, { code: units[0] });
      expect(down.errors?.length).toBeGreaterThan(0);
      expect(down.errors!.some((e) => e.extensions?.serviceName === "units" || /\bunits\b/.test(e.message))).toBe(true);
      expect(down.errors!.map((e) => e.extensions?.code)).not.toContain("INTERNAL_SERVER_ERROR");

      const restartedAt = Date.now();
      await hub!.restart("units");
      expectedExits.delete("units");
      timings.unitsRestartHealthy = Date.now() - restartedAt;
      let up = await query(TOUCHES_ALL, { code: units[0] });
      // The breaker may still hold the calls back for its cool-down after the failures above.
      while (up.errors && Date.now() - restartedAt < RECOVERY_BOUND_MS) {
        await pause(100);
        up = await query(TOUCHES_ALL, { code: units[0] });
      }
      expect(up.errors).toBeUndefined();
      timings.unitsRestartQueriesWork = Date.now() - restartedAt;
      expect(timings.unitsRestartQueriesWork).toBeLessThan(RECOVERY_BOUND_MS);

      // Captured before the subscriber is back: it must get them from its cursor, then live ones.
      await capture();
      await capture();
      const resumed = live({ after: lastCursor(sub) });
      await received(resumed, 2);
      await capture();
      const expected = captured.slice(start);
      const all = [...sub.received, ...(await received(resumed, expected.length - sub.received.length))];
      expect(ids(all)).toEqual(expected);
      expect(resumed.resultErrors).toEqual([]);
    },
    30_000,
  );

  scenario(
    "a restarted gateway: subscribers are closed with 1001, resume from their cursor on the new one, nothing lost",
    async () => {
      const after = await cursorNow();
      const start = captured.length;
      const subs = [live({ after }), live({ after }, MOVEMENTS_WITH_ORDERS)];
      await capture();
      await capture();
      await Promise.all(subs.map((s) => received(s, 2)));

      expectedExits.add("gateway");
      const gateway = hub!.child("gateway");
      const stoppedAt = Date.now();
      gateway.kill("SIGTERM");
      const codes = await Promise.all(subs.map((s) => s.closed.then((c) => c.code)));
      expect(codes).toEqual([1001, 1001]);
      expect(await exited(gateway)).toBe(0);
      timings.gatewayGracefulStop = Date.now() - stoppedAt;

      const restartedAt = Date.now();
      await hub!.restart("gateway");
      expectedExits.delete("gateway");
      timings.gatewayRestartHealthy = Date.now() - restartedAt;
      expect(timings.gatewayRestartHealthy).toBeLessThan(RECOVERY_BOUND_MS);

      await capture();
      await capture();
      const resumed = subs.map((s, i) => live({ after: lastCursor(s) }, i === 0 ? MOVEMENTS : MOVEMENTS_WITH_ORDERS));
      await capture();
      const expected = captured.slice(start);
      for (const [i, s] of subs.entries()) {
        const again = await received(resumed[i]!, expected.length - s.received.length);
        expect(ids([...s.received, ...again])).toEqual(expected);
        expect(resumed[i]!.resultErrors).toEqual([]);
      }
    },
    30_000,
  );

  scenario(
    "a frozen subgraph: queries touching it come back within the fetch timeout naming it, then fail fast, and work again once it runs",
    async () => {
      const suppliers = hub!.child("suppliers");
      const frozenAt = Date.now();
      suppliers.kill("SIGSTOP");
      try {
        const started = Date.now();
        const slow = await query(TOUCHES_ALL, { code: units[1] });
        timings.frozenFirstAnswer = Date.now() - started;
        expect(timings.frozenFirstAnswer).toBeLessThan(SUBGRAPH_TIMEOUT_MS + 3_000);
        // Partial data: units answered, the suppliers field is null with an error naming suppliers.
        expect(slow.data?.unit?.id).toBe(units[1]);
        expect(slow.errors?.some((e) => e.extensions?.code === "SUBGRAPH_TIMEOUT" && e.extensions?.serviceName === "suppliers")).toBe(true);

        // The breaker opens after the configured number of timeouts; from then on calls do not wait.
        let fast = slow;
        for (let i = 0; i < 5 && !fast.errors?.some((e) => e.extensions?.code === "SUBGRAPH_UNAVAILABLE"); i++) {
          fast = await query(TOUCHES_ALL, { code: units[1] });
        }
        const before = Date.now();
        fast = await query(TOUCHES_ALL, { code: units[1] });
        timings.frozenBreakerOpenAnswer = Date.now() - before;
        expect(fast.errors?.some((e) => e.extensions?.code === "SUBGRAPH_UNAVAILABLE" && e.extensions?.serviceName === "suppliers")).toBe(true);
        expect(timings.frozenBreakerOpenAnswer).toBeLessThan(SUBGRAPH_TIMEOUT_MS);
        expect(fast.data?.unit?.id).toBe(units[1]);
      } finally {
        suppliers.kill("SIGCONT");
      }
      const thawedAt = Date.now();
      let ok = await query(TOUCHES_ALL, { code: units[1] });
      while (ok.errors && Date.now() - thawedAt < RECOVERY_BOUND_MS) {
        await pause(100);
        ok = await query(TOUCHES_ALL, { code: units[1] });
      }
      expect(ok.errors).toBeUndefined();
      timings.frozenRecoveredAfterThaw = Date.now() - thawedAt;
      timings.frozenTotal = Date.now() - frozenAt;
      expect(timings.frozenRecoveredAfterThaw).toBeLessThan(RECOVERY_BOUND_MS);
    },
    30_000,
  );

  scenario(
    "a recall issued while units, then compliance, are killed: after their restarts every unit in its scope is marked once, none twice",
    async () => {
      const count = 3_000;
      const lot = "CRASH1";
      const commissioned = await query<{ commissionUnits: { unitIds: string[] } }>(
        `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds } }`,
        { i: { gtin: GTIN, lot, count, serialType: "SEQUENTIAL" } },
      );
      expect(commissioned.errors).toBeUndefined();
      const draft = await query<{ createRecall: { id: string } }>(`mutation($i: CreateRecallInput!) { createRecall(input: $i) { id } }`, {
        i: { gtin: GTIN, lots: [lot], classification: "CLASS_I", reason: "crash test" },
      });
      const recallId = draft.data!.createRecall.id;
      const issued = await query(`mutation($id: ID!) { issueRecall(id: $id) { status } }`, { id: recallId });
      expect(issued.errors).toBeUndefined();

      // Units dies while it is marking (between two of its batches, when the test catches it there) or about to;
      // compliance dies with the message maybe still unsent.
      const RECALLED_SO_FAR = `query($lot: String!) { units(first: 1, filter: { gtin: "${GTIN}", lot: $lot, status: RECALLED }) { totalCount } }`;
      let markedAtKill = 0;
      for (const end = Date.now() + 5_000; markedAtKill === 0 && Date.now() < end; ) {
        markedAtKill = (await query<{ units: { totalCount: number } }>(RECALLED_SO_FAR, { lot })).data?.units.totalCount ?? 0;
        if (markedAtKill === 0) await pause(10);
      }
      timings.recallMarkedAtKill = markedAtKill;
      expectedExits.add("units");
      expectedExits.add("compliance");
      hub!.child("units").kill("SIGKILL");
      await exited(hub!.child("units"));
      hub!.child("compliance").kill("SIGKILL");
      await exited(hub!.child("compliance"));
      const restartedAt = Date.now();
      await hub!.restart("compliance");
      await hub!.restart("units");
      expectedExits.delete("units");
      expectedExits.delete("compliance");

      const RECALLED = `query($lot: String!) { units(first: 1, filter: { gtin: "${GTIN}", lot: $lot, status: RECALLED }) { totalCount } }`;
      let marked = -1;
      while (marked < count && Date.now() - restartedAt < RECOVERY_BOUND_MS * 2) {
        const res = await query<{ units: { totalCount: number } }>(RECALLED, { lot });
        marked = res.data?.units.totalCount ?? -1;
        if (marked < count) await pause(200);
      }
      expect(marked).toBe(count);
      timings.recallAfterCrashMarked = Date.now() - restartedAt;

      // Once each: the recall lists every unit once, and its recording events name each unit once.
      const recall = await query<{ recall: { affectedCount: number; progress: { affected: number } } }>(`query($id: ID!) { recall(id: $id) { affectedCount progress { affected } } }`, {
        id: recallId,
      });
      expect(recall.data?.recall).toEqual({ affectedCount: count, progress: { affected: count } });
      const events = await query<{ events: { totalCount: number; edges: { node: { epcisEvent: { epcList: string[] } } }[] } }>(
        `query($t: String!) { events(first: 100, filter: { bizTransaction: $t }) { totalCount edges { node { epcisEvent } } } }`,
        { t: `urn:tracehub:recall:${recallId}` },
      );
      const named = events.data!.events.edges.flatMap((e) => e.node.epcisEvent.epcList);
      expect(named).toHaveLength(count);
      expect(new Set(named).size).toBe(count);
    },
    60_000,
  );
  scenario(
    "orders shipped while orders, then units, are killed: after their restarts every unit shows its shipment, recorded once",
    async () => {
      const orgs = await query<{ createOrganization: { id: string } }>(`mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
        i: { name: "Fault shop", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] },
      });
      const org = orgs.data!.createOrganization.id;
      const shop = await signAccessToken({ sub: "fault-shop", org, roles: ["fulfilment"] }, { secret: secrets.jwt }, "1h");
      const asShop = <T = Record<string, any>>(q: string, variables: Record<string, unknown> = {}) => postGraphQL<T>(url(), q, variables, shop);
      const lot = "SHIP1";
      const orders = 20;
      const perOrder = 5;
      const made = await query<{ commissionUnits: { unitIds: string[] } }>(`mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds } }`, {
        i: { gtin: GTIN, lot, count: orders * perOrder, serialType: "SEQUENTIAL" },
      });
      const unitIds = made.data!.commissionUnits.unitIds;
      const ids: string[] = [];
      for (let i = 0; i < orders; i++) {
        const created = await asShop<{ createOrder: { id: string; status: string } }>(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { id status } }`, {
          i: { reference: `FAULT-${i}`, customer: { name: `Customer ${i}` }, unitCodes: unitIds.slice(i * perOrder, (i + 1) * perOrder) },
        });
        expect(created.data?.createOrder.status).toBe("ALLOCATED");
        ids.push(created.data!.createOrder.id);
        expect((await asShop(`mutation($o: ID!) { packOrder(orderId: $o) { status } }`, { o: created.data!.createOrder.id })).errors).toBeUndefined();
      }
      // Ship every order; orders dies with messages written and not all delivered, then units dies while recording.
      const shipping = ids.map((o) => asShop(`mutation($o: ID!) { shipOrder(orderId: $o) { status } }`, { o }).catch((e: unknown) => ({ errors: [e] })));
      await pause(30);
      expectedExits.add("orders");
      expectedExits.add("units");
      hub!.child("orders").kill("SIGKILL");
      await exited(hub!.child("orders"));
      hub!.child("units").kill("SIGKILL");
      await exited(hub!.child("units"));
      await Promise.all(shipping);
      const restartedAt = Date.now();
      await hub!.restart("units");
      await hub!.restart("orders");
      expectedExits.delete("orders");
      expectedExits.delete("units");
      // A shipment whose answer was lost is sent again: it committed (ORDER_STATUS) or it did not (it ships now).
      for (const o of ids) {
        for (;;) {
          const res = await asShop<{ shipOrder: { status: string } }>(`mutation($o: ID!) { shipOrder(orderId: $o) { status } }`, { o });
          if (res.data?.shipOrder.status === "SHIPPED" || res.errors?.[0]?.extensions?.reason === "ORDER_STATUS") break;
          if (Date.now() - restartedAt > RECOVERY_BOUND_MS) throw new Error(`order ${o} could not be shipped after the restarts: ${JSON.stringify(res.errors)}`);
          await pause(100);
        }
      }
      const IN_TRANSIT = `query($lot: String!) { units(first: 1, filter: { gtin: "${GTIN}", lot: $lot, status: IN_TRANSIT }) { totalCount } }`;
      let shipped = -1;
      while (shipped < orders * perOrder && Date.now() - restartedAt < RECOVERY_BOUND_MS * 2) {
        shipped = (await query<{ units: { totalCount: number } }>(IN_TRANSIT, { lot })).data?.units.totalCount ?? -1;
        if (shipped < orders * perOrder) await pause(200);
      }
      expect(shipped).toBe(orders * perOrder);
      timings.ordersAfterCrashShipped = Date.now() - restartedAt;
      // Once each: every order's packing and shipping are in the log exactly once.
      for (let i = 0; i < orders; i++) {
        const t = `urn:tracehub:order:${encodeURIComponent(org)}:FAULT-${i}`;
        const events = await query<{ events: { edges: { node: { bizStep: string } }[] } }>(`query($t: String!) { events(first: 10, filter: { bizTransaction: $t }) { edges { node { bizStep } } } }`, { t });
        expect(events.data!.events.edges.map((e) => e.node.bizStep)).toEqual(["packing", "shipping"]);
      }
    },
    90_000,
  );
});
