import { randomBytes } from "node:crypto";
import path from "node:path";
import { type Role, signAccessToken } from "@tracehub/auth";
import { databaseName, dropDatabase, ensureDatabase, withDatabase } from "@tracehub/db";
import { type GraphQLResponse, postGraphQL } from "./client";
import { adminDatabaseUrl } from "./hub";
import type { ServiceName } from "./hub";
import { type LoadBalancer, startLoadBalancer } from "./load-balancer";
import { freePortRange } from "./ports";
import { Seeder } from "./seed";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const SERVICE_NAMES: ServiceName[] = ["units", "orders", "suppliers", "compliance"];

/** What scripts/lib.js spawnHub returns (the processes of one replica set). */
interface SpawnedHub {
  gatewayUrl: string;
  subgraphUrls: Record<ServiceName, string>;
  pids: Record<string, number>;
  stop(): Promise<Record<string, number | string | null>>;
}

/** One replica of every process: its own gateway and four subgraphs, each a separate node process. */
export interface Replica {
  gatewayUrl: string;
  subgraphUrls: Record<ServiceName, string>;
  pids: Record<string, number>;
}

/**
 * The hub as a scaled-out deployment runs it: `replicas` copies of every process (separate node processes, the
 * built `dist/main.js` entry points, as `npm start` runs them) on one database, with a load balancer in front of
 * the gateways and one in front of each subgraph's replicas. Gateways and subgraphs reach subgraphs only through
 * those load balancers, so any replica may serve any hop.
 */
export interface ReplicatedHub {
  /** The gateway load balancer's GraphQL endpoint. */
  url: string;
  /** The same, for graphql-ws. */
  wsUrl: string;
  databaseUrl: string;
  replicas: Replica[];
  /** The load balancers, by what they front. */
  balancers: Record<ServiceName | "gateway", LoadBalancer>;
  /** Bearer token for `/metrics` on every process. */
  metricsToken: string;
  token(claims?: { sub?: string; org?: string | null; roles?: Role[] }): Promise<string>;
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  seed: Seeder;
  /** Stops every process and load balancer and drops the database; resolves with how each process ended, per replica. */
  stop(): Promise<Record<string, number | string | null>[]>;
}

/** Starts {@link ReplicatedHub}: all replicas at once, so they also race to migrate the fresh database. */
export async function startReplicatedHub(options: { replicas?: number; env?: Record<string, string> } = {}): Promise<ReplicatedHub> {
  const count = options.replicas ?? 2;
  // scripts/lib.js is plain CommonJS outside the workspaces (npm start runs it before anything is built).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(path.join(ROOT, "scripts", "lib.js")) as {
    spawnHub(options: Record<string, unknown>): Promise<SpawnedHub>;
  };
  const admin = adminDatabaseUrl();
  const dbName = `tracehub_r_${process.pid}_${randomBytes(3).toString("hex")}`;
  await ensureDatabase(admin, dbName);
  const databaseUrl = withDatabase(admin, dbName);
  const secrets = { jwt: randomBytes(24).toString("hex"), principalKey: randomBytes(24).toString("hex"), metrics: randomBytes(24).toString("hex") };

  const bases: number[] = [];
  while (bases.length < count) {
    const base = await freePortRange(5);
    if (bases.every((b) => Math.abs(b - base) >= 5)) bases.push(base);
  }
  // Ports per replica: gateway at base, then units, orders, suppliers, compliance.
  const portOf = (base: number, name: ServiceName | "gateway") => base + (name === "gateway" ? 0 : 1 + SERVICE_NAMES.indexOf(name));
  const balancers = {} as Record<ServiceName | "gateway", LoadBalancer>;
  const spawned: SpawnedHub[] = [];
  const stopAll = async () => {
    const ended = await Promise.all(spawned.map((h) => h.stop()));
    await Promise.all(Object.values(balancers).map((b) => b.stop()));
    await dropDatabase(admin, databaseName(databaseUrl));
    return ended;
  };
  try {
    for (const name of ["gateway", ...SERVICE_NAMES] as const) balancers[name] = await startLoadBalancer(bases.map((b) => ({ port: portOf(b, name) })));
    const upstreams = Object.fromEntries(SERVICE_NAMES.map((n) => [n, `${balancers[n].url}/graphql`]));
    const env = {
      JWT_SECRET: secrets.jwt,
      PRINCIPAL_SIGNING_KEY: secrets.principalKey,
      METRICS_TOKEN: secrets.metrics,
      WEBHOOK_PRIVATE_TARGETS: "true",
      // Every request reaches the gateways from the load balancer's address: no per-address limits in tests.
      RATE_LIMIT_ADDRESS_PER_SECOND: "0",
      RATE_LIMIT_PRINCIPAL_PER_SECOND: "0",
      RATE_LIMIT_ANONYMOUS_PER_SECOND: "0",
      ...options.env,
    };
    const starting = bases.map((base) =>
      lib.spawnHub({
        databaseUrl,
        gatewayPort: portOf(base, "gateway"),
        ports: Object.fromEntries(SERVICE_NAMES.map((n) => [n, portOf(base, n)])),
        upstreams,
        quiet: true,
        env,
      }),
    );
    const outcomes = await Promise.allSettled(starting);
    for (const o of outcomes) if (o.status === "fulfilled") spawned.push(o.value);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failed) throw failed.reason;
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
  const url = `${balancers.gateway.url}/graphql`;
  const token = (claims: { sub?: string; org?: string | null; roles?: Role[] } = {}) =>
    signAccessToken({ sub: claims.sub ?? "test-user", org: claims.org ?? null, roles: claims.roles ?? ["operator"] }, { secret: secrets.jwt });
  return {
    url,
    wsUrl: url.replace(/^http/, "ws"),
    databaseUrl,
    replicas: spawned.map((h) => ({ gatewayUrl: h.gatewayUrl, subgraphUrls: h.subgraphUrls, pids: h.pids })),
    balancers,
    metricsToken: secrets.metrics,
    token,
    query: (query, variables = {}, tokenValue) => postGraphQL(url, query, variables, tokenValue),
    seed: new Seeder(url, await token()),
    stop: stopAll,
  };
}
