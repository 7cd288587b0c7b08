import { readFileSync } from "node:fs";
import { type GatewayOptions, type RunningGateway, SUPERGRAPH_PATH, UNLIMITED, startGateway } from "@tracehub/gateway";
import { type LiveSubscription, type TestHub, postGraphQL, startHub, subscribe } from "@tracehub/testkit";
import { FakeSuppliers } from "./support/fake-suppliers";

// Issue 10: API keys at the gateway's door, against suppliers' internal endpoint as its contract has it (a fake
// that speaks it, so that outages and revocations can be played); the real subgraphs behind. The e2e test
// e2e/test/api-keys.int.spec.ts does the same with the real suppliers.
const GTIN = "09506000134352";
const COUNT = `{ units(first: 1) { totalCount } }`;
const UPSERT = `mutation($input: UpsertProductInput!) { upsertProduct(input: $input) { gtin name } }`;
const MOVEMENTS = `subscription($gtin: String) { unitMovements(filter: { gtin: $gtin }) { eventId units { id } } }`;
const key = (c: string) => `thk_${c.repeat(43)}`;
const READ_ONLY = key("r");
const CAPTURE_ONLY = key("c");
const BOTH = key("b");

describe("API keys at the gateway", () => {
  let hub: TestHub;
  let suppliers: FakeSuppliers;
  const gateways: RunningGateway[] = [];
  const open: LiveSubscription<unknown>[] = [];
  const gatewayWith = async (options: Partial<GatewayOptions> = {}) => {
    const gateway = await startGateway({
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, "utf8"),
      subgraphUrls: { ...hub.subgraphUrls, suppliers: suppliers.url },
      jwt: { secret: hub.secrets.jwt },
      principalKey: hub.secrets.principalKey,
      port: 0,
      rateLimits: UNLIMITED,
      apiKeyCacheMs: 1_000,
      ...options,
    });
    gateways.push(gateway);
    return gateway;
  };
  let door: RunningGateway;
  const withKey = (k: string, query: string, variables: Record<string, unknown> = {}, url = door.url) => postGraphQL(url, query, variables, null, { authorization: `ApiKey ${k}` });
  const live = (k: string, variables: Record<string, unknown> = { gtin: GTIN }, url = door.url) => {
    const sub = subscribe(url, MOVEMENTS, variables, { connectionParams: { authorization: `ApiKey ${k}` } });
    open.push(sub);
    return sub;
  };

  beforeAll(async () => {
    hub = await startHub();
    suppliers = await new FakeSuppliers(hub.secrets.principalKey).start();
    await hub.seed.product(GTIN, "Tablets");
    door = await gatewayWith();
  });
  beforeEach(() => {
    suppliers.keys.clear();
    suppliers.keys.set(READ_ONLY, { scopes: ["READ"] });
    suppliers.keys.set(CAPTURE_ONLY, { scopes: ["CAPTURE"] });
    suppliers.keys.set(BOTH, { scopes: ["READ", "CAPTURE"] });
    suppliers.mode = "contract";
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.dispose()));
  });
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await suppliers?.stop();
    await hub?.stop();
  });

  describe("over HTTP (Authorization: ApiKey <key>)", () => {
    it("runs a query with a READ key, as the key's organization (its prefixes decide what it sees)", async () => {
      const res = await withKey(READ_ONLY, COUNT);
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ units: { totalCount: expect.any(Number) } });
    });

    it("runs a mutation with a CAPTURE key, with the roles of the organization's kind (a brand owner on its own prefix)", async () => {
      const res = await withKey(BOTH, UPSERT, { input: { gtin: GTIN, name: "Tablets, renamed by a key" } });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ upsertProduct: { gtin: GTIN, name: "Tablets, renamed by a key" } });
    });

    it("refuses a mutation to a key without CAPTURE, and a query to a key without READ, with 403 FORBIDDEN naming the scope", async () => {
      const mutation = await withKey(READ_ONLY, UPSERT, { input: { gtin: GTIN, name: "Not renamed" } });
      expect(mutation.status).toBe(403);
      expect(mutation.errors?.[0]).toMatchObject({ message: expect.stringMatching(/lacks the CAPTURE scope/), extensions: { code: "FORBIDDEN" } });
      const query = await withKey(CAPTURE_ONLY, COUNT);
      expect(query.status).toBe(403);
      expect(query.errors?.[0]).toMatchObject({ message: expect.stringMatching(/lacks the READ scope/), extensions: { code: "FORBIDDEN" } });
      expect((await hub.query(`{ product(gtin: "${GTIN}") { name } }`)).data?.product?.name).not.toBe("Not renamed");
    });

    it("answers an unknown, revoked or malformed key with 401 UNAUTHENTICATED and one message for all", async () => {
      const messages = new Set<string>();
      for (const k of [key("u"), "thk_short", "x".repeat(500)]) {
        const res = await withKey(k, COUNT);
        expect(res.status).toBe(401);
        expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
        expect(res.data ?? null).toBeNull();
        messages.add(res.errors![0]!.message);
      }
      expect([...messages]).toEqual(["The API key is not valid: unknown, revoked or expired."]);
    });

    it("refuses a revoked key within the cache time (1 s here; 5 s by default)", async () => {
      const k = key("v");
      suppliers.keys.set(k, { scopes: ["READ"] });
      expect((await withKey(k, COUNT)).status).toBe(200);
      suppliers.keys.delete(k);
      const revokedAt = Date.now();
      let status = 200;
      while (status === 200 && Date.now() - revokedAt < 5_000) {
        status = (await withKey(k, COUNT)).status;
        if (status === 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(401);
      expect(Date.now() - revokedAt).toBeLessThan(1_500);
    });

    it("answers 503 SUBGRAPH_UNAVAILABLE naming suppliers, never 500, when keys cannot be checked", async () => {
      suppliers.mode = "500";
      const res = await withKey(key("d"), COUNT);
      expect(res.status).toBe(503);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", serviceName: "suppliers" });
      const gone = await gatewayWith({ subgraphUrls: { ...hub.subgraphUrls, suppliers: "http://127.0.0.1:9/graphql" } });
      const res2 = await withKey(key("d"), COUNT, {}, gone.url);
      expect(res2.status).toBe(503);
      expect(res2.errors?.[0]?.extensions?.code).toBe("SUBGRAPH_UNAVAILABLE");
    });

    it("asks suppliers once per key and cache time, whatever the number of requests", async () => {
      const before = suppliers.calls.length;
      await Promise.all(Array.from({ length: 10 }, () => withKey(READ_ONLY, COUNT)));
      await Promise.all(Array.from({ length: 10 }, () => withKey(key("n"), COUNT)));
      expect(suppliers.calls.length - before).toBeLessThanOrEqual(2);
    });
  });

  describe("rate limits", () => {
    it("charge a key's requests to the key, and made-up keys to the address's public bucket", async () => {
      const limited = await gatewayWith({
        rateLimits: { address: { perSecond: 1_000, burst: 1_000 }, anonymous: { perSecond: 0.001, burst: 2 }, principal: { perSecond: 0.001, burst: 3 } },
      });
      for (let i = 0; i < 3; i++) expect((await withKey(READ_ONLY, COUNT, {}, limited.url)).status).toBe(200);
      const over = await withKey(READ_ONLY, COUNT, {}, limited.url);
      expect(over.status).toBe(429);
      expect(over.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
      expect((await withKey(BOTH, COUNT, {}, limited.url)).status).toBe(200); // another key, its own bucket
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await withKey(key(String(i)), COUNT, {}, limited.url)).status);
      expect(statuses).toEqual([401, 401, 429, 429]);
    });
  });

  describe("over graphql-ws (connectionParams.authorization = 'ApiKey <key>')", () => {
    it("serves a READ key's subscription", async () => {
      const sub = live(READ_ONLY);
      await new Promise((r) => setTimeout(r, 300));
      await hub.seed.units({ gtin: GTIN, lot: "WS-1", count: 2, serialType: "SEQUENTIAL" });
      const [first] = await sub.take(1);
      expect((first as { unitMovements: { units: unknown[] } }).unitMovements.units).toHaveLength(2);
    });

    it("closes with 4403 for a key without READ, naming the scope, and for an unknown key with the same message as HTTP", async () => {
      const capture = await live(CAPTURE_ONLY).closed;
      expect(capture.code).toBe(4403);
      expect(capture.reason).toMatch(/lacks the READ scope/);
      const unknown = await live(key("u")).closed;
      expect(unknown).toEqual({ code: 4403, reason: "The API key is not valid: unknown, revoked or expired." });
    });

    it("closes a live connection with 4403 within the cache time once its key is revoked", async () => {
      const k = key("w");
      suppliers.keys.set(k, { scopes: ["READ"] });
      const sub = live(k);
      await new Promise((r) => setTimeout(r, 300));
      suppliers.keys.delete(k);
      const revokedAt = Date.now();
      const closed = await sub.closed;
      expect(closed).toEqual({ code: 4403, reason: "The API key was revoked or has expired." });
      expect(Date.now() - revokedAt).toBeLessThan(1_800); // the cache time (1 s) and a look-up
    });

    it("closes with 1013 (try again later) when keys cannot be checked", async () => {
      suppliers.mode = "500";
      const closed = await live(key("e")).closed;
      expect(closed.code).toBe(1013);
      expect(closed.reason).toMatch(/suppliers/);
    });
  });
});
