import { randomBytes } from "node:crypto";
import type { Principal } from "@tracehub/auth";
import { dropDatabase, ensureDatabase, withDatabase } from "@tracehub/db";
import { gs1CheckDigit } from "@tracehub/gs1";
import { DomainError } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import { createSuppliersDataSource, migrateSuppliers } from "../index";
import { ApiKeyService } from "../modules/apikey/apikey.service";
import { ApiKeyStore } from "../modules/apikey/apikey.store";
import { ApiKeyScope } from "../modules/apikey/apikey.type";
import { GrantPermission } from "../modules/grant/grant.type";
import { GrantService } from "../modules/grant/grant.service";
import { GrantStore } from "../modules/grant/grant.store";
import { createLocationLoaders } from "../modules/location/location.loader";
import { LocationService } from "../modules/location/location.service";
import { LocationStore } from "../modules/location/location.store";
import { createSupplierLoaders } from "../modules/organization/organization.loader";
import { OrganizationService } from "../modules/organization/organization.service";
import { OrganizationStore } from "../modules/organization/organization.store";
import { OrganizationKind } from "../modules/organization/organization.type";
import { ScopeService } from "../modules/scope/scope.service";

// The suppliers service on a real PostgreSQL: a company prefix belongs to one organization even when two are
// registered at once, brand owners are found by the longest prefix, and organizations and grants page by id; a GLN
// belongs to one organization even when two add it at once, and the scope carries the oldest GLNs; an API key is
// found by its hash only while usable, and its last use is written at most once a minute.
const operator: Principal = { sub: "op", org: null, roles: ["operator"], anonymous: false };
const memberOf = (org: string, roles: Principal["roles"] = ["brand_owner"]): Principal => ({ sub: "m", org, roles, anonymous: false });

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a domain error, got ${String(error)}`);
  return error;
}

describe("suppliers", () => {
  let admin: string;
  let dbName: string;
  let ds: DataSource;
  let store: OrganizationStore;
  let organizations: OrganizationService;
  let grants: GrantService;
  let locations: LocationService;
  let apiKeys: ApiKeyService;
  let scopes: ScopeService;
  const create = (name: string, companyPrefixes: string[] = [], kind = OrganizationKind.BRAND_OWNER) => organizations.create({ name, kind, companyPrefixes });
  const count = async (table: string) => ((await ds.query(`SELECT count(*)::int AS n FROM "suppliers"."${table}"`)) as { n: number }[])[0]?.n;

  beforeAll(async () => {
    admin = process.env.TRACEHUB_TEST_ADMIN_URL ?? (process.env.DATABASE_URL as string);
    dbName = `tracehub_suppliers_${process.pid}_${randomBytes(3).toString("hex")}`;
    await ensureDatabase(admin, dbName);
    ds = createSuppliersDataSource(withDatabase(admin, dbName));
    await ds.initialize();
    await migrateSuppliers(ds);
    store = new OrganizationStore(ds.manager);
    organizations = new OrganizationService(store);
    grants = new GrantService(new GrantStore(ds.manager));
    locations = new LocationService(new LocationStore(ds.manager), store);
    apiKeys = new ApiKeyService(new ApiKeyStore(ds.manager), store);
    scopes = new ScopeService(grants, locations);
  });
  beforeEach(() => ds.query(`TRUNCATE "suppliers"."organization" CASCADE`));
  afterAll(async () => {
    await ds?.destroy();
    if (dbName) await dropDatabase(admin, dbName);
  });

  it("registers an organization with its prefixes and reads it back through the loaders", async () => {
    const org = await create(" Brand ", ["950600013", "9506000", "9506000"]);
    expect(org).toMatchObject({ name: "Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000", "950600013"] });
    const other = await create("Other", ["95060001"]);
    const loaders = createSupplierLoaders(store);
    expect(await loaders.organizationById.load(org.id)).toEqual(org);
    expect(await loaders.organizationById.load("nope")).toBeNull();
    // The longest registered prefix owns a GTIN.
    expect((await loaders.brandOwnerByGtin.load("09506000134352"))?.organization).toEqual(org);
    expect((await loaders.brandOwnerByGtin.load("09506000199993"))?.organization.id).toBe(other.id);
    expect((await loaders.brandOwnerByGtin.load("09506000234352"))?.organization.id).toBe(org.id);
    expect(await loaders.brandOwnerByGtin.load("04012345123456")).toBeNull();
  });

  it("refuses a prefix another organization holds (CONFLICT, COMPANY_PREFIX_TAKEN), storing nothing", async () => {
    await create("A", ["4012345"]);
    const error = await refusal(create("B", ["4000001", "4012345"]));
    expect(error.code).toBe("CONFLICT");
    expect(error.reason).toBe("COMPANY_PREFIX_TAKEN");
    expect(error.message).toBe("Company prefix 4012345 already belongs to another organization.");
    expect(await count("organization")).toBe(1);
    expect(await count("company_prefix")).toBe(1);
  });

  it("gives a prefix to one of two organizations registered at the same time", async () => {
    const results = await Promise.allSettled([create("A", ["4000001", "4012345"]), create("B", ["4012345", "4099999"])]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT", reason: "COMPANY_PREFIX_TAKEN" });
    expect(await count("organization")).toBe(1);
    expect(await count("company_prefix")).toBe(2);
  });

  it("pages organizations by id: all of them for operators, their own for others", async () => {
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await create(`O${i}`, [`40000${i}0`]));
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await organizations.list(operator, { first: 3, after });
      expect(page.totalCount).toBe(7);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(made.map((o) => o.id).sort());
    const own = await organizations.list(memberOf(made[2]!.id), {});
    expect(own.totalCount).toBe(1);
    expect(own.edges.map((e) => e.node)).toEqual([made[2]]);
  });

  it("pages grants by id within the organizations that gave or received them, and revokes them", async () => {
    const brand = await create("Brand", ["4012345"]);
    const partners = [];
    for (let i = 0; i < 4; i++) partners.push(await create(`P${i}`, [], OrganizationKind.RETAILER));
    for (const p of partners) await grants.grant({ granteeId: p.id, permissions: [GrantPermission.READ] }, memberOf(brand.id));
    const pages = [];
    let after: string | null = null;
    for (;;) {
      const page = await grants.list(memberOf(brand.id), { first: 3, after });
      pages.push(page.edges.map((e) => e.node.granteeId));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages.map((p) => p.length)).toEqual([3, 1]);
    expect(pages.flat().sort()).toEqual(partners.map((p) => p.id).sort());
    const received = await grants.list(memberOf(partners[0]!.id, ["supplier"]), {});
    expect(received.totalCount).toBe(1);
    const revoked = await grants.revoke(received.edges[0]!.node.id, memberOf(brand.id));
    expect(revoked).toMatchObject({ active: false, granteeId: partners[0]!.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await grants.scopeOf(partners[0]!.id)).toEqual({ prefixes: [], foreignPrefixes: [], grants: [] });
    expect((await grants.scopeOf(partners[1]!.id)).grants).toEqual([{ grantor: brand.id, prefixes: ["4012345"], foreignPrefixes: [], gtins: null, permissions: ["READ"] }]);
  });

  it("answers NOT_FOUND with what was missing: an organization to grant to or for, or a grant", async () => {
    const brand = await create("Brand", ["4012345"]);
    const partner = await create("Partner", [], OrganizationKind.RETAILER);
    const nobody = "00000000-0000-4000-8000-000000000000";
    const noPartner = await refusal(grants.grant({ granteeId: nobody, permissions: [GrantPermission.READ] }, memberOf(brand.id)));
    expect(noPartner).toMatchObject({ code: "NOT_FOUND", reason: "ORGANIZATION_NOT_FOUND", details: { field: "granteeId" } });
    const noGrantor = await refusal(grants.grant({ granteeId: partner.id, grantorId: nobody, permissions: [GrantPermission.READ] }, operator));
    expect(noGrantor).toMatchObject({ code: "NOT_FOUND", reason: "ORGANIZATION_NOT_FOUND", details: { field: "grantorId" } });
    const noGrant = await refusal(grants.revoke(nobody, memberOf(brand.id)));
    expect(noGrant).toMatchObject({ code: "NOT_FOUND", reason: "GRANT_NOT_FOUND", message: `No grant ${nobody}.` });
    // A grant between others is not found for a third organization either.
    const given = await grants.grant({ granteeId: partner.id, permissions: [GrantPermission.READ] }, memberOf(brand.id));
    const stranger = await create("Stranger", ["4099999"]);
    expect(await refusal(grants.revoke(given.id, memberOf(stranger.id)))).toMatchObject({ code: "NOT_FOUND", reason: "GRANT_NOT_FOUND" });
  });

  const adminOf = (org: string): Principal => ({ sub: "admin", org, roles: ["admin"], anonymous: false });
  const gln = (body12: string) => body12 + gs1CheckDigit(body12);

  it("gives a GLN to one of two organizations adding it at the same time (CONFLICT, GLN_TAKEN), storing one location", async () => {
    const a = await create("A", ["4012345"]);
    const b = await create("B", ["4099999"]);
    const site = gln("401234500001");
    const results = await Promise.allSettled([
      locations.add({ organizationId: a.id, gln: site, name: "A site" }, adminOf(a.id)),
      locations.add({ organizationId: b.id, gln: `urn:epc:id:sgln:4012345.00001.0`, name: "B site" }, adminOf(b.id)),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT", reason: "GLN_TAKEN", details: { field: "gln", gln: site } });
    expect(await count("location")).toBe(1);
    // The holder adding it again is told it is its own already.
    const holder = (results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ organizationId: string }>).value.organizationId;
    const again = await refusal(locations.add({ organizationId: holder, gln: site, name: "Again" }, operator));
    expect(again).toMatchObject({ code: "CONFLICT", reason: "GLN_TAKEN", message: `GLN ${site} is registered already, to this organization: a GLN belongs to one organization.` });
  });

  it("puts an organization's oldest GLNs in its scope, at most MAX_SCOPE_GLNS, beside its prefixes and grants", async () => {
    const brand = await create("Brand", ["4012345"]);
    const shop = await create("Shop", [], OrganizationKind.RETAILER);
    const added = [];
    for (let i = 0; i < 3; i++) added.push((await locations.add({ organizationId: shop.id, gln: gln(`40999990000${i}`), name: `Shop ${i}`, latitude: 50.9375, longitude: 6.9603 }, adminOf(shop.id))).gln);
    await grants.grant({ granteeId: shop.id, permissions: [GrantPermission.READ] }, memberOf(brand.id));
    const scope = await scopes.scopeOf(shop.id);
    expect(scope).toEqual({ prefixes: [], foreignPrefixes: [], grants: [expect.objectContaining({ grantor: brand.id })], glns: added });
    expect(await scopes.scopeOf(brand.id)).toMatchObject({ prefixes: ["4012345"], glns: [] });
    expect(await scopes.scopeOf("not-a-uuid")).toEqual({ prefixes: [], foreignPrefixes: [], grants: [], glns: [] });
    // More locations than the cap: the scope keeps the oldest.
    await ds.query(`INSERT INTO "suppliers"."location" ("organization_id", "gln", "name", "created_by", "created_at")
      SELECT $1::uuid, lpad(g::text, 13, '0'), 'bulk', 'test', now() + make_interval(secs => g) FROM generate_series(1, 600) g`, [shop.id]);
    const capped = await scopes.scopeOf(shop.id);
    expect(capped.glns).toHaveLength(500);
    expect(capped.glns?.slice(0, 4)).toEqual([...added, "0000000000001"]);
    // Through the loader: oldest first, coordinates read back exactly.
    const loaded = await createLocationLoaders(new LocationStore(ds.manager)).locationsByOrganization.load(shop.id);
    expect(loaded).toHaveLength(603);
    expect(loaded[0]).toMatchObject({ gln: added[0], latitude: 50.9375, longitude: 6.9603, address: null, organizationId: shop.id });
  });

  it("finds an API key by its hash while usable, the same null for unknown, revoked and expired keys, and writes its last use once a minute", async () => {
    const org = await create("Scanner Co", [], OrganizationKind.LOGISTICS);
    const { key, apiKey } = await apiKeys.create({ name: " dock scanner ", scopes: [ApiKeyScope.CAPTURE, ApiKeyScope.READ, ApiKeyScope.CAPTURE] }, adminOf(org.id));
    expect(apiKey).toMatchObject({ name: "dock scanner", scopes: ["CAPTURE", "READ"], keyPrefix: key.slice(4, 12), lastUsedAt: null, revokedAt: null, organizationId: org.id });
    const [stored] = (await ds.query(`SELECT "key_hash" AS h, "key_prefix" AS p FROM "suppliers"."api_key"`)) as { h: string; p: string }[];
    expect(stored?.h).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(key.slice(12));
    expect(await apiKeys.authenticate(key)).toEqual({ id: apiKey.id, organizationId: org.id, organizationKind: "LOGISTICS", scopes: ["CAPTURE", "READ"] });
    const lastUsed = async () => ((await ds.query(`SELECT "last_used_at" AS t FROM "suppliers"."api_key" WHERE "id" = $1`, [apiKey.id])) as { t: Date | null }[])[0]?.t;
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await apiKeys.authenticate(key);
    expect(await lastUsed()).toEqual(first);
    await ds.query(`UPDATE "suppliers"."api_key" SET "last_used_at" = now() - interval '61 seconds' WHERE "id" = $1`, [apiKey.id]);
    const backdated = await lastUsed();
    await apiKeys.authenticate(key);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(backdated!.getTime());

    expect(await apiKeys.authenticate(`${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(await apiKeys.authenticate("not a key")).toBeNull();
    expect(await apiKeys.authenticate(undefined)).toBeNull();
    const short = await apiKeys.create({ name: "short-lived", scopes: [ApiKeyScope.READ], expiresAt: new Date(Date.now() + 60_000) }, adminOf(org.id));
    expect(await apiKeys.authenticate(short.key)).not.toBeNull();
    await ds.query(`UPDATE "suppliers"."api_key" SET "expires_at" = now() - interval '1 second' WHERE "id" = $1`, [short.apiKey.id]);
    expect(await apiKeys.authenticate(short.key)).toBeNull();
    const revoked = await apiKeys.revoke(apiKey.id, adminOf(org.id));
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await apiKeys.authenticate(key)).toBeNull();
    // Revoking again keeps the first time.
    expect((await apiKeys.revoke(apiKey.id, operator)).revokedAt).toEqual(revoked.revokedAt);
  });

  it("pages API keys oldest first within the caller's organization (operators: all)", async () => {
    const a = await create("A", [], OrganizationKind.RETAILER);
    const b = await create("B", [], OrganizationKind.RETAILER);
    for (let i = 0; i < 5; i++) await apiKeys.create({ name: `a${i}`, scopes: [ApiKeyScope.READ] }, adminOf(a.id));
    await apiKeys.create({ name: "b0", scopes: [ApiKeyScope.READ], organizationId: b.id }, operator);
    const names: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await apiKeys.list(memberOf(a.id, ["fulfilment"]), { first: 2, after });
      expect(page.totalCount).toBe(5);
      names.push(...page.edges.map((e) => e.node.name));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(names).toEqual(["a0", "a1", "a2", "a3", "a4"]);
    expect((await apiKeys.list(operator, { first: 10 })).totalCount).toBe(6);
    expect((await apiKeys.list({ sub: "x", org: null, roles: ["regulator"], anonymous: false }, {})).totalCount).toBe(0);
  });
});
