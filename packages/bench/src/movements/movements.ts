// Movement stream benchmark: `npm run bench:movements -w @tracehub/bench` (root `npm run bench` runs it too).
// Loopback only and bounded in time. Processes: this one publishes and holds the idle and catch-up clients; load
// processes (BENCH_LOAD_PROCESSES) hold the live graphql-ws subscribers and the floor's plain ws clients; a hub
// process runs the four subgraphs; the gateway under measurement runs alone
// (gateway/dist/main.js) so its RSS and CPU are its own; a plain `ws` broadcast server is the floor.
// Sizes: BENCH_SUBSCRIBERS (1000), BENCH_RATE events/s (10), BENCH_SECONDS (20), BENCH_IDLE (5000),
// BENCH_BACKLOG (100000). DATABASE_URL, or an embedded PostgreSQL.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { signAccessToken } from "@tracehub/auth";
import { startEmbeddedPostgres } from "@tracehub/db";
import { gs1CheckDigit } from "@tracehub/gs1";
import { type Client, createClient } from "graphql-ws";
import { Seeder } from "@tracehub/testkit";
import { recordResult } from "../record";
import WebSocket from "ws";

const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const SUBSCRIBERS = num("BENCH_SUBSCRIBERS", 1_000);
/** The shop's store (a GLN of another company prefix than the brand's). */
const SHOP_GLN = "5412345000006";
const RATE = num("BENCH_RATE", 10);
const SECONDS = num("BENCH_SECONDS", 20);
const IDLE = num("BENCH_IDLE", 5_000);
const BACKLOG = num("BENCH_BACKLOG", 100_000);
const GTIN_COUNT = 10;
const DEADLINE_MS = num("BENCH_DEADLINE_S", 900) * 1_000;

const CLK_TCK = 100;
/** Load processes the live subscribers and the floor's clients are spread over (one per 1,250 subscribers, at most 4). */
const LOAD_PROCESSES = num("BENCH_LOAD_PROCESSES", Math.min(4, Math.ceil(SUBSCRIBERS / 1_250)));
/** Epoch milliseconds with sub-millisecond precision: comparable between this process and the load processes. */
const epochNow = () => performance.timeOrigin + performance.now();

function gtin(i: number): string {
  const body = `0950600${String(1000 + i).padStart(6, "0")}`;
  return `${body}${gs1CheckDigit(body)}`;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function procStats(pid: number): { rssMb: number; cpuTicks: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return { rssMb: rssKb / 1024, cpuTicks: Number(stat[11]) + Number(stat[12]) };
}

async function gql<T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors ?? body));
  return body.data;
}

function waitMessage<T>(child: ChildProcess, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    child.on("message", (m: { kind?: string }) => m?.kind === kind && resolve(m as T));
    child.once("exit", (code) => reject(new Error(`child exited ${code} before '${kind}'`)));
  });
}

const SELECTION = `subscription($filter: MovementFilter, $after: String) { unitMovements(filter: $filter, after: $after) {
  cursor eventId units { id product { name brandOwner { name } } order { id } recalls { id } }
} }`;

interface Sub {
  client: Client;
  received: { id: string; at: number }[];
}

function openSubscriber(url: string, token: string, query: string, variables: Record<string, unknown>, onConnected?: () => void, retries = 0): Sub {
  const sub: Sub = {
    client: createClient({
      url,
      webSocketImpl: WebSocket,
      retryAttempts: retries,
      retryWait: () => new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300)),
      shouldRetry: () => retries > 0,
      lazy: false,
      connectionParams: { authorization: `Bearer ${token}` },
      on: { connected: () => onConnected?.() },
    }),
    received: [],
  };
  sub.client.subscribe<{ unitMovements: { eventId: string } }>(
    { query, variables },
    {
      next: (v) => {
        const id = v.data?.unitMovements.eventId;
        if (id) sub.received.push({ id, at: performance.now() });
      },
      error: (e) => console.error("[bench] subscription error", JSON.stringify(e).slice(0, 300)),
      complete: () => undefined,
    },
  );
  return sub;
}

