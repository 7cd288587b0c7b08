/**
 * Graceful shutdown (issue 18, defect 13): on SIGTERM each process stops accepting, closes its graphql-ws
 * subscribers with 1001, lets in-flight requests finish and exits 0. The process cases run the compiled entry
 * points (`dist/main.js`): they need a build (`npm test` builds first; alone: `npx turbo run build` first).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { GRAPHQL_WS_BINDING, PRINCIPAL_HEADER, signPrincipal } from "@tracehub/auth";
import { SUPERGRAPH_PATH, UNLIMITED, startGateway } from "@tracehub/gateway";
import { type TestHub, postGraphQL, startHub, subscribe } from "@tracehub/testkit";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const GTIN = "09506000134352";
const MOVEMENTS = `subscription($after: String) { unitMovements(after: $after) { cursor } }`;

/**
 * Starts a compiled entry point and resolves with the URL it prints in its "ready at" line. NODE_ENV is not
 * "test", so Apollo Server behaves as deployed (it installs signal handlers of its own outside tests).
 */
async function spawnReady(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: string[] }> {
  const entry = path.join(ROOT, script);
  if (!existsSync(entry)) throw new Error(`${script} is missing: build first (npx turbo run build).`);
  const child = spawn(process.execPath, [entry], { cwd: ROOT, env: { ...process.env, NODE_ENV: "development", HOST: "127.0.0.1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(String(chunk));
      const ready = /ready at (http:\/\/\S+)/.exec(output.join(""));
      if (ready) resolve(ready[1]!);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => output.push(String(chunk)));
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before it was ready:\n${output.join("")}`)));
  });
  return { child, url, output };
}

function exitCode(child: ChildProcess): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode ?? child.exitCode);
  return once(child, "exit").then(([code, signal]) => (signal as string | null) ?? (code as number | null));
}

describe("graceful shutdown", () => {
  let hub: TestHub;
  let operator: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    hub = await startHub();
    operator = await hub.token({ roles: ["operator"] });
    await hub.seed.organization({ name: "Shutdown Pharma", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    await hub.seed.product(GTIN, "Shutdown test product");
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await hub?.stop();
  });

  /** Records a movement of fresh units; resolves once stored. */
  async function move(): Promise<void> {
    const { unitIds } = await hub.seed.units({ gtin: GTIN, count: 1 });
    const res = await hub.query(`mutation($input: RecordMovementInput!) { recordMovement(input: $input) { eventId } }`, { input: { codes: unitIds, bizStep: "shipping" } }, operator);
    expect(res.errors).toBeUndefined();
  }

  it("the gateway process: SIGTERM closes subscribers with 1001 and exits 0", async () => {
    const gateway = await spawnReady("gateway/dist/main.js", {
      GATEWAY_PORT: "0",
      JWT_SECRET: hub.secrets.jwt,
      PRINCIPAL_SIGNING_KEY: hub.secrets.principalKey,
      UNITS_URL: hub.subgraphUrls.units,
      ORDERS_URL: hub.subgraphUrls.orders,
      SUPPLIERS_URL: hub.subgraphUrls.suppliers,
      COMPLIANCE_URL: hub.subgraphUrls.compliance,
    });
    children.push(gateway.child);
    const cursor = await postGraphQL<{ movementCursor: string }>(gateway.url, `{ movementCursor }`, {}, operator);
    const sub = subscribe<{ unitMovements: { cursor: string } }>(gateway.url, MOVEMENTS, { after: cursor.data!.movementCursor }, { token: operator });
    await move();
    await sub.take(1);

    gateway.child.kill("SIGTERM");
    const [code, closed] = await Promise.all([exitCode(gateway.child), sub.closed]);
    expect({ code, output: code === 0 ? "" : gateway.output.join("") }).toEqual({ code: 0, output: "" });
    expect(closed.code).toBe(1001);
    expect(gateway.output.join("")).not.toMatch(/not running/);
  });

  it("a subgraph process (units): SIGTERM closes its graphql-ws clients with 1001 and exits 0", async () => {
    const units = await spawnReady("services/units/dist/main.js", { PORT: "0", DATABASE_URL: hub.databaseUrl, PRINCIPAL_SIGNING_KEY: hub.secrets.principalKey });
    children.push(units.child);
    // As the gateway connects: the principal signed for graphql-ws. Not lazy, so the socket outlives the subscription.
    const principal = { sub: "shutdown-test", org: null, roles: ["operator" as const], anonymous: false };
    let resolveClosed!: (code: number) => void;
    const closed = new Promise<number>((resolve) => (resolveClosed = resolve));
    const client = createClient({
      url: units.url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: () => ({ [PRINCIPAL_HEADER]: signPrincipal(principal, hub.secrets.principalKey, GRAPHQL_WS_BINDING) }),
      on: { closed: (event) => resolveClosed((event as { code: number }).code) },
      // The close is what this test waits for; graphql-ws would log it as an error.
      onNonLazyError: () => undefined,
    });
    const cursor = await hub.query<{ movementCursor: string }>(`{ movementCursor }`, {}, operator);
    const first = new Promise<void>((resolve, reject) => {
      client.subscribe({ query: `subscription($after: String) { unitMovements(after: $after) { cursor } }`, variables: { after: cursor.data!.movementCursor } }, { next: () => resolve(), error: reject, complete: () => undefined });
    });
    await move();
    await first;

    units.child.kill("SIGTERM");
    const [code, closeCode] = await Promise.all([exitCode(units.child), closed]);
    expect({ code, output: code === 0 ? "" : units.output.join("") }).toEqual({ code: 0, output: "" });
    expect(closeCode).toBe(1001);
    await client.dispose();
  });

  it("stop() lets an in-flight request finish before it resolves, and closes subscribers with 1001", async () => {
    // Orders behind a gate: the request arrives, and is answered only when released.
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const gate = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      arrived();
      await released;
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "content-length", "connection"].includes(k))) as Record<string, string>;
      const answer = await fetch(hub.subgraphUrls.orders, { method: "POST", headers, body: Buffer.concat(chunks) });
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    gate.listen(0, "127.0.0.1");
    await once(gate, "listening");
    try {
      const gateway = await startGateway({
        supergraphSdl: readFileSync(SUPERGRAPH_PATH, "utf8"),
        subgraphUrls: { ...hub.subgraphUrls, orders: `http://127.0.0.1:${(gate.address() as AddressInfo).port}/graphql` },
        jwt: { secret: hub.secrets.jwt },
        principalKey: hub.secrets.principalKey,
        port: 0,
        rateLimits: UNLIMITED,
      });
      const cursor = await postGraphQL<{ movementCursor: string }>(gateway.url, `{ movementCursor }`, {}, operator);
      const sub = subscribe(gateway.url, MOVEMENTS, { after: cursor.data!.movementCursor }, { token: operator });
      await move();
      await sub.take(1);

      const inFlight = postGraphQL<{ orders: { totalCount: number } }>(gateway.url, `{ orders(first: 1) { totalCount } }`, {}, operator);
      await requestArrived;
      let stopped = false;
      const stopping = gateway.stop().then(() => (stopped = true));
      expect((await sub.closed).code).toBe(1001);
      expect(stopped).toBe(false);
      release();
      const answer = await inFlight;
      expect(answer.errors).toBeUndefined();
      expect(typeof answer.data?.orders.totalCount).toBe("number");
      await stopping;
      await expect(fetch(gateway.url.replace(/\/graphql$/, "/health"))).rejects.toThrow();
    } finally {
      release();
      gate.closeAllConnections();
      await new Promise<void>((resolve) => gate.close(() => resolve()));
    }
  });
});
