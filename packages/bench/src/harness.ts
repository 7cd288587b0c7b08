import { randomBytes } from "node:crypto";
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
export async function load(seconds: number, concurrency: number, request: (i: number) => Promise<void>): Promise<{ perSecond: number; p50: number; p99: number }> {
  const warmUntil = Date.now() + 1_000;
  let n = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < warmUntil) await request(n++);
  }));
  const times: number[] = [];
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
  times.sort((a, b) => a - b);
  return { perSecond: Math.round(times.length / elapsed), p50: Number(percentile(times, 50).toFixed(1)), p99: Number(percentile(times, 99).toFixed(1)) };
}
