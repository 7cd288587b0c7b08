import { PRINCIPAL_HEADER, type Principal, internalBinding, signPrincipal } from "@tracehub/auth";
import { type TestHub, startHub } from "@tracehub/testkit";

// Issue 10, the suppliers side of tenancy: an organization's admins register its locations (GLNs, one organization
// each) and manage its API keys; nobody manages another organization's; bad input writes nothing; the gateway's
// internal look-ups answer an organization's GLNs in its scope and a presented API key's identity, with one and the
// same 404 for unknown, revoked and expired keys.
const GLN_A = "0614141000005"; // GS1 example GLN
const GLN_A2 = "0614141000012";
const GLN_B = "9506000000008";
const A_GTIN = "09506000134352"; // prefix 9506000 (brand A)

const ADD_LOCATION = `mutation($i: AddLocationInput!) { addLocation(input: $i) { id gln name address latitude longitude organization { id name } } }`;
const LOCATIONS = `query($id: ID!) { organization(id: $id) { locations { gln name } } }`;
const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id name keyPrefix scopes createdAt expiresAt lastUsedAt revokedAt organization { id } } } }`;
const REVOKE_KEY = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const API_KEYS = `query($first: Int, $after: String) { apiKeys(first: $first, after: $after) { totalCount edges { node { id name keyPrefix lastUsedAt revokedAt organization { id } } } pageInfo { hasNextPage endCursor } } }`;
const GRANT = `mutation($i: GrantAccessInput!) { grantAccess(input: $i) { id grantorId granteeId gtins permissions expiresAt active } }`;

/** Who the gateway is when it calls internal endpoints (as in gateway/src/principal-scope.ts). */
const GATEWAY_CALLER: Principal = { sub: "tracehub-gateway", org: null, roles: ["operator"], anonymous: false };

type Res = { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
const refusal = (res: Res) => ({ code: res.errors?.[0]?.extensions?.code, reason: res.errors?.[0]?.extensions?.reason, field: res.errors?.[0]?.extensions?.field ?? res.errors?.[0]?.extensions?.argument });

describe("tenancy in suppliers: locations, API keys, scope facts", () => {
  let hub: TestHub;
  let op: string;
  let adminA: string;
  let memberA: string;
  let adminB: string;
  let regulator: string;
  let orgA: string;
  let orgB: string;

  /** Calls a suppliers internal endpoint the way the gateway does: signed for that name and body. */
  async function internal(name: string, body: unknown, signed = true): Promise<{ status: number; body: any }> {
    const base = hub.subgraphUrls.suppliers.replace(/\/graphql\/?$/, "");
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (signed) headers[PRINCIPAL_HEADER] = signPrincipal(GATEWAY_CALLER, hub.secrets.principalKey, internalBinding(name, body));
    const response = await fetch(`${base}/internal/${name}`, { method: "POST", headers, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  }

  const locationsOf = async (org: string): Promise<string[]> => ((await hub.query<any>(LOCATIONS, { id: org }, op)).data.organization.locations as { gln: string }[]).map((l) => l.gln);
  const keyCount = async (): Promise<number> => (await hub.query<any>(API_KEYS, { first: 1 }, op)).data.apiKeys.totalCount;

  beforeAll(async () => {
    hub = await startHub({ scopeCacheMs: 0 });
    op = await hub.token({ roles: ["operator"] });
    orgA = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    orgB = await hub.seed.organization({ name: "Brand B", kind: "BRAND_OWNER", companyPrefixes: ["0614141"] });
    adminA = await hub.token({ sub: "admin-a", org: orgA, roles: ["brand_owner", "admin"] });
    memberA = await hub.token({ sub: "member-a", org: orgA, roles: ["brand_owner"] });
    adminB = await hub.token({ sub: "admin-b", org: orgB, roles: ["brand_owner", "admin"] });
    regulator = await hub.token({ sub: "reg", roles: ["regulator"] });
  });
  afterAll(() => hub?.stop());

  describe("locations", () => {
    it("lets an organization's admin register a GLN given in any GS1 form, and shows it to those who may see the organization", async () => {
      const added = await hub.query<any>(
        ADD_LOCATION,
        { i: { organizationId: orgA, gln: "urn:epc:id:sgln:0614141.00000.0", name: " Cologne DC ", address: "Hafenstr. 1, Köln", latitude: 50.9375, longitude: 6.9603 } },
        adminA,
      );
      expect(added.errors).toBeUndefined();
      expect(added.data.addLocation).toMatchObject({ gln: GLN_A, name: "Cologne DC", address: "Hafenstr. 1, Köln", latitude: 50.9375, longitude: 6.9603, organization: { id: orgA, name: "Brand A" } });
      const second = await hub.query<any>(ADD_LOCATION, { i: { organizationId: orgA, gln: `https://id.gs1.org/414/${GLN_A2}`, name: "Dock 2" } }, op);
      expect(second.data.addLocation).toMatchObject({ gln: GLN_A2, address: null, latitude: null, longitude: null });

      for (const token of [adminA, memberA, regulator, op]) {
        expect((await hub.query<any>(LOCATIONS, { id: orgA }, token)).data.organization.locations).toEqual([
          { gln: GLN_A, name: "Cologne DC" },
          { gln: GLN_A2, name: "Dock 2" },
        ]);
      }
      // Another organization sees neither the organization nor, through a product's brand owner, its locations.
      expect((await hub.query<any>(LOCATIONS, { id: orgA }, adminB)).data.organization).toBeNull();
      await hub.query(`mutation($i: UpsertProductInput!) { upsertProduct(input: $i) { gtin } }`, { i: { gtin: A_GTIN, name: "A Ibuprofen" } }, adminA);
      const viaProduct = await hub.query<any>(`query($g: String!) { product(gtin: $g) { brandOwner { id locations { gln } } } }`, { g: A_GTIN }, adminB);
      // (Whether units shows B the product at all is units' read visibility; when it does, the owner's locations stay hidden.)
      expect(viaProduct.errors).toBeUndefined();
      expect(viaProduct.data?.product?.brandOwner?.locations ?? []).toEqual([]);
    });

    it("refuses adding a location to another organization (NOT_ORGANIZATION_ADMIN) or without the admin role, writing nothing", async () => {
      const before = await locationsOf(orgA);
      const byRival = await hub.query(ADD_LOCATION, { i: { organizationId: orgA, gln: GLN_B, name: "Planted" } }, adminB);
      expect(refusal(byRival)).toEqual({ code: "FORBIDDEN", reason: "NOT_ORGANIZATION_ADMIN", field: "organizationId" });
      expect(refusal(await hub.query(ADD_LOCATION, { i: { organizationId: orgA, gln: GLN_B, name: "Member" } }, memberA)).code).toBe("FORBIDDEN");
      expect(refusal(await hub.query(ADD_LOCATION, { i: { organizationId: orgA, gln: GLN_B, name: "Anonymous" } }, null)).code).toBe("UNAUTHENTICATED");
      expect(await locationsOf(orgA)).toEqual(before);
      expect(await locationsOf(orgB)).toEqual([]);
    });

    it("answers bad input with BAD_USER_INPUT naming the field, and writes nothing", async () => {
      const before = await locationsOf(orgA);
      const cases: [Record<string, unknown>, string][] = [
        [{ gln: "0614141000013" }, "gln"], // wrong check digit
        [{ gln: "urn:epc:id:sgln:0614141.00000.12" }, "gln"], // a sub-location (extension)
        [{ gln: `(01)${A_GTIN}` }, "gln"], // a GTIN
        [{ gln: "dock 7" }, "gln"],
        [{ name: "   " }, "name"],
        [{ address: "x".repeat(501) }, "address"],
        [{ latitude: 50.9 }, "longitude"],
        [{ latitude: 91, longitude: 0 }, "latitude"],
        [{ latitude: 0, longitude: 181 }, "longitude"],
      ];
      for (const [change, field] of cases) {
        const res = await hub.query(ADD_LOCATION, { i: { organizationId: orgA, gln: GLN_B, name: "Site", ...change } }, adminA);
        expect({ change, ...refusal(res) }).toEqual({ change, code: "BAD_USER_INPUT", reason: undefined, field });
      }
      expect(refusal(await hub.query(ADD_LOCATION, { i: { organizationId: "not-an-id", gln: GLN_B, name: "Site" } }, op)).code).toBe("BAD_USER_INPUT");
      expect(await locationsOf(orgA)).toEqual(before);
    });

    it("gives a GLN to one organization only (CONFLICT, GLN_TAKEN) and answers an unknown organization with ORGANIZATION_NOT_FOUND", async () => {
      const taken = await hub.query(ADD_LOCATION, { i: { organizationId: orgB, gln: `(414)${GLN_A}`, name: "Mine now" } }, adminB);
      expect(refusal(taken)).toEqual({ code: "CONFLICT", reason: "GLN_TAKEN", field: "gln" });
      expect(await locationsOf(orgB)).toEqual([]);
      const nobody = "00000000-0000-4000-8000-000000000000";
      expect(refusal(await hub.query(ADD_LOCATION, { i: { organizationId: nobody, gln: GLN_B, name: "Nowhere" } }, op))).toEqual({
        code: "NOT_FOUND",
        reason: "ORGANIZATION_NOT_FOUND",
        field: "organizationId",
      });
    });

    it("puts the organization's GLNs in the scope the gateway looks up", async () => {
      const scope = await internal("scope", { org: orgA });
      expect(scope.status).toBe(200);
      expect(scope.body).toMatchObject({ prefixes: ["9506000"], glns: [GLN_A, GLN_A2] });
      expect((await internal("scope", { org: orgB })).body.glns).toEqual([]);
    });
  });

  describe("API keys", () => {
    let key: string;
    let keyId: string;

    it("are created by an organization's admin and shown once; the gateway's look-up answers their identity", async () => {
      const created = await hub.query<any>(CREATE_KEY, { i: { name: "dock scanner", scopes: ["CAPTURE", "READ"] } }, adminA);
      expect(created.errors).toBeUndefined();
      ({ key } = created.data.createApiKey);
      keyId = created.data.createApiKey.apiKey.id;
      expect(key).toMatch(/^thk_[A-Za-z0-9_-]{43}$/);
      expect(created.data.createApiKey.apiKey).toMatchObject({ name: "dock scanner", keyPrefix: key.slice(4, 12), scopes: ["CAPTURE", "READ"], expiresAt: null, lastUsedAt: null, revokedAt: null, organization: { id: orgA } });

      const looked = await internal("api-key", { key });
      expect(looked).toEqual({ status: 200, body: { id: keyId, organizationId: orgA, organizationKind: "BRAND_OWNER", scopes: ["CAPTURE", "READ"] } });
      // Listed for the organization's members, never with the key; the use is recorded, at most once a minute.
      const listed = await hub.query<any>(API_KEYS, {}, memberA);
      expect(listed.data.apiKeys.totalCount).toBe(1);
      const node = listed.data.apiKeys.edges[0].node;
      expect(node).toMatchObject({ id: keyId, keyPrefix: key.slice(4, 12), revokedAt: null });
      expect(JSON.stringify(listed)).not.toContain(key);
      expect(node.lastUsedAt).not.toBeNull();
      await internal("api-key", { key });
      expect((await hub.query<any>(API_KEYS, {}, memberA)).data.apiKeys.edges[0].node.lastUsedAt).toBe(node.lastUsedAt);
    });

    it("of one organization are neither listed, revoked nor created by another (API_KEY_NOT_FOUND, NOT_ORGANIZATION_ADMIN)", async () => {
      const seenByB = await hub.query<any>(API_KEYS, {}, adminB);
      expect(seenByB.data.apiKeys).toMatchObject({ totalCount: 0, edges: [] });
      expect(refusal(await hub.query(REVOKE_KEY, { id: keyId }, adminB))).toEqual({ code: "NOT_FOUND", reason: "API_KEY_NOT_FOUND", field: "id" });
      expect(refusal(await hub.query(CREATE_KEY, { i: { name: "planted", scopes: ["READ"], organizationId: orgA } }, adminB))).toEqual({
        code: "FORBIDDEN",
        reason: "NOT_ORGANIZATION_ADMIN",
        field: "organizationId",
      });
      // Members without the admin role neither create nor revoke.
      expect(refusal(await hub.query(CREATE_KEY, { i: { name: "member", scopes: ["READ"] } }, memberA)).code).toBe("FORBIDDEN");
      expect(refusal(await hub.query(REVOKE_KEY, { id: keyId }, memberA)).code).toBe("FORBIDDEN");
      expect(refusal(await hub.query(API_KEYS, {}, null)).code).toBe("UNAUTHENTICATED");
      // A's key is untouched and still answers.
      expect((await internal("api-key", { key })).status).toBe(200);
      expect(await keyCount()).toBe(1);
    });

    it("refuse bad input with BAD_USER_INPUT and write nothing; operators must name the organization", async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ name: "old", scopes: ["READ"], expiresAt: "2001-01-01T00:00:00Z" }, "expiresAt", adminA],
        [{ name: "none", scopes: [] }, "scopes", adminA],
        [{ name: "  ", scopes: ["READ"] }, "name", adminA],
        [{ name: "x".repeat(201), scopes: ["READ"] }, "name", adminA],
        [{ name: "op", scopes: ["READ"] }, "organizationId", op],
        [{ name: "op", scopes: ["READ"], organizationId: "nope" }, "organizationId", op],
      ];
      for (const [input, field, token] of cases) {
        const res = await hub.query(CREATE_KEY, { i: input }, token);
        expect({ input, ...refusal(res) }).toEqual({ input, code: "BAD_USER_INPUT", reason: undefined, field });
      }
      expect(await keyCount()).toBe(1);
      const byOperator = await hub.query<any>(CREATE_KEY, { i: { name: "for B", scopes: ["READ"], organizationId: orgB } }, op);
      expect(byOperator.data.createApiKey.apiKey.organization.id).toBe(orgB);
      expect((await hub.query<any>(API_KEYS, {}, adminB)).data.apiKeys.totalCount).toBe(1);
      expect(await keyCount()).toBe(2);
    });

    it("answer 404 UNAUTHENTICATED at the gateway's look-up once revoked or expired, exactly as an unknown key", async () => {
      const unknown = await internal("api-key", { key: `thk_${"A".repeat(43)}` });
      expect(unknown).toEqual({ status: 404, body: { error: { code: "UNAUTHENTICATED", message: expect.any(String) } } });
      expect(await internal("api-key", { key: "Bearer nonsense" })).toEqual(unknown);
      expect(await internal("api-key", {})).toEqual(unknown);

      const revoked = await hub.query<any>(REVOKE_KEY, { id: keyId }, adminA);
      expect(revoked.data.revokeApiKey.revokedAt).not.toBeNull();
      expect(await internal("api-key", { key })).toEqual(unknown);

      const shortLived = await hub.query<any>(CREATE_KEY, { i: { name: "short", scopes: ["READ"], expiresAt: new Date(Date.now() + 1_500).toISOString() } }, adminA);
      const short = shortLived.data.createApiKey.key as string;
      expect((await internal("api-key", { key: short })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      expect(await internal("api-key", { key: short })).toEqual(unknown);

      // Unsigned calls never reach the look-up.
      expect((await internal("api-key", { key: short }, false)).status).toBe(401);
    });

    it("page oldest first within the organization", async () => {
      for (let i = 0; i < 3; i++) await hub.query(CREATE_KEY, { i: { name: `k${i}`, scopes: ["READ"] } }, adminA);
      const names: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = (await hub.query<any>(API_KEYS, { first: 2, after }, adminA)).data.apiKeys;
        expect(page.totalCount).toBe(5);
        names.push(...page.edges.map((e: { node: { name: string } }) => e.node.name));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(names).toEqual(["dock scanner", "short", "k0", "k1", "k2"]);
    });
  });

  describe("grants under the issue's names", () => {
    it("grantAccess gives a grantee access (gtins null: all), listed by grants; an unknown grantee is ORGANIZATION_NOT_FOUND", async () => {
      const given = await hub.query<any>(GRANT, { i: { granteeId: orgB, permissions: ["READ"], gtins: null } }, adminA);
      expect(given.data.grantAccess).toMatchObject({ grantorId: orgA, granteeId: orgB, gtins: null, permissions: ["READ"], expiresAt: null, active: true });
      const listed = await hub.query<any>(`{ grants(first: 10) { totalCount edges { node { id } } } }`, {}, adminB);
      expect(listed.data.grants.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([given.data.grantAccess.id]);
      const revoked = await hub.query<any>(`mutation($id: ID!) { revokeGrant(id: $id) { active } }`, { id: given.data.grantAccess.id }, adminA);
      expect(revoked.data.revokeGrant.active).toBe(false);
      const nobody = await hub.query(GRANT, { i: { granteeId: "00000000-0000-4000-8000-000000000000", permissions: ["READ"] } }, adminA);
      expect(refusal(nobody)).toEqual({ code: "NOT_FOUND", reason: "ORGANIZATION_NOT_FOUND", field: "granteeId" });
    });
  });
});
