import { ApiKeyDirectory, ApiKeyLookupUnavailable } from "../api-keys";
import { API_KEY_REFUSED, Authenticator, apiKeyScopeRefusal } from "../authenticate";
import { FAKE_ORG as ORG, FakeSuppliers } from "./support/fake-suppliers";

const PRINCIPAL_KEY = "principal-key-of-this-test-0123456789";
const KEY = `thk_${"a".repeat(43)}`;
const OTHER = `thk_${"b".repeat(43)}`;

describe("ApiKeyDirectory (suppliers' POST /internal/api-key)", () => {
  let suppliers: FakeSuppliers;
  const directory = (options: Partial<ConstructorParameters<typeof ApiKeyDirectory>[0]> = {}) =>
    new ApiKeyDirectory({ suppliersUrl: suppliers.url, principalKey: PRINCIPAL_KEY, ...options });

  beforeAll(async () => {
    suppliers = await new FakeSuppliers(PRINCIPAL_KEY).start();
  });
  afterAll(() => suppliers.stop());
  beforeEach(() => {
    suppliers.keys.clear();
    suppliers.calls = [];
    suppliers.mode = "contract";
  });

  it("resolves a valid key with a signed call, and a key suppliers does not know as null", async () => {
    suppliers.keys.set(KEY, { scopes: ["READ", "CAPTURE"] });
    const keys = directory();
    await expect(keys.resolve(KEY)).resolves.toEqual({ id: "id-of-aaaa", organizationId: ORG, organizationKind: "BRAND_OWNER", scopes: ["READ", "CAPTURE"] });
    await expect(keys.resolve(OTHER)).resolves.toBeNull();
    expect(suppliers.calls).toEqual([KEY, OTHER]);
  });

  it("is refused by suppliers when signed with another key, which is a fault, not the caller's", async () => {
    suppliers.keys.set(KEY, { scopes: ["READ"] });
    await expect(directory({ principalKey: "another-principal-key-0123456789" }).resolve(KEY)).rejects.toBeInstanceOf(ApiKeyLookupUnavailable);
  });

  it("reuses answers, valid and not valid, within the cache time and asks again after it", async () => {
    suppliers.keys.set(KEY, { scopes: ["READ"] });
    const keys = directory({ ttlMs: 300 });
    for (let i = 0; i < 5; i++) {
      await keys.resolve(KEY);
      await keys.resolve(OTHER);
    }
    expect(suppliers.calls).toHaveLength(2);
    suppliers.keys.delete(KEY); // revoked
    await expect(keys.resolve(KEY)).resolves.not.toBeNull(); // still cached
    await new Promise((r) => setTimeout(r, 350));
    await expect(keys.resolve(KEY)).resolves.toBeNull();
    expect(suppliers.calls).toHaveLength(3);
  });

  it("asks again when an answer is older than the caller accepts (live connections check with half the cache time)", async () => {
    suppliers.keys.set(KEY, { scopes: ["READ"] });
    const keys = directory({ ttlMs: 5_000 });
    await keys.resolve(KEY);
    await new Promise((r) => setTimeout(r, 120));
    await keys.resolve(KEY, 1_000);
    expect(suppliers.calls).toHaveLength(1);
    await keys.resolve(KEY, 100);
    expect(suppliers.calls).toHaveLength(2);
  });

  it("asks once for concurrent requests with the same key", async () => {
    suppliers.keys.set(KEY, { scopes: ["READ"] });
    const keys = directory();
    const answers = await Promise.all(Array.from({ length: 20 }, () => keys.resolve(KEY)));
    expect(answers.every((a) => a?.id === "id-of-aaaa")).toBe(true);
    expect(suppliers.calls).toHaveLength(1);
  });

  it("keeps at most maxEntries keys of each answer, so made-up keys cannot push out the valid ones", async () => {
    suppliers.keys.set(KEY, { scopes: ["READ"] });
    const keys = directory({ maxEntries: 5 });
    await keys.resolve(KEY);
    for (let i = 0; i < 50; i++) await keys.resolve(`thk_made-up-${i}-${"x".repeat(30)}`);
    expect(keys.size).toEqual({ valid: 1, invalid: 5 });
    const before = suppliers.calls.length;
    await keys.resolve(KEY);
    expect(suppliers.calls.length).toBe(before);
  });

  it("does not look up what cannot be a key", async () => {
    const keys = directory();
    for (const junk of ["short", "x".repeat(300), "thk_with space", "thk_\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"])
      await expect(keys.resolve(junk)).resolves.toBeNull();
    expect(suppliers.calls).toEqual([]);
  });

  it.each(["500", "slow", "garbage"] as const)("cannot tell when suppliers answers %s", async (mode) => {
    suppliers.keys.set(KEY, { scopes: ["READ"] });
    suppliers.mode = mode;
    await expect(directory({ timeoutMs: 300 }).resolve(KEY)).rejects.toBeInstanceOf(ApiKeyLookupUnavailable);
  });

  it("cannot tell when suppliers is not there at all, and caches no such failure", async () => {
    const keys = new ApiKeyDirectory({ suppliersUrl: "http://127.0.0.1:9/graphql", principalKey: PRINCIPAL_KEY, timeoutMs: 300 });
    await expect(keys.resolve(KEY)).rejects.toBeInstanceOf(ApiKeyLookupUnavailable);
    expect(keys.size).toEqual({ valid: 0, invalid: 0 });
  });

  it("bounds the look-ups under way", async () => {
    suppliers.mode = "slow";
    const keys = directory({ maxPending: 2, timeoutMs: 3_000 });
    const first = [keys.resolve(`${KEY}1`), keys.resolve(`${KEY}2`)];
    await expect(keys.resolve(`${KEY}3`)).rejects.toBeInstanceOf(ApiKeyLookupUnavailable);
    await Promise.all(first);
  });
});

