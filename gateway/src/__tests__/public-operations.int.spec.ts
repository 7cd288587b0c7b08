import { type TestHub, postGraphQL, startHub } from "@tracehub/testkit";
import { PUBLIC_OPERATIONS, operationHash } from "../public-operations";

// Issue 17, abuse resistance: without credentials, only the registered public operations run, by hash or by their
// exact document, through the real gateway. Everything else is refused before anything is read.
describe("anonymous callers run only the registered public operations", () => {
  let hub: TestHub;
  let operator: string;
  let unitId: string;
  const GTIN = "09506000134352";
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const byHash = (name: keyof typeof PUBLIC_OPERATIONS) => ({ persistedQuery: { version: 1, sha256Hash: operationHash(PUBLIC_OPERATIONS[name]) } });

  beforeAll(async () => {
    hub = await startHub();
    operator = await hub.token({ roles: ["operator"] });
    await hub.seed.product(GTIN, "Ibuprofen 400 mg");
    unitId = (await hub.seed.units({ gtin: GTIN, lot: "L1", expiry: "2030-01-31", count: 1 })).unitIds[0]!;
  });
  afterAll(() => hub?.stop());

  it("serves the manifest of public operations, with CORS and a cache lifetime", async () => {
    const res = await fetch(hub.url.replace(/\/graphql$/, "/public-operations.json"));
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("cache-control")).toMatch(/max-age=\d+/);
    const manifest = (await res.json()) as any;
    expect(manifest.format).toBe("apollo-persisted-query-manifest");
    expect(manifest.operations.find((o: any) => o.name === "VerifyAuthenticity")).toEqual({
      id: operationHash(PUBLIC_OPERATIONS.VerifyAuthenticity),
      name: "VerifyAuthenticity",
      type: "query",
      body: PUBLIC_OPERATIONS.VerifyAuthenticity,
    });
  });

  it("runs a public operation named by its hash alone", async () => {
    const res = await post({ variables: { code: unitId }, extensions: byHash("VerifyAuthenticity") });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.verifyAuthenticity).toMatchObject({ verdict: "GENUINE", gtin: GTIN, productName: "Ibuprofen 400 mg", expiry: "2030-01-31" });
    const facts = await post({ variables: { gtin: GTIN }, extensions: byHash("PublicProductFacts") });
    expect(facts.body.data.publicProductFacts).toMatchObject({ name: "Ibuprofen 400 mg" });
    const verdict = await post({ variables: { code: unitId }, extensions: byHash("VerifyVerdict") });
    expect(Object.keys(verdict.body.data.verifyAuthenticity).sort()).toEqual(["checkedAt", "message", "reasons", "verdict"]);
    expect(verdict.body.data.verifyAuthenticity.verdict).toBe("GENUINE");
    const tracking = await post({ variables: { token: "not-a-real-tracking-token" }, extensions: byHash("TrackOrder") });
    expect(tracking.body).toEqual({ data: { trackOrder: null } });
  });

  it("runs a public operation sent as its document, exactly or laid out otherwise, and with its hash beside it", async () => {
    const exact = await postGraphQL<any>(hub.url, PUBLIC_OPERATIONS.VerifyAuthenticity, { code: unitId });
    expect(exact.data.verifyAuthenticity.verdict).toBe("GENUINE");
    const relaid = await postGraphQL<any>(hub.url, `# from an app\n${PUBLIC_OPERATIONS.VerifyAuthenticity.replace(/\n\s*/g, " ")}`, { code: unitId });
    expect(relaid.errors).toBeUndefined();
    expect(relaid.data.verifyAuthenticity.verdict).toBe("GENUINE");
    const both = await post({ query: PUBLIC_OPERATIONS.VerifyAuthenticity, variables: { code: unitId }, extensions: byHash("VerifyAuthenticity") });
    expect(both.body.data.verifyAuthenticity.verdict).toBe("GENUINE");
  });

  it.each([
    ["an inline literal", `{ verifyAuthenticity(code: "(01)${GTIN}(21)X") { verdict } }`],
    ["a narrower selection", `query($code: String!) { verifyAuthenticity(code: $code) { verdict } }`],
    ["aliases", `query($code: String!) { a: verifyAuthenticity(code: $code) { verdict } b: verifyAuthenticity(code: $code) { verdict } }`],
    ["the registered text under another name", PUBLIC_OPERATIONS.VerifyAuthenticity.replace("query VerifyAuthenticity", "query Mine")],
  ])("refuses %s from an anonymous caller, pointing at the manifest, and checks nothing", async (_what, query) => {
    const before = hub.sql.units.count;
    const res = await post({ query, variables: { code: unitId } });
    expect(hub.sql.units.count).toBe(before);
    expect(res.status).toBe(401);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(res.body.errors[0].message).toContain("/public-operations.json");
  });

  it("still refuses private fields to anonymous callers as before", async () => {
    const res = await post({ query: `{ units(first: 1) { totalCount } }` });
    expect(res.status).toBe(401);
    expect(res.body.errors[0].message).toMatch(/Authentication is required/);
  });

  it("refuses an unknown hash, a document that is not the hash's, and a malformed persisted query, with 400", async () => {
    const unknown = await post({ variables: { code: unitId }, extensions: { persistedQuery: { version: 1, sha256Hash: operationHash("query { __typename }") } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    // An authenticated caller cannot register documents either.
    const registering = await post(
      { query: `{ __typename }`, extensions: { persistedQuery: { version: 1, sha256Hash: operationHash(`{ __typename }`) } } },
      { authorization: `Bearer ${operator}` },
    );
    expect(registering.status).toBe(400);
    expect(registering.body.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const mismatch = await post({ query: `query($code: String!) { verifyAuthenticity(code: $code) { verdict } }`, variables: { code: unitId }, extensions: byHash("VerifyAuthenticity") });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0].extensions.code).toBe("BAD_REQUEST");
    for (const persistedQuery of [{ version: 2, sha256Hash: operationHash(PUBLIC_OPERATIONS.TrackOrder) }, { version: 1 }, "abc", null]) {
      const bad = await post({ variables: { token: "x" }, extensions: { persistedQuery } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].extensions.code).toBe("BAD_REQUEST");
    }
  });

  it("lets authenticated callers run any document, and the registered ones by hash", async () => {
    const custom = await postGraphQL<any>(hub.url, `{ verifyAuthenticity(code: "${unitId}") { verdict } }`, {}, operator);
    expect(custom.data.verifyAuthenticity.verdict).toBe("GENUINE");
    const hashed = await post({ variables: { code: unitId }, extensions: byHash("VerifyAuthenticity") }, { authorization: `Bearer ${operator}` });
    expect(hashed.body.data.verifyAuthenticity.verdict).toBe("GENUINE");
  });
});
