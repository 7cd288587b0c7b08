import { type LiveSubscription, type TestHub, postGraphQL, startHub, subscribe } from "@tracehub/testkit";

// Issue 10: API keys for machines, end to end. An organization's admin creates keys in suppliers; the gateway
// takes them as 'Authorization: ApiKey <key>' (HTTP) and connectionParams.authorization (graphql-ws), as the key's
// organization, limited by the key's scopes; a revoked or expired key is refused within the gateway's key cache
// time (1 s in this hub, 5 s by default), live connections included.
const GTIN_A = "09506000134352"; // prefix 9506000, brand A
const GTIN_B = "04012345123456"; // prefix 4012345, brand B
const DOCK = "https://id.gs1.org/414/9506000134369";
const CACHE_MS = 1_000;
const REFUSED = "The API key is not valid: unknown, revoked or expired.";

const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id scopes } } }`;
const REVOKE_KEY = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const API_KEYS = `{ apiKeys(first: 20) { edges { node { id lastUsedAt revokedAt } } } }`;
const UNITS = `{ units(first: 100) { totalCount } }`;
const UNIT = `query($code: String!) { unit(code: $code) { id } }`;
const MOVE = `mutation($input: RecordMovementInput!) { recordMovement(input: $input) { eventId } }`;
const MOVEMENTS = `subscription($gtin: String) { unitMovements(filter: { gtin: $gtin }) { eventId bizStep units { id } } }`;

type Res = Awaited<ReturnType<typeof postGraphQL<any>>>;

describe("API keys through the gateway", () => {
  let hub: TestHub;
  let adminA: string;
  let unitsA: string[];
  let unitsB: string[];
  const keys: Record<string, { key: string; id: string }> = {};
  const open: LiveSubscription<unknown>[] = [];

  const withKey = (key: string, query: string, variables: Record<string, unknown> = {}): Promise<Res> =>
    postGraphQL<any>(hub.url, query, variables, null, { authorization: `ApiKey ${key}` });
  const live = (key: string) => {
    const sub = subscribe<{ unitMovements: { eventId: string; bizStep: string; units: { id: string }[] } }>(
      hub.wsUrl,
      MOVEMENTS,
      { gtin: GTIN_A },
      {
        connectionParams: { authorization: `ApiKey ${key}` },
      },
    );
    open.push(sub as LiveSubscription<unknown>);
    return sub;
  };
  async function createKey(name: string, input: Record<string, unknown>): Promise<{ key: string; id: string }> {
    const res = await hub.query<any>(CREATE_KEY, { i: { name, ...input } }, adminA);
    expect(res.errors).toBeUndefined();
    return (keys[name] = { key: res.data.createApiKey.key, id: res.data.createApiKey.apiKey.id });
  }
  /** Polls until the key is refused (401, the one message); returns how long after `since` that was. */
  async function refusedWithin(key: string, since: number): Promise<number> {
    for (;;) {
      const res = await withKey(key, UNITS);
      if (res.status === 401) {
        expect(res.errors?.[0]).toMatchObject({ message: REFUSED, extensions: { code: "UNAUTHENTICATED" } });
        return Date.now() - since;
      }
      expect(res.status).toBe(200);
      if (Date.now() - since > 10_000) throw new Error("the key was never refused");
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    hub = await startHub({ apiKeyCacheMs: CACHE_MS });
    const brandA = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    await hub.seed.organization({ name: "Brand B", kind: "BRAND_OWNER", companyPrefixes: ["4012345"] });
    adminA = await hub.token({ sub: "admin-a", org: brandA, roles: ["brand_owner", "admin"] });
    await hub.seed.product(GTIN_A, "A tablets");
    await hub.seed.product(GTIN_B, "B tablets");
    unitsA = (await hub.seed.units({ gtin: GTIN_A, lot: "LA", count: 3, serialType: "SEQUENTIAL" })).unitIds;
    unitsB = (await hub.seed.units({ gtin: GTIN_B, lot: "LB", count: 2, serialType: "SEQUENTIAL" })).unitIds;
    await createKey("scanner", { scopes: ["READ", "CAPTURE"] });
    await createKey("reader", { scopes: ["READ"] });
    await createKey("writer", { scopes: ["CAPTURE"] });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.dispose()));
  });
  afterAll(() => hub?.stop());

  it("reads as the key's organization over HTTP: its own units, not another brand's", async () => {
    const res = await withKey(keys.reader!.key, UNITS);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ units: { totalCount: unitsA.length } });
    expect((await withKey(keys.reader!.key, UNIT, { code: unitsA[0] })).data).toEqual({ unit: { id: unitsA[0] } });
    expect((await withKey(keys.reader!.key, UNIT, { code: unitsB[0] })).data).toEqual({ unit: null });
  });

  it("captures with a CAPTURE key, and the use shows in the key's lastUsedAt", async () => {
    const res = await withKey(keys.scanner!.key, MOVE, { input: { codes: [unitsA[0]], bizStep: "inspecting", readPoint: DOCK } });
    expect(res.errors).toBeUndefined();
    expect(res.data?.recordMovement?.eventId).toEqual(expect.any(String));
    const listed = (await hub.query<any>(API_KEYS, {}, adminA)).data.apiKeys.edges.map((e: { node: { id: string; lastUsedAt: string | null } }) => e.node);
    expect(listed.find((k: { id: string }) => k.id === keys.scanner!.id)?.lastUsedAt).not.toBeNull();
  });

  it("refuses what the key's scopes do not allow, naming the scope, and never lets a key manage keys", async () => {
    const write = await withKey(keys.reader!.key, MOVE, { input: { codes: [unitsA[1]], bizStep: "inspecting", readPoint: DOCK } });
    expect(write.status).toBe(403);
    expect(write.errors?.[0]).toMatchObject({ extensions: { code: "FORBIDDEN" }, message: expect.stringMatching(/CAPTURE scope/) });
    const read = await withKey(keys.writer!.key, UNITS);
    expect(read.status).toBe(403);
    expect(read.errors?.[0]?.message).toMatch(/READ scope/);
    const selfService = await withKey(keys.scanner!.key, CREATE_KEY, { i: { name: "made by a key", scopes: ["READ"] } });
    expect(selfService.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("answers an unknown key like a revoked one", async () => {
    const res = await withKey(`thk_${"A".repeat(43)}`, UNITS);
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.message).toBe(REFUSED);
  });

  it("subscribes over graphql-ws with a READ key and receives its organization's movements", async () => {
    const sub = live(keys.reader!.key);
    await new Promise((r) => setTimeout(r, 300));
    expect((await withKey(keys.scanner!.key, MOVE, { input: { codes: [unitsA[2]], bizStep: "shipping", readPoint: DOCK } })).errors).toBeUndefined();
    const [event] = await sub.take(1);
    expect(event!.unitMovements).toMatchObject({ bizStep: "shipping", units: [{ id: unitsA[2] }] });
    expect((await live(keys.writer!.key).closed).code).toBe(4403);
  });

  it("refuses a revoked key within 5 seconds, over HTTP and on a live connection", async () => {
    const key = await createKey("revoked", { scopes: ["READ"] });
    expect((await withKey(key.key, UNITS)).status).toBe(200);
    const sub = live(key.key);
    await new Promise((r) => setTimeout(r, 300));
    const revoked = await hub.query<any>(REVOKE_KEY, { id: key.id }, adminA);
    expect(revoked.data?.revokeApiKey?.revokedAt).not.toBeNull();
    const revokedAt = Date.now();
    expect(await refusedWithin(key.key, revokedAt)).toBeLessThan(5_000);
    const closed = await sub.closed;
    expect(closed).toEqual({ code: 4403, reason: "The API key was revoked or has expired." });
    expect(Date.now() - revokedAt).toBeLessThan(5_000);
  });

  it("refuses a key once it expires, with the same answer", async () => {
    const expiresAt = Date.now() + 2_000;
    const key = await createKey("short-lived", { scopes: ["READ"], expiresAt: new Date(expiresAt).toISOString() });
    expect((await withKey(key.key, UNITS)).status).toBe(200);
    const afterExpiry = await refusedWithin(key.key, expiresAt);
    expect(afterExpiry).toBeGreaterThan(-100); // not before it expired
    expect(afterExpiry).toBeLessThan(5_000);
  });
});