async function main(): Promise<void> {
  const started = Date.now();
  // Past the deadline, or interrupted: the hub, the gateway, the load processes and the database go too.
  const watchdog = setTimeout(() => {
    console.error(`[bench] deadline of ${DEADLINE_MS / 1000}s passed; stopping.`);
    void cleanup().finally(() => process.exit(2));
  }, DEADLINE_MS);
  const interrupted = (signal: NodeJS.Signals) => {
    console.error(`[bench] ${signal}: stopping.`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  const children: ChildProcess[] = [];
  let pg: { url: string; stop(): Promise<void> } | null = null;
  const cleanup = async () => {
    const hubChild = children[0];
    if (hubChild && hubChild.exitCode === null) {
      hubChild.send({ kind: "stop" });
      await Promise.race([new Promise((r) => hubChild.once("exit", r)), new Promise((r) => setTimeout(r, 15_000))]);
    }
    for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
    await pg?.stop().catch(() => undefined);
  };
  try {
    let admin = process.env.DATABASE_URL;
    if (!admin) {
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      pg = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `tracehub-bench-pg-${process.pid}`), port, persistent: false });
      admin = pg.url;
    }
    const hubProc = fork(path.join(__dirname, "hub-process.js"), [], { env: { ...process.env, TRACEHUB_TEST_ADMIN_URL: admin }, stdio: ["ignore", "ignore", "inherit", "ipc"] });
    children.push(hubProc);
    const hub = await waitMessage<{ url: string; subgraphUrls: Record<string, string>; secrets: { jwt: string; principalKey: string } }>(hubProc, "ready");

    const gwProc = spawn(
      process.execPath,
      [...(process.env.TRACEHUB_NODE_ARGS ?? "").split(" ").filter(Boolean), path.join(__dirname, "..", "..", "..", "..", "gateway", "dist", "main.js")],
      {
        env: {
          ...process.env,
          NODE_ENV: "test",
          GATEWAY_PORT: "0",
          JWT_SECRET: hub.secrets.jwt,
          PRINCIPAL_SIGNING_KEY: hub.secrets.principalKey,
          UNITS_URL: hub.subgraphUrls.units,
          ORDERS_URL: hub.subgraphUrls.orders,
          SUPPLIERS_URL: hub.subgraphUrls.suppliers,
          COMPLIANCE_URL: hub.subgraphUrls.compliance,
          // Every bench client is this one address: the gateway's per-address defences would measure themselves.
          RATE_LIMIT_ADDRESS_PER_SECOND: "0",
          RATE_LIMIT_PRINCIPAL_PER_SECOND: "0",
          RATE_LIMIT_ANONYMOUS_PER_SECOND: "0",
          WS_MAX_UNAUTHENTICATED_PER_ADDRESS: "100000",
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    children.push(gwProc);
    const gatewayUrl = await new Promise<string>((resolve, reject) => {
      gwProc.stdout!.on("data", (chunk: Buffer) => {
        const m = /ready at (\S+)/.exec(String(chunk));
        if (m) resolve(m[1]!);
      });
      gwProc.once("exit", (code) => reject(new Error(`gateway exited ${code}`)));
    });
    const wsUrl = gatewayUrl.replace(/^http/, "ws");
    const floorProc = fork(path.join(__dirname, "broadcast-process.js"), [], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
    children.push(floorProc);
    const floor = await waitMessage<{ port: number }>(floorProc, "ready");

    // Seed: a brand owner, 10 products with 50 units each, an order and a recall.
    const operator = await signAccessToken({ sub: "bench-operator", org: null, roles: ["operator"] }, { secret: hub.secrets.jwt });
    const brand = (
      await gql<{ createOrganization: { id: string } }>(hub.url, operator, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
        i: { name: "Bench Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] },
      })
    ).createOrganization.id;
    const shopOrg = (
      await gql<{ createOrganization: { id: string } }>(hub.url, operator, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
        i: { name: "Bench Shop", kind: "RETAILER", companyPrefixes: ["5412345"] },
      })
    ).createOrganization.id;
    // The shop sells the brand's units: the brand grants it CAPTURE so it may allocate them to its order.
    await gql(hub.url, operator, `mutation($i: GrantAccessInput!) { grantAccess(input: $i) { id } }`, {
      i: { grantorId: brand, granteeId: shopOrg, permissions: ["READ", "CAPTURE"] },
    });
    const shop = await signAccessToken({ sub: "bench-shop", org: shopOrg, roles: ["fulfilment"] }, { secret: hub.secrets.jwt });
    const gtins = Array.from({ length: GTIN_COUNT }, (_, i) => gtin(i));
    const unitsByGtin: string[][] = [];
    for (const g of gtins) {
      await gql(hub.url, operator, `mutation($i: UpsertProductInput!) { upsertProduct(input: $i) { gtin } }`, { i: { gtin: g, name: `Product ${g}` } });
      unitsByGtin.push(
        (
          await gql<{ commissionUnits: { unitIds: string[] } }>(hub.url, operator, `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds } }`, {
            i: { gtin: g, lot: "L1", count: 50, serialType: "SEQUENTIAL" },
          })
        ).commissionUnits.unitIds,
      );
    }
    // The shop may sell only what it holds: the brand hands the ordered units over to the shop's store first.
    await gql(hub.url, operator, `mutation($i: AddLocationInput!) { addLocation(input: $i) { gln } }`, { i: { organizationId: shopOrg, gln: SHOP_GLN, name: "Bench store" } });
    await new Seeder(hub.url, operator).handOver(
      unitsByGtin.map((u) => u[0]!),
      SHOP_GLN,
    );
    await gql(hub.url, shop, `mutation($i: CreateOrderInput!) { createOrder(input: $i) { id } }`, {
      i: { reference: "B-1", customer: { name: "Bench" }, unitCodes: unitsByGtin.map((u) => u[0]!) },
    });
    const draft = await gql<{ createRecall: { id: string } }>(hub.url, operator, `mutation($i: CreateRecallInput!) { createRecall(input: $i) { id } }`, {
      i: { gtin: gtins[0], lots: ["L1"], classification: "CLASS_III", reason: "bench" },
    });
    await gql(hub.url, operator, `mutation($id: ID!) { issueRecall(id: $id) { id } }`, { id: draft.createRecall.id });

    let scanNo = 0;
    const publish = async (g: number): Promise<{ id: string; t0: number }> => {
      const t0 = epochNow();
      const unit = unitsByGtin[g]![scanNo % 50]!;
      const data = await gql<{ recordMovement: { eventId: string } }>(gatewayUrl, operator, `mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`, {
        i: { codes: [unit], bizStep: "inspecting", bizLocation: `urn:epc:id:sgln:9506000.00001.${++scanNo}` },
      });
      return { id: data.recordMovement.eventId, t0 };
    };

    // ---- Phase A: live delivery to N filtered subscribers, and the plain ws floor with N clients.
    console.log(`[bench] phase A: ${SUBSCRIBERS} subscribers (${GTIN_COUNT} GTIN filters x 2 principal scopes), ${RATE} events/s for ${SECONDS}s`);
    // The subscribers and the floor's clients are spread over LOAD_PROCESSES processes (one process saturated
    // before the gateway at 5,000). Each subscriber i watches GTIN i % 10, as the operator or the shop in turn.
    const loaders = Array.from({ length: LOAD_PROCESSES }, () => fork(path.join(__dirname, "subscriber-process.js"), [], { stdio: ["ignore", "ignore", "inherit", "ipc"] }));
    children.push(...loaders);
    let asked = 0;
    const ask = <T extends Record<string, unknown>>(child: ChildProcess, request: Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        const id = ++asked;
        const onMessage = (m: { id?: number; error?: string }) => {
          if (m?.id !== id) return;
          child.off("message", onMessage);
          if (m.error) reject(new Error(`load process: ${m.error}`));
          else resolve(m as unknown as T);
        };
        child.on("message", onMessage);
        child.send({ id, ...request });
      });
    const askAll = <T extends Record<string, unknown>>(request: Record<string, unknown>) => Promise.all(loaders.map((c) => ask<T>(c, request)));
    // Floor client i is in group i % 10, the GTIN of subscriber i: the floor delivers each event to as many clients.
    const shares = loaders.map(() => [] as { token: string; variables: Record<string, unknown>; group: number }[]);
    for (let i = 0; i < SUBSCRIBERS; i++)
      shares[i % LOAD_PROCESSES]!.push({ token: i % 2 ? shop : operator, variables: { filter: { gtin: gtins[i % GTIN_COUNT] } }, group: i % GTIN_COUNT });
    await Promise.all(loaders.map((c, k) => ask(c, { kind: "open", wsUrl, floorUrl: `ws://127.0.0.1:${floor.port}`, query: SELECTION, subscribers: shares[k] })));
    type Status = { everyHasOne: boolean; received: number };
    // Warm-up: one event per GTIN, until every subscriber has one (all subscriptions are registered upstream).
    for (;;) {
      for (let g = 0; g < GTIN_COUNT; g++) await publish(g);
      await new Promise((r) => setTimeout(r, 300));
      if ((await askAll<Status>({ kind: "status" })).every((s) => s.everyHasOne)) break;
    }
    await askAll({ kind: "reset" });

    const published: { id: string; g: number; t0: number; tCommitted: number }[] = [];
    /** When each floor message was sent, by its key. */
    const floorSent = new Map<string, number>();
    const gwPid = gwProc.pid!;
    const before = procStats(gwPid);
    let peakRss = before.rssMb;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, procStats(gwPid).rssMb)), 250);
    const windowStart = performance.now();
    const total = RATE * SECONDS;
    const inflight: Promise<void>[] = [];
    for (let k = 0; k < total; k++) {
      const due = windowStart + (k * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const g = k % GTIN_COUNT;
      // The floor gets the event when the capture is sent, not after it committed: a plain broadcast from the same
      // start, with no database in between. Slower than the gateway, it means the load processes saturated.
      floorSent.set(`floor-${k}`, epochNow());
      floorProc.send({ kind: "publish", payload: `floor-${k}`, group: g });
      inflight.push(
        publish(g).then(({ id, t0 }) => {
          const tCommitted = epochNow();
          published.push({ id, g, t0, tCommitted });
        }),
      );
    }
    await Promise.all(inflight);
    const windowEnd = performance.now();
    const after = procStats(gwPid);
    const expected = published.length * (SUBSCRIBERS / GTIN_COUNT);
    const drainUntil = performance.now() + 15_000;
    const count = async () => (await askAll<Status>({ kind: "status" })).reduce((n, s) => n + s.received, 0);
    while ((await count()) < expected && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 200));
    clearInterval(sampler);
    const collected = await askAll<{ subscribers: [string, number][][]; floor: [string, number][][] }>({ kind: "collect" });
    const byId = new Map(published.map((p) => [p.id, p]));
    const lat: number[] = [];
    let duplicates = 0;
    for (const received of collected.flatMap((c) => c.subscribers)) {
      const seen = new Set<string>();
      for (const [id, at] of received) {
        if (seen.has(id)) duplicates++;
        seen.add(id);
        const p = byId.get(id);
        if (p) lat.push(at - p.t0);
      }
    }
    lat.sort((x, y) => x - y);
    const floorLat: number[] = [];
    for (const received of collected.flatMap((c) => c.floor))
      for (const [key, at] of received) {
        const sent = floorSent.get(key);
        if (sent !== undefined) floorLat.push(at - sent);
      }
    floorLat.sort((x, y) => x - y);
    const commit = published.map((p) => p.tCommitted - p.t0).sort((x, y) => x - y);
    const cpuPct = ((after.cpuTicks - before.cpuTicks) / CLK_TCK / ((windowEnd - windowStart) / 1000)) * 100;
    const A = {
      subscribers: SUBSCRIBERS,
      loadProcesses: LOAD_PROCESSES,
      events: published.length,
      expectedDeliveries: expected,
      delivered: lat.length,
      duplicates,
      p50: percentile(lat, 50),
      p99: percentile(lat, 99),
      max: lat.at(-1) ?? NaN,
      floorP50: percentile(floorLat, 50),
      floorP99: percentile(floorLat, 99),
      floorDelivered: floorLat.length,
      captureP50: percentile(commit, 50),
      captureP99: percentile(commit, 99),
      gatewayRssMb: after.rssMb,
      gatewayPeakRssMb: peakRss,
      gatewayCpuPct: cpuPct,
    };
    await askAll({ kind: "close" });

    // ---- Phase B: idle connections held by the gateway.
    console.log(`[bench] phase B: ${IDLE} idle connections`);
    await new Promise((r) => setTimeout(r, 1_000));
    const idleBase = procStats(gwPid).rssMb;
    const idle: Sub[] = [];
    // In batches of 250, each connected before the next (a burst of thousands of handshakes met resets); a refused
    // connection is tried again. Each connection counts once, however often it connected.
    const idleUp = new Set<number>();
    for (let i = 0; i < IDLE; i++) {
      idle.push(openSubscriber(wsUrl, operator, SELECTION, { filter: { gtin: gtins[i % GTIN_COUNT], bizStep: "destroying" } }, () => void idleUp.add(i), 5));
      if (i % 250 === 249) {
        const batchUntil = performance.now() + 30_000;
        while (idleUp.size < i + 1 && performance.now() < batchUntil) await new Promise((r) => setTimeout(r, 20));
      }
    }
    const idleUntil = performance.now() + 60_000;
    while (idleUp.size < IDLE && performance.now() < idleUntil) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 2_000));
    const idleRss = procStats(gwPid).rssMb;
    const B = { connections: idleUp.size, gatewayRssMb: idleRss, baseRssMb: idleBase, perConnectionKb: ((idleRss - idleBase) * 1024) / Math.max(1, idleUp.size) };
    for (const s of idle) await s.client.dispose();

    // ---- Phase C: catch-up from a backlog.
    console.log(`[bench] phase C: a subscriber ${BACKLOG} events behind`);
    const c0 = (await gql<{ movementCursor: string }>(gatewayUrl, operator, `{ movementCursor }`)).movementCursor;
    const units = unitsByGtin.flat();
    const captureStart = performance.now();
    for (let done = 0; done < BACKLOG;) {
      const n = Math.min(10_000, BACKLOG - done);
      const base = Date.parse("2025-01-01T00:00:00Z") + done * 1000;
      const eventList = Array.from({ length: n }, (_, i) => ({
        type: "ObjectEvent",
        eventTime: new Date(base + i * 1000).toISOString(),
        eventTimeZoneOffset: "+00:00",
        epcList: [units[(done + i) % units.length]],
        action: "OBSERVE",
        bizStep: "inspecting",
      }));
      await gql(hub.url, operator, `mutation($d: JSON!) { captureEvents(document: $d) { stored } }`, {
        d: {
          "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
          type: "EPCISDocument",
          schemaVersion: "2.0",
          creationDate: new Date().toISOString(),
          epcisBody: { eventList },
        },
      });
      done += n;
    }
    const captureSeconds = (performance.now() - captureStart) / 1000;
    const catchUpQuery = `subscription($after: String) { unitMovements(after: $after) { cursor eventId } }`;
    const t0 = performance.now();
    const behind = openSubscriber(wsUrl, operator, catchUpQuery, { after: c0 });
    const catchUntil = performance.now() + 600_000;
    while (behind.received.length < BACKLOG && performance.now() < catchUntil) await new Promise((r) => setTimeout(r, 50));
    const backlogSeconds = (performance.now() - t0) / 1000;
    const live = await publish(0);
    while (!behind.received.some((r) => r.id === live.id) && performance.now() < catchUntil) await new Promise((r) => setTimeout(r, 5));
    const liveSeconds = (performance.now() - t0) / 1000;
    const C = {
      backlog: BACKLOG,
      received: behind.received.length,
      backlogCaptureSeconds: captureSeconds,
      replaySeconds: backlogSeconds,
      reachedLiveSeconds: liveSeconds,
      eventsPerSecond: BACKLOG / backlogSeconds,
    };
    await behind.client.dispose();

    const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "n/a");
    console.log(`\n## Movement stream (gateway graphql-ws), ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPUs`);
    console.log(`\n### Live: ${A.subscribers} filtered subscribers, ${RATE} events/s for ${SECONDS}s (${A.events} events)`);
    console.log(`| metric | tracehub gateway | plain ws broadcast (floor) | ratio |`);
    console.log(`|---|---|---|---|`);
    console.log(`| publish-to-receive p50 (ms) | ${f(A.p50)} | ${f(A.floorP50)} | ${f(A.p50 / A.floorP50)}x |`);
    console.log(`| publish-to-receive p99 (ms) | ${f(A.p99)} | ${f(A.floorP99)} | ${f(A.p99 / A.floorP99)}x |`);
    console.log(`| max (ms) | ${f(A.max)} | | |`);
    console.log(`\ncapture (HTTP mutation, commit) p50 ${f(A.captureP50)} ms / p99 ${f(A.captureP99)} ms; the floor delivered ${A.floorDelivered} messages.`);
    if (!(A.floorP99 < A.p99)) console.log(`INVALID live figures: the plain ws floor (p99 ${f(A.floorP99)} ms) is not faster than the gateway; the load processes saturated.`);
    console.log(
      `deliveries ${A.delivered}/${A.expectedDeliveries}, duplicates ${A.duplicates}; gateway RSS ${f(A.gatewayRssMb)} MB (peak ${f(A.gatewayPeakRssMb)}), gateway CPU ${f(A.gatewayCpuPct)}% of one core.`,
    );
    console.log(
      `\n### Idle: ${B.connections} connections with a subscription each: gateway RSS ${f(B.gatewayRssMb)} MB (${f(B.baseRssMb)} MB before; ${f(B.perConnectionKb)} KB per connection).`,
    );
    console.log(
      `\n### Catch-up: a subscriber ${C.backlog} events behind received ${C.received} in ${f(C.replaySeconds)} s (${f(C.eventsPerSecond)} events/s) and reached live in ${f(C.reachedLiveSeconds)} s (backlog captured in ${f(C.backlogCaptureSeconds)} s).`,
    );
    console.log(`\n(total ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    console.log(JSON.stringify({ live: A, idle: B, catchUp: C }));
    // The default run is "movements"; a run at another scale is recorded beside it (e.g. "movements-5000").
    recordResult(SUBSCRIBERS === 1_000 ? "movements" : `movements-${SUBSCRIBERS}`, { live: A, idle: B, catchUp: C });
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
