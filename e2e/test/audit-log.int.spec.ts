import { createHash } from "node:crypto";
import { PRINCIPAL_HEADER, type Principal, internalBinding, signPrincipal } from "@tracehub/auth";
import { type LiveSubscription, type TestHub, startHub, subscribe } from "@tracehub/testkit";

// Issue 10: every read by a regulator is written to an audit log that operators (and only they) can query. The
// gateway records each query and subscription a regulator runs once it accepted it and sends them to suppliers in
// batches (every 100 ms in this hub); brand owners' reads are not recorded; auditLog pages newest first. (The log
// also records everyone's mutations since issue 11: this file reads the reads, audit-chain.int.spec.ts the rest.)
const GTIN_A = "09506000134352";
const REG_UNITS = "query RegUnits { units(first: 5) { totalCount } }";
const REG_UNIT = "query RegUnit($code: String!) { unit(code: $code) { id } }";
const REG_MOVES = "subscription RegMoves($gtin: String) { unitMovements(filter: { gtin: $gtin }) { eventId } }";
const BRAND_UNITS = "query BrandUnits { units(first: 5) { totalCount } }";
const AUDIT_LOG = `query($first: Int, $after: String, $types: [AuditOperationType!]) { auditLog(first: $first, after: $after, operationTypes: $types) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id at subject roles operationType operationName documentHash variables clientAddress organization { id name } } } } }`;
const GATEWAY_CALLER: Principal = { sub: "tracehub-gateway", org: null, roles: ["operator"], anonymous: false } as Principal;

