import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { type JwksSettings, type Role, signAccessToken } from "@tracehub/auth";
import { compliance, orders, suppliers, units } from "./services";
import { SqlCounter, databaseName, dropDatabase, ensureDatabase, withDatabase } from "@tracehub/db";
import { type GatewayOptions, type RunningGateway, SUPERGRAPH_PATH, UNLIMITED, startGateway } from "@tracehub/gateway";
import type { RunningSubgraph } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import { type GraphQLResponse, postGraphQL } from "./client";
import { Seeder } from "./seed";

/** The subgraphs a hub runs. */
export type ServiceName = "units" | "orders" | "suppliers" | "compliance";

/** A whole hub running in this process: a fresh database, four subgraphs and the gateway on free ports. */
export interface TestHub {
  /** Gateway GraphQL endpoint. */
  url: string;
  /** Gateway graphql-ws endpoint (same path, ws:). */
  wsUrl: string;
  /** Each subgraph's endpoint. */
  subgraphUrls: Record<ServiceName, string>;
  /** The database this hub uses (dropped at stop). */
  databaseUrl: string;
  /** SQL statements counted per subgraph. */
  sql: Record<ServiceName, SqlCounter>;
  /** Secrets in use, for tests that forge things. */
  secrets: { jwt: string; principalKey: string };
  /** Signs an access token for this hub. */
  token(claims?: { sub?: string; org?: string | null; roles?: Role[] }): Promise<string>;
  /** Posts an operation to the gateway. */
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  /** A seeder acting as an operator. */
  seed: Seeder;
  /** The running gateway. */
  gateway: RunningGateway;
  /** Stops everything and drops the database. */
  stop(): Promise<void>;
}

/** Options for {@link startHub}. */
export interface HubOptions {
  /**
   * Join an existing hub's database instead of creating one: a second replica of every subgraph and the
   * gateway on the same data (its migrations are already applied; the database is not dropped at stop).
   */
  databaseUrl?: string;
  /** Most undelivered messages per gateway subscription before the client is closed as too slow. */
  maxQueuedPerSubscriber?: number;
  /** How long the gateway reuses an organization's looked-up prefixes and grants, in ms (default: the gateway's 5 s). */
  scopeCacheMs?: number;
  /** How long the gateway reuses an API key's look-up, in ms (default: the gateway's 5 s); also how often live connections made with a key check it. */
  apiKeyCacheMs?: number;
  /** An identity provider whose RS256/ES256 tokens the gateway accepts besides the hub's HS256 ones (see startIdentityProvider). */
  jwks?: JwksSettings & { issuer?: string; audience?: string };
  /** Secrets to share with another hub on the same database (default: fresh ones). */
  secrets?: { jwt: string; principalKey: string };
  /** How far ahead of the clock units accepts event times, in seconds (default: the service's, 300). */
  futureToleranceSeconds?: number;
  /** Units: most identifiers one captured document may name (default: units' 50,000). */
  maxCaptureIdentifiers?: number;
  /** Units: units a recall's marking worker marks per transaction (default: units' 20,000). */
  recallMarkingBatchSize?: number;
  /**
   * More gateway settings (limits, rate limits, timeouts, WebSocket bounds). Hubs have no rate limits unless
   * a test sets `rateLimits` here: suites send many requests from one address.
   */
  gateway?: Partial<Omit<GatewayOptions, "supergraphSdl" | "subgraphUrls" | "jwt" | "principalKey">>;
}

let counter = 0;

/**
 * The gateway's token settings: the hub's HS256 secret, and an identity provider when given. With a provider,
 * issuer and audience are the provider's, and the hub's own tokens (`hub.token`) are signed with the same.
 */
function jwtSettings(secret: string, jwks: HubOptions["jwks"]): GatewayOptions["jwt"] {
  if (!jwks) return { secret };
  const { issuer, audience, ...provider } = jwks;
  return { secret, ...(issuer !== undefined ? { issuer } : {}), ...(audience !== undefined ? { audience } : {}), jwks: provider };
}

/** The PostgreSQL server tests use: set by the jest global setup. */
export function adminDatabaseUrl(): string {
  const url = process.env.TRACEHUB_TEST_ADMIN_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error("No PostgreSQL for tests: run through the root jest config (global setup) or set DATABASE_URL.");
  return url;
}