describe("Authenticator", () => {
  let suppliers: FakeSuppliers;
  let authenticator: Authenticator;

  beforeAll(async () => {
    suppliers = await new FakeSuppliers(PRINCIPAL_KEY).start();
    authenticator = new Authenticator(
      { secret: "jwt-secret-of-this-test-0123456789" },
      new ApiKeyDirectory({ suppliersUrl: suppliers.url, principalKey: PRINCIPAL_KEY, ttlMs: 0 }),
    );
  });
  afterAll(() => suppliers.stop());

  it("turns a valid key into its principal, and answers unknown, revoked and expired keys alike", async () => {
    suppliers.keys.set(KEY, { scopes: ["READ"], kind: "LOGISTICS" });
    await expect(authenticator.authenticate(`ApiKey ${KEY}`)).resolves.toEqual({
      kind: "authenticated",
      principal: { sub: "apikey:id-of-aaaa", org: ORG, roles: ["logistics"], anonymous: false, apiKeyScopes: ["READ"] },
      expiresAt: Infinity,
      apiKey: KEY,
    });
    const refusals = await Promise.all([`ApiKey ${OTHER}`, "ApiKey short", `ApiKey ${"z".repeat(300)}`].map((h) => authenticator.authenticate(h)));
    for (const refusal of refusals) expect(refusal).toEqual({ kind: "refused", status: 401, code: "UNAUTHENTICATED", message: API_KEY_REFUSED });
    await expect(authenticator.recheckApiKey(KEY)).resolves.toBe("valid");
    suppliers.keys.delete(KEY);
    await expect(authenticator.recheckApiKey(KEY)).resolves.toBe("refused");
  });

  it("answers 503 SUBGRAPH_UNAVAILABLE naming suppliers when it cannot tell, never 401 or 500", async () => {
    suppliers.mode = "500";
    const refused = await authenticator.authenticate(`ApiKey ${KEY}`);
    expect(refused).toMatchObject({ kind: "refused", status: 503, code: "SUBGRAPH_UNAVAILABLE", extensions: { serviceName: "suppliers" } });
    await expect(authenticator.recheckApiKey(KEY)).resolves.toBe("unknown");
    suppliers.mode = "contract";
  });

  it("treats no credential as anonymous and anything malformed as unauthenticated", async () => {
    await expect(authenticator.authenticate(undefined)).resolves.toMatchObject({ kind: "anonymous" });
    await expect(authenticator.authenticate("")).resolves.toMatchObject({ kind: "anonymous" });
    await expect(authenticator.authenticate("Basic abc")).resolves.toMatchObject({ kind: "refused", status: 401 });
    await expect(authenticator.authenticate({ token: "x" })).resolves.toMatchObject({ kind: "refused", status: 401 });
    await expect(authenticator.authenticate("Bearer not-a-jwt")).resolves.toMatchObject({ kind: "refused", status: 401, code: "UNAUTHENTICATED" });
  });
});

describe("API key scopes", () => {
  const key = (scopes: ("READ" | "CAPTURE")[]) => ({ sub: "apikey:k", org: ORG, roles: ["brand_owner" as const], anonymous: false, apiKeyScopes: scopes });

  it("need CAPTURE for mutations and READ for queries and subscriptions, naming the missing scope", () => {
    expect(apiKeyScopeRefusal(key(["READ"]), "mutation")).toBe("This API key lacks the CAPTURE scope, which mutations need; use a key created with CAPTURE.");
    expect(apiKeyScopeRefusal(key(["CAPTURE"]), "query")).toMatch(/lacks the READ scope, which queries need/);
    expect(apiKeyScopeRefusal(key(["CAPTURE"]), "subscription")).toMatch(/lacks the READ scope, which subscriptions need/);
    expect(apiKeyScopeRefusal(key(["READ", "CAPTURE"]), "mutation")).toBeNull();
    expect(apiKeyScopeRefusal(key(["READ"]), "query")).toBeNull();
  });

  it("do not apply to tokens", () => {
    expect(apiKeyScopeRefusal({ sub: "u", org: ORG, roles: ["brand_owner"], anonymous: false }, "mutation")).toBeNull();
  });
});