type Entry = { id: string; at: string; subject: string; roles: string[]; operationType: string; operationName: string | null; documentHash: string; variables: unknown; clientAddress: string | null; organization: { id: string; name: string } | null };
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("the audit log of regulators' reads", () => {
  let hub: TestHub;
  let operator: string;
  let regulator: string;
  let brand: string;
  let regulatorOrg: string;
  let unitA: string;
  const open: LiveSubscription<unknown>[] = [];

  const auditLog = async (first: number, after?: string) => {
    const res = await hub.query<any>(AUDIT_LOG, { first, types: ["QUERY", "SUBSCRIPTION"], ...(after ? { after } : {}) }, operator);
    expect(res.errors).toBeUndefined();
    return res.data.auditLog as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: Entry }[] };
  };
  /** Polls the operator's view until it holds `n` entries (the gateway sends them in the background). */
  async function entriesWhen(n: number): Promise<Entry[]> {
    const since = Date.now();
    for (;;) {
      const page = await auditLog(50);
      if (page.totalCount >= n) return page.edges.map((e) => e.node);
      if (Date.now() - since > 3_000) throw new Error(`the audit log has ${page.totalCount} entries, not ${n}, after 3 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  async function internal(body: unknown, signed: boolean) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (signed) headers[PRINCIPAL_HEADER] = signPrincipal(GATEWAY_CALLER, hub.secrets.principalKey, internalBinding("audit", body));
    const response = await fetch(`${hub.subgraphUrls.suppliers.replace(/\/graphql$/, "")}/internal/audit`, { method: "POST", headers, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any };
  }

  beforeAll(async () => {
    hub = await startHub({ gateway: { audit: { flushIntervalMs: 100 } } });
    const brandA = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    regulatorOrg = await hub.seed.organization({ name: "Medicines Agency", kind: "REGULATOR" });
    await hub.seed.product(GTIN_A, "A tablets");
    [unitA] = (await hub.seed.units({ gtin: GTIN_A, lot: "LA", count: 1, serialType: "SEQUENTIAL" })).unitIds as [string];
    operator = await hub.token({ sub: "ops-1", roles: ["operator"] });
    regulator = await hub.token({ sub: "inspector-1", org: regulatorOrg, roles: ["regulator"] });
    brand = await hub.token({ sub: "brand-1", org: brandA, roles: ["brand_owner"] });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.dispose()));
  });
  afterAll(() => hub?.stop());

  it("records a regulator's queries and subscriptions, newest first, and nobody else's reads", async () => {
    expect((await auditLog(10)).totalCount).toBe(0);
    const brandRead = await hub.query<any>(BRAND_UNITS, {}, brand);
    expect(brandRead.errors).toBeUndefined();
    const units = await hub.query<any>(REG_UNITS, {}, regulator);
    expect(units.errors).toBeUndefined();
    expect(units.data.units.totalCount).toBe(1);
    const unit = await hub.query<any>(REG_UNIT, { code: unitA }, regulator);
    expect(unit.errors).toBeUndefined();
    const sub = subscribe(hub.wsUrl, REG_MOVES, { gtin: GTIN_A }, { token: regulator });
    open.push(sub);

    const entries = await entriesWhen(3);
    expect(entries.map((e) => [e.operationType, e.operationName])).toEqual([
      ["SUBSCRIPTION", "RegMoves"],
      ["QUERY", "RegUnit"],
      ["QUERY", "RegUnits"],
    ]);
    for (const e of entries) {
      expect(e).toMatchObject({ subject: "inspector-1", roles: ["regulator"], organization: { id: regulatorOrg, name: "Medicines Agency" } });
      expect(e.clientAddress).toMatch(/127\.0\.0\.1/);
    }
    expect(entries.map((e) => e.documentHash)).toEqual([sha256(REG_MOVES), sha256(REG_UNIT), sha256(REG_UNITS)]);
    expect(entries.map((e) => e.variables)).toEqual([{ gtin: GTIN_A }, { code: unitA }, null]);
    expect(Date.parse(entries[0]!.at)).toBeGreaterThanOrEqual(Date.parse(entries[2]!.at));
    // Nothing more arrives: the brand owner's read and the operator's own auditLog reads are not recorded.
    await hub.gateway.audit.flush();
    expect((await auditLog(10)).totalCount).toBe(3);
  });

  it("pages newest first with cursors", async () => {
    const first = await auditLog(2);
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.edges.map((e) => e.node.operationName)).toEqual(["RegMoves", "RegUnit"]);
    const second = await auditLog(2, first.pageInfo.endCursor ?? undefined);
    expect(second.edges.map((e) => e.node.operationName)).toEqual(["RegUnits"]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const bad = await hub.query<any>(AUDIT_LOG, { first: 2, after: "not-a-cursor" }, operator);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "after" });
  });

  it("shows the record of reads to operators only: regulators see state changes alone, brand owners nothing (the regulator's look is itself recorded)", async () => {
    const refused = await hub.query<any>(AUDIT_LOG, { first: 5 }, brand);
    expect(refused.data?.auditLog ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "AUDIT_LOG_FORBIDDEN" });
    const asked = await hub.query<any>(AUDIT_LOG, { first: 50, types: ["QUERY", "SUBSCRIPTION", "MUTATION"] }, regulator);
    expect(asked.errors).toBeUndefined();
    expect(asked.data.auditLog.edges.map((e: { node: Entry }) => e.node.operationType).filter((t: string) => t !== "MUTATION")).toEqual([]);
    const anonymous = await hub.query<any>(AUDIT_LOG, { first: 5 }, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const entries = await entriesWhen(4);
    expect(entries[0]).toMatchObject({ subject: "inspector-1", operationType: "QUERY", operationName: null, variables: { first: 50, types: ["QUERY", "SUBSCRIPTION", "MUTATION"] } });
  });

  it("takes batches only from the gateway, signed, and refuses malformed ones whole", async () => {
    const entry = {
      at: new Date().toISOString(),
      subject: "inspector-9",
      organizationId: regulatorOrg,
      roles: ["regulator"],
      operationType: "QUERY",
      operationName: "Forged",
      documentHash: sha256("{ units { totalCount } }"),
      variables: null,
      clientAddress: null,
    };
    const unsigned = await internal({ entries: [entry] }, false);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.code).toBe("UNAUTHENTICATED");
    for (const body of [{}, { entries: [] }, { entries: [entry, { ...entry, operationType: "MUTATION" }] }, { entries: [{ ...entry, operationType: "DELETE" }] }, { entries: [{ ...entry, documentHash: "x" }] }, { entries: Array.from({ length: 101 }, () => entry) }]) {
      const refused = await internal(body, true);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe("BAD_USER_INPUT");
    }
    await hub.gateway.audit.flush();
    const page = await auditLog(50);
    expect(page.edges.map((e) => e.node.subject)).not.toContain("inspector-9");
    expect(page.totalCount).toBe(4);
  });
});