/** Boots a hub on a throwaway database. Always `await hub.stop()` in `afterAll`. */
export async function startHub(options: HubOptions = {}): Promise<TestHub> {
  const admin = adminDatabaseUrl();
  const owned = !options.databaseUrl;
  let databaseUrl: string;
  if (options.databaseUrl) {
    databaseUrl = options.databaseUrl;
  } else {
    const dbName = `tracehub_t_${process.pid}_${++counter}_${randomBytes(3).toString("hex")}`;
    await ensureDatabase(admin, dbName);
    databaseUrl = withDatabase(admin, dbName);
  }
  const secrets = options.secrets ?? { jwt: randomBytes(24).toString("hex"), principalKey: randomBytes(24).toString("hex") };
  const sql = { units: new SqlCounter(), orders: new SqlCounter(), suppliers: new SqlCounter(), compliance: new SqlCounter() };
  // Suppliers first: units asks it for webhooks' scopes; orders and compliance send to units.
  const modules = { suppliers, units, orders, compliance };
  const dataSources: DataSource[] = [];
  const running: RunningSubgraph[] = [];
  let gateway: RunningGateway | undefined;
  const stop = async () => {
    await gateway?.stop();
    await Promise.all(running.map((r) => r.stop()));
    await Promise.all(dataSources.map((ds) => (ds.isInitialized ? ds.destroy() : undefined)));
    if (owned) await dropDatabase(admin, databaseName(databaseUrl));
  };
  try {
    const subgraphUrls = {} as Record<ServiceName, string>;
    for (const name of Object.keys(modules) as ServiceName[]) {
      const mod = modules[name];
      const ds = mod.open(databaseUrl, sql[name]);
      dataSources.push(ds);
      await mod.migrate(ds);
      const limits = {
        ...(options.futureToleranceSeconds !== undefined ? { futureToleranceSeconds: options.futureToleranceSeconds } : {}),
        ...(options.maxCaptureIdentifiers !== undefined ? { maxIdentifiers: options.maxCaptureIdentifiers } : {}),
      };
      const captureLimits = name === "units" && Object.keys(limits).length ? { captureLimits: limits } : {};
      const subgraph = await mod.start({
        ds,
        principalKey: secrets.principalKey,
        port: 0,
        ...captureLimits,
        ...(name === "compliance" || name === "orders" ? { unitsUrl: subgraphUrls.units } : {}),
        ...(name === "units" ? { suppliersUrl: subgraphUrls.suppliers, webhookPrivateTargets: true } : {}),
        ...(name === "units" && options.recallMarkingBatchSize !== undefined ? { recallMarking: { batchSize: options.recallMarkingBatchSize } } : {}),
      });
      running.push(subgraph);
      subgraphUrls[name] = subgraph.url;
    }
    gateway = await startGateway({
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, "utf8"),
      subgraphUrls,
      jwt: jwtSettings(secrets.jwt, options.jwks),
      principalKey: secrets.principalKey,
      port: 0,
      ...(options.maxQueuedPerSubscriber ? { maxQueuedPerSubscriber: options.maxQueuedPerSubscriber } : {}),
      ...(options.scopeCacheMs !== undefined ? { scopeCacheMs: options.scopeCacheMs } : {}),
      ...(options.apiKeyCacheMs !== undefined ? { apiKeyCacheMs: options.apiKeyCacheMs } : {}),
      rateLimits: UNLIMITED,
      // A test hub's first queries run cold, in a jest worker beside another on a 2-core machine: 10 s, not the
      // production 2 s, before a subgraph call counts as timed out (twice a cold first query took longer in CI).
      // The tests of the timeout itself set their own.
      ...options.gateway,
      subgraphs: { timeoutMs: 10_000, ...options.gateway?.subgraphs },
    });
    const url = gateway.url;
    const jwt = jwtSettings(secrets.jwt, options.jwks);
    const token = (claims: { sub?: string; org?: string | null; roles?: Role[] } = {}) =>
      signAccessToken({ sub: claims.sub ?? "test-user", org: claims.org ?? null, roles: claims.roles ?? ["operator"] }, jwt);
    const operatorToken = await token();
    return {
      url,
      wsUrl: url.replace(/^http/, "ws"),
      subgraphUrls,
      databaseUrl,
      sql,
      secrets,
      token,
      query: (query, variables = {}, tokenValue) => postGraphQL(url, query, variables, tokenValue),
      seed: new Seeder(url, operatorToken),
      gateway,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
