import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { type RunningGateway, SUPERGRAPH_PATH, UNLIMITED, startGateway } from "@tracehub/gateway";
import { type TestHub, postGraphQL, startHub, subscribe } from "@tracehub/testkit";

type Errors = { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];

/**
 * An HTTP proxy in front of a subgraph that can freeze: while frozen it accepts requests and never answers
 * (a hung process, not a dead one). Counts the requests it received.
 */
async function freezableProxy(target: string) {
  let frozen = false;
  let delayMs = 0;
  let received = 0;
  const held: http.ServerResponse[] = [];
  const server = http.createServer(async (req, res) => {
    received += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (frozen) {
      held.push(res);
      return;
    }
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "content-length", "connection"].includes(k))) as Record<string, string>;
    const answer = await fetch(target, { method: req.method ?? "POST", headers, body: Buffer.concat(chunks) });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    freeze: () => void (frozen = true),
    thaw: () => void (frozen = false),
    /** Answers every request this much later (a slow subgraph, not a hung one). */
    slow: (ms: number) => void (delayMs = ms),
    received: () => received,
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on. */
async function deadUrl(): Promise<string> {
  const server = http.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/graphql`;
}

const UNITS_WITH_ORDERS = `{ units(first: 3) { edges { node { id order { id } } } } }`;

describe("subgraph outages through the gateway", () => {
  let hub: TestHub;
  let operator: string;
  const gateways: RunningGateway[] = [];
  const gatewayWith = async (subgraphUrls: Partial<Record<string, string>>, subgraphs = {}) => {
    const gateway = await startGateway({
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, "utf8"),
      subgraphUrls: { ...hub.subgraphUrls, ...subgraphUrls } as Record<string, string>,
      jwt: { secret: hub.secrets.jwt },
      principalKey: hub.secrets.principalKey,
      port: 0,
      rateLimits: UNLIMITED,
      subgraphs,
    });
    gateways.push(gateway);
    return gateway;
  };

  let brand: string;

  beforeAll(async () => {
    hub = await startHub();
    operator = await hub.token({ roles: ["operator"] });
    const org = await hub.seed.organization({ name: "Outage Pharma", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    brand = await hub.token({ sub: "outage-brand", org, roles: ["brand_owner"] });
    await hub.seed.product("09506000134352", "Outage test product");
    await hub.seed.units({ gtin: "09506000134352", lot: "OUT-1", count: 3 });
  });
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await hub?.stop();
  });

  describe("a slow subgraph", () => {
    it("gives bulk work (label sheets, exports) the long timeout, and an interactive query the short one", async () => {
      const proxy = await freezableProxy(hub.subgraphUrls.units);
      try {
        const gateway = await gatewayWith({ units: proxy.url }, { timeoutMs: 300, mutationTimeoutMs: 10_000, breakerFailures: 100 });
        const code = `https://id.gs1.org/01/09506000134352/21/SLOW1`;
        proxy.slow(800);
        // The same drawing, as a GraphQL query: cut off at 300 ms.
        const asQuery = await postGraphQL(gateway.url, `query($c: [String!]!) { labels(codes: $c, format: SVG, symbology: QR) { text } }`, { c: [code] }, brand);
        expect(asQuery.errors?.[0]).toMatchObject({ extensions: { code: "SUBGRAPH_TIMEOUT", serviceName: "units" } });
        // Through the label route: bulk work, drawn however long the subgraph takes (within the long timeout).
        const label = await fetch(`${gateway.url.replace(/\/graphql$/, "")}/labels/qr/${encodeURIComponent(code)}.svg`, { headers: { authorization: `Bearer ${brand}` } });
        expect(label.status).toBe(200);
        expect(label.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
        expect(await label.text()).toContain("<svg");
      } finally {
        await proxy.close();
      }
    });
  });

  describe("a frozen subgraph", () => {
    it("times out, returns what the others answered with an error naming it, then fails fast until a probe succeeds", async () => {
      const proxy = await freezableProxy(hub.subgraphUrls.orders);
      try {
        const gateway = await gatewayWith({ orders: proxy.url }, { timeoutMs: 300, breakerFailures: 2, breakerCooldownMs: 1_500 });
        const breaker = gateway.breakers.orders!;
        expect((await postGraphQL(gateway.url, UNITS_WITH_ORDERS, {}, operator)).errors).toBeUndefined();

        proxy.freeze();
        const pending = postGraphQL<{ units: { edges: { node: { id: string; order: unknown } }[] } }>(gateway.url, UNITS_WITH_ORDERS, {}, operator);
        expect((await fetch(gateway.url.replace(/\/graphql$/, "/health"))).status).toBe(200);
        const first = await pending;
        expect(first.status).toBe(200);
        expect(first.data?.units.edges).toHaveLength(3);
        expect(first.data?.units.edges.every((e) => e.node.id && e.node.order === null)).toBe(true);
        expect(first.errors?.[0]).toMatchObject({ extensions: { code: "SUBGRAPH_TIMEOUT", serviceName: "orders" } });
        expect(first.errors?.[0]?.message).toMatch(/orders service did not answer within 300 ms/);
        expect(breaker.state).toBe("closed");

        const opened = once(breaker, "open");
        expect((await postGraphQL(gateway.url, UNITS_WITH_ORDERS, {}, operator)).errors?.[0]?.extensions?.code).toBe("SUBGRAPH_TIMEOUT");
        await opened;

        const calls = proxy.received();
        const fast = await postGraphQL<{ units: { edges: unknown[] } }>(gateway.url, UNITS_WITH_ORDERS, {}, operator);
        expect(fast.errors?.[0]).toMatchObject({ extensions: { code: "SUBGRAPH_UNAVAILABLE", serviceName: "orders" } });
        expect(fast.data?.units.edges).toHaveLength(3);
        expect(proxy.received()).toBe(calls);

        proxy.thaw();
        await once(breaker, "half-open");
        const probe = await postGraphQL(gateway.url, UNITS_WITH_ORDERS, {}, operator);
        expect(probe.errors).toBeUndefined();
        expect(breaker.state).toBe("closed");
      } finally {
        await proxy.close();
      }
    });

    it("opens again when the half-open probe fails", async () => {
      const proxy = await freezableProxy(hub.subgraphUrls.orders);
      try {
        const gateway = await gatewayWith({ orders: proxy.url }, { timeoutMs: 200, breakerFailures: 1, breakerCooldownMs: 300 });
        const breaker = gateway.breakers.orders!;
        proxy.freeze();
        expect((await postGraphQL(gateway.url, UNITS_WITH_ORDERS, {}, operator)).errors?.[0]?.extensions?.code).toBe("SUBGRAPH_TIMEOUT");
        expect(breaker.state).toBe("open");
        await once(breaker, "half-open");
        const reopened = once(breaker, "open");
        expect((await postGraphQL(gateway.url, UNITS_WITH_ORDERS, {}, operator)).errors?.[0]?.extensions?.code).toBe("SUBGRAPH_TIMEOUT");
        await reopened;
      } finally {
        await proxy.close();
      }
    });
  });

  describe("a dead subgraph", () => {
    it("reports an orders outage as SUBGRAPH_UNAVAILABLE naming orders, with the units data", async () => {
      const gateway = await gatewayWith({ orders: await deadUrl() });
      const res = await postGraphQL<{ units: { edges: { node: { order: unknown } }[] } }>(gateway.url, UNITS_WITH_ORDERS, {}, operator);
      expect(res.data?.units.edges).toHaveLength(3);
      const errors = res.errors as Errors;
      expect(errors[0]?.extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", serviceName: "orders" });
      expect(errors[0]?.message).toMatch(/orders service is unavailable \(ECONNREFUSED\)/);
      expect(errors.some((e) => e.extensions?.code === "INTERNAL_SERVER_ERROR")).toBe(false);

      const rootOnly = await postGraphQL(gateway.url, `{ orders(first: 1) { totalCount } }`, {}, operator);
      expect(rootOnly.status).toBe(200);
      expect(rootOnly.errors?.[0]?.extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", serviceName: "orders" });
    });

    it("gives subscribers a precise error when units cannot be reached", async () => {
      const gateway = await gatewayWith({ units: await deadUrl() });
      const sub = subscribe(gateway.url, `subscription { unitMovements { cursor } }`, {}, { token: operator });
      const errors = (await sub.failed) as Errors;
      expect(errors[0]?.extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", serviceName: "units" });
      expect(errors[0]?.message).toMatch(/^The units service is unavailable \(ECONNREFUSED\)/);
      expect(errors[0]?.message).not.toContain("[object Object]");
      await sub.dispose();
    });
  });

  it("answers a subscription sent over HTTP with 400 and SUBSCRIPTION_OVER_HTTP", async () => {
    const res = await hub.query(`subscription { unitMovements { cursor } }`, {}, operator);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe("SUBSCRIPTION_OVER_HTTP");
    expect(res.errors?.[0]?.message).toMatch(/WebSocket/);
  });
});
