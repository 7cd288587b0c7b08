import { createPublicKey } from "node:crypto";
import { type LiveSubscription, type TestHub, type TestIdentityProvider, providerKey, startHub, startIdentityProvider, subscribe } from "@tracehub/testkit";
import { SignJWT, exportSPKI } from "jose";

// Issue 10: production identity. The gateway takes RS256/ES256 tokens of an external identity provider through
// its JSON Web Key Set (a local one here), beside the hub's HS256 tokens, and refuses every forgery with 401.
const ORG_CLAIM = "https://tracehub.test/org";
const ROLES_CLAIM = "https://tracehub.test/roles";
const COOLDOWN_MS = 1_000;
const ORGS = `{ organizations(first: 10) { totalCount edges { node { name } } } }`;
const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { name } }`;
const GTIN = "09506000134352";
const MOVEMENTS = `subscription { unitMovements(filter: { gtin: "${GTIN}" }) { eventId } }`;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("identity provider tokens (JWKS_URL)", () => {
  let idp: TestIdentityProvider;
  let hub: TestHub;
  let brand: string;
  const open: LiveSubscription<unknown>[] = [];
  const idpToken = (claims: Record<string, unknown> = {}, options: Parameters<TestIdentityProvider["token"]>[0] = {}) =>
    idp.token({ ...options, claims: { [ORG_CLAIM]: brand, [ROLES_CLAIM]: ["brand_owner", "billing-viewer"], ...claims } });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function expectRefused(token: string, message?: RegExp): Promise<void> {
    const res = await hub.query(ORGS, {}, token);
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    if (message) expect(res.errors?.[0]?.message).toMatch(message);
    expect(res.data ?? null).toBeNull();
  }

  beforeAll(async () => {
    idp = await startIdentityProvider();
    hub = await startHub({
      jwks: { url: idp.jwksUrl, issuer: idp.issuer, audience: idp.audience, orgClaim: ORG_CLAIM, rolesClaim: ROLES_CLAIM, cooldownMs: COOLDOWN_MS },
    });
    brand = await hub.seed.organization({ name: "Brand of the provider", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    await hub.seed.organization({ name: "Someone else", kind: "RETAILER" });
    await hub.seed.product(GTIN, "Tablets");
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.dispose()));
  });
  afterAll(async () => {
    await hub?.stop();
    await idp?.stop();
  });

  it("accepts an RS256 token over HTTP, with the organization and roles of the configured claims", async () => {
    const res = await hub.query<{ organizations: { totalCount: number; edges: { node: { name: string } }[] } }>(ORGS, {}, await idpToken());
    expect(res.errors).toBeUndefined();
    expect(res.data?.organizations).toEqual({ totalCount: 1, edges: [{ node: { name: "Brand of the provider" } }] });
  });

  it("takes roles from the provider as the hub knows them (an operator may register an organization; a brand owner may not)", async () => {
    const asOperator = await hub.query(
      CREATE_ORG,
      { input: { name: "Registered by an IdP operator", kind: "RETAILER" } },
      await idpToken({ [ORG_CLAIM]: null, [ROLES_CLAIM]: "operator idp-admin" }),
    );
    expect(asOperator.errors).toBeUndefined();
    const asBrand = await hub.query(CREATE_ORG, { input: { name: "Not registered", kind: "RETAILER" } }, await idpToken());
    expect(asBrand.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("keeps accepting the hub's own HS256 tokens beside the provider's", async () => {
    expect((await hub.query(ORGS, {}, await hub.token())).errors).toBeUndefined();
  });

  it("follows key rotation: a new key (ES256, a new kid) is fetched when a token names it", async () => {
    const es = await idp.addKey("ES256");
    await sleep(COOLDOWN_MS + 100);
    const fetched = idp.fetches();
    const res = await hub.query(ORGS, {}, await idpToken({}, { key: es }));
    expect(res.errors).toBeUndefined();
    expect(idp.fetches()).toBe(fetched + 1);
    // The old key still counts while the provider publishes it.
    expect((await hub.query(ORGS, {}, await idpToken({}, { key: idp.keys()[0] }))).errors).toBeUndefined();
  });

  it.each([
    ["an expired token", () => idpToken({}, { expiresIn: -120 }), /expired/],
    ["another issuer", () => idpToken({}, { issuer: "https://evil.test/" }), /not valid/],
    ["another audience", () => idpToken({}, { audience: "some-other-api" }), /not valid/],
    ["no exp", () => idpToken({}, { expiresIn: null }), /expiry/],
    ["a lifetime beyond the hub's maximum", () => idpToken({}, { expiresIn: 40 * 86_400 }), /lives/],
    ["an organization claim that is not a hub organization id", () => idpToken({ [ORG_CLAIM]: "acme" }), /organization id/],
  ])("refuses %s with 401 UNAUTHENTICATED", async (_name, make, message) => {
    await expectRefused(await make(), message);
  });

  it("refuses a forged signature: a key the provider does not publish, under a published kid", async () => {
    const forger = await providerKey("RS256");
    await expectRefused(await idpToken({}, { key: forger, kid: idp.keys()[0]!.kid }), /not valid/);
  });

  it("refuses unknown kids without fetching the key set more than once per cool-down", async () => {
    await sleep(COOLDOWN_MS + 100);
    const fetched = idp.fetches();
    const forger = await providerKey("RS256");
    for (let i = 0; i < 5; i++) await expectRefused(await idpToken({}, { key: forger, kid: `made-up-${i}` }), /not valid/);
    expect(idp.fetches() - fetched).toBeLessThanOrEqual(1);
  });

  it("refuses alg none, and HS256 signed with the provider's public key as the secret (algorithm confusion)", async () => {
    const payload = { sub: "x", iss: idp.issuer, aud: idp.audience, exp: Math.floor(Date.now() / 1000) + 300, [ORG_CLAIM]: brand, [ROLES_CLAIM]: ["operator"] };
    await expectRefused(`${b64({ alg: "none", typ: "JWT" })}.${b64(payload)}.`, /not valid/);
    const published = idp.keys()[0]!;
    const pem = await exportSPKI(createPublicKey({ key: published.jwk as never, format: "jwk" }));
    for (const secret of [pem, JSON.stringify(published.jwk)]) {
      const confused = await new SignJWT(payload).setProtectedHeader({ alg: "HS256", kid: published.kid }).sign(new TextEncoder().encode(secret));
      await expectRefused(confused, /not valid/);
    }
  });

  it("answers 503 SERVICE_UNAVAILABLE, not 401, when the key set cannot be fetched for a new kid", async () => {
    const next = await idp.addKey("RS256");
    idp.failWith(503);
    try {
      await sleep(COOLDOWN_MS + 100);
      const res = await hub.query(ORGS, {}, await idpToken({}, { key: next }));
      expect(res.status).toBe(503);
      expect(res.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
      expect(res.errors?.[0]?.message).toMatch(/identity provider/);
    } finally {
      idp.failWith(null);
    }
    await sleep(COOLDOWN_MS + 100);
    expect((await hub.query(ORGS, {}, await idpToken({}, { key: next }))).errors).toBeUndefined();
  });

  describe("over graphql-ws", () => {
    it("serves a subscription to a provider token", async () => {
      const sub = subscribe(hub.wsUrl, MOVEMENTS, {}, { token: await idpToken() });
      open.push(sub);
      await sleep(300);
      await hub.seed.units({ gtin: GTIN, lot: "IDP-1", count: 1, serialType: "SEQUENTIAL" });
      expect(await sub.take(1)).toHaveLength(1);
    });

    it("closes with 4403 for a forged or expired provider token", async () => {
      const forger = await providerKey("ES256");
      for (const token of [await idpToken({}, { key: forger, kid: idp.keys()[0]!.kid }), await idpToken({}, { expiresIn: -120 })]) {
        const sub = subscribe(hub.wsUrl, MOVEMENTS, {}, { token });
        open.push(sub);
        expect((await sub.closed).code).toBe(4403);
      }
    });
  });
});
