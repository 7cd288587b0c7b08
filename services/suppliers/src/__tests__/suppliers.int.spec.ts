import { randomBytes } from "node:crypto";
import type { Principal } from "@tracehub/auth";
import { dropDatabase, ensureDatabase, withDatabase } from "@tracehub/db";
import { DomainError } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import { createSuppliersDataSource, migrateSuppliers } from "../index";
import { GrantPermission } from "../modules/grant/grant.type";
import { GrantService } from "../modules/grant/grant.service";
import { GrantStore } from "../modules/grant/grant.store";
import { createSupplierLoaders } from "../modules/organization/organization.loader";
import { OrganizationService } from "../modules/organization/organization.service";
import { OrganizationStore } from "../modules/organization/organization.store";
import { OrganizationKind } from "../modules/organization/organization.type";

// The suppliers service on a real PostgreSQL: a company prefix belongs to one organization even when two are
// registered at once, brand owners are found by the longest prefix, and organizations and grants page by id.
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
    for (const p of partners) await grants.grant({ partnerId: p.id, permissions: [GrantPermission.READ] }, memberOf(brand.id));
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
    const noPartner = await refusal(grants.grant({ partnerId: nobody, permissions: [GrantPermission.READ] }, memberOf(brand.id)));
    expect(noPartner).toMatchObject({ code: "NOT_FOUND", reason: "ORGANIZATION_NOT_FOUND", details: { field: "partnerId" } });
    const noGrantor = await refusal(grants.grant({ partnerId: partner.id, grantorId: nobody, permissions: [GrantPermission.READ] }, operator));
    expect(noGrantor).toMatchObject({ code: "NOT_FOUND", reason: "ORGANIZATION_NOT_FOUND", details: { field: "grantorId" } });
    const noGrant = await refusal(grants.revoke(nobody, memberOf(brand.id)));
    expect(noGrant).toMatchObject({ code: "NOT_FOUND", reason: "GRANT_NOT_FOUND", message: `No grant ${nobody}.` });
    // A grant between others is not found for a third organization either.
    const given = await grants.grant({ partnerId: partner.id, permissions: [GrantPermission.READ] }, memberOf(brand.id));
    const stranger = await create("Stranger", ["4099999"]);
    expect(await refusal(grants.revoke(given.id, memberOf(stranger.id)))).toMatchObject({ code: "NOT_FOUND", reason: "GRANT_NOT_FOUND" });
  });
});
