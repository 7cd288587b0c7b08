import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { signAccessToken } from "@tracehub/auth";
import { dropDatabase, ensureDatabase, startEmbeddedPostgres, withDatabase } from "@tracehub/db";
import { Client } from "pg";

/** The repository root (this file runs from packages/bench/dist). */
export const ROOT = path.resolve(__dirname, "..", "..", "..");

// The process orchestration `npm start` uses; shared so the benchmark measures the hub as it runs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require(path.join(ROOT, "scripts", "lib.js")) as {
  migrateAll(url: string, log?: (line: string) => void): Promise<void>;
  spawnHub(options: { databaseUrl: string; gatewayPort: number; basePort: number; quiet: boolean }): Promise<{
    gatewayUrl: string;
    subgraphUrls: Record<string, string>;
    pids: Record<string, number>;
    stop(): Promise<void>;
  }>;
};

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Five consecutive free ports on loopback. */
async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const checks = await Promise.all(Array.from({ length: count }, (_, i) => portIsFree(base + i)));
    if (checks.every(Boolean)) return base;
  }
  throw new Error("no free port range found");
}

/** A hub for one benchmark run: a fresh database, four subgraph processes and a gateway process. */
export interface BenchHub {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  pids: Record<string, number>;
  databaseUrl: string;
  sql: Client;
  /** An operator token for the gateway (development secret, as `npm start` uses). */
  token: string;
  /** Opens another connection to the hub's database (the caller ends it). */
  connect(): Promise<Client>;
  stop(): Promise<void>;
}

/**
 * Starts the hub in separate processes on a fresh database: on DATABASE_URL's server when set, else on an
 * embedded PostgreSQL in a temporary directory. Everything listens on 127.0.0.1 only.
 */
export async function startBenchHub(): Promise<BenchHub> {
  let stopPg: () => Promise<void> = async () => undefined;
  let admin = process.env.DATABASE_URL;
  if (!admin) {
    const port = await freePortRange(1);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `tracehub-bench-${process.pid}`), port, persistent: false });
    admin = pg.url;
    stopPg = pg.stop;
  }
  const name = `tracehub_bench_${Date.now()}_${randomBytes(2).toString("hex")}`;
  await ensureDatabase(admin, name);
  const databaseUrl = withDatabase(admin, name);
  await lib.migrateAll(databaseUrl, () => undefined);
  const base = await freePortRange(5);
  const hub = await lib.spawnHub({ databaseUrl, gatewayPort: base, basePort: base + 1, quiet: true });
  const sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  // Read at run time, like scripts/lib.js: @tracehub/gateway is not one of this package's dependencies.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DEV_JWT_SECRET } = require("@tracehub/gateway") as { DEV_JWT_SECRET: string };
  const token = await signAccessToken({ sub: "bench", roles: ["operator"] }, { secret: process.env.JWT_SECRET || DEV_JWT_SECRET }, "2h");
  return {
    ...hub,
    databaseUrl,
    sql,
    token,
    connect: async () => {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    },
    stop: async () => {
      await sql.end();
      await hub.stop();
      await dropDatabase(admin as string, name);
      await stopPg();
    },
  };
}

/** Posts one GraphQL operation; throws on errors. */
export async function gql<T = any>(url: string, query: string, variables: Record<string, unknown>, token: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors ?? body).slice(0, 2000)}`);
  return body.data;
}

/** Percentile of sorted values (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** Milliseconds since `start` (from `process.hrtime.bigint()`). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Inserts rows with plain multi-row INSERT statements of at most `batch` rows. */
export async function multiRowInsert(sql: Client, table: string, columns: string[], rows: unknown[][], batch = 1000): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    const params: unknown[] = [];
    const values = chunk.map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(", ")})`).join(", ");
    await sql.query(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${values}`, params);
  }
}

/** The hub processes' resident memory and CPU time, from /proc. */
export async function processStats(pids: Record<string, number>): Promise<Record<string, { rssMb: number; cpuSeconds: number }>> {
  const { readFile } = await import("node:fs/promises");
  const out: Record<string, { rssMb: number; cpuSeconds: number }> = {};
  const tick = 100;
  for (const [name, pid] of Object.entries(pids)) {
    try {
      const status = await readFile(`/proc/${pid}/status`, "utf8");
      const stat = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]?.split(" ") ?? [];
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      out[name] = { rssMb: Math.round(rssKb / 102.4) / 10, cpuSeconds: (Number(stat[11]) + Number(stat[12])) / tick };
    } catch {
      // process gone
    }
  }
  return out;
}

/** Runs `request` from `concurrency` loops for `seconds` (after a one-second warm-up); answers requests/s and latencies. */
/** CPU seconds (user + system) each watched process and every PostgreSQL process have used so far; Linux only. */
function cpuSnapshot(watch: Record<string, number>): Record<string, number> | null {
  const ticks = 100; // USER_HZ: /proc reports CPU time in 1/100 s on Linux.
  const of = (pid: number): number | null => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      return null;
    }
  };
  if (!existsSync("/proc/self/stat")) return null;
  const snapshot: Record<string, number> = {};
  for (const [name, pid] of Object.entries(watch)) snapshot[name] = of(pid) ?? 0;
  let postgres = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "postgres") postgres += of(Number(entry)) ?? 0;
    } catch {
      // The process ended meanwhile.
    }
  }
  snapshot.postgres = postgres;
  const self = process.cpuUsage();
  snapshot.load = (self.user + self.system) / 1e6;
  return snapshot;
}

/**
 * Where the CPU of a measured interval went: milliseconds of CPU per request for each watched process, all of
 * PostgreSQL's processes together, and this load process, as "gateway 2.10, units 3.05, …" (sorted, largest first).
 */
function cpuPerRequest(before: Record<string, number> | null, after: Record<string, number> | null, requests: number): string | undefined {
  if (!before || !after || requests === 0) return undefined;
  return Object.keys(after)
    .map((name) => [name, ((after[name]! - (before[name] ?? 0)) * 1_000) / requests] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
    .join(", ");
}

/**
 * A closed loop: `concurrency` callers send `request` one after another for `seconds` (after a 1 s warm-up), and
 * the requests per second and the p50 / p99 latencies are returned. With `watch` (process name to pid), `cpu` says
 * how many milliseconds of CPU each of them, PostgreSQL and this load process spent per request.
 */
export async function load(
  seconds: number,
  concurrency: number,
  request: (i: number) => Promise<void>,
  watch?: Record<string, number>,
): Promise<{ perSecond: number; p50: number; p99: number; cpu?: string }> {
  const warmUntil = Date.now() + 1_000;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < warmUntil) await request(n++);
    }),
  );
  const times: number[] = [];
  const before = watch ? cpuSnapshot(watch) : null;
  const started = process.hrtime.bigint();
  const until = Date.now() + seconds * 1_000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const t = process.hrtime.bigint();
        await request(n++);
        times.push(msSince(t));
      }
    }),
  );
  const elapsed = msSince(started) / 1_000;
  const cpu = watch ? cpuPerRequest(before, cpuSnapshot(watch), times.length) : undefined;
  times.sort((a, b) => a - b);
  return { perSecond: Math.round(times.length / elapsed), p50: Number(percentile(times, 50).toFixed(1)), p99: Number(percentile(times, 99).toFixed(1)), ...(cpu ? { cpu } : {}) };
}
