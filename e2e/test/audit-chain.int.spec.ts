import { type TestHub, startHub } from "@tracehub/testkit";
import { Client } from "pg";

// Issue 11: every state change is appended to a hash-chained audit log. Mutations by any caller are recorded with
// the request id the gateway answered with, their root fields and outcome (refused ones too); operators and
// regulators read them; verifyAuditChain proves the chain intact, and reports an entry altered, removed, or cut
// from the end directly in the database.
const GTIN = "09506000134352";
const AUDIT = `query($types: [AuditOperationType!]) { auditLog(first: 100, operationTypes: $types) {
  totalCount edges { node { id subject operationType operationName rootFields outcome errorCodes requestId prevHash hash organization { id } } } } }`;
const VERIFY = `{ verifyAuditChain { valid entries firstInvalidEntryId problem } }`;

interface Entry {
  id: string;
  subject: string;
  operationType: string;
  operationName: string | null;
  rootFields: string[];
  outcome: string | null;
  errorCodes: string[];
  requestId: string | null;
  prevHash: string | null;
  hash: string | null;
  organization: { id: string } | null;
}

describe("the hash-chained audit log of state changes", () => {
  let hub: TestHub;
  let operator: string;
  let regulator: string;
  let brand: string;
  let brandOrg: string;
  let db: Client;
  let recallRequestId: string;

  const data = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await hub.query<any>(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const entries = async (token: string, types: string[] = ["MUTATION"]): Promise<Entry[]> => {
    await hub.gateway.audit.flush();
    return (await data(AUDIT, { types }, token)).auditLog.edges.map((e: { node: Entry }) => e.node);
  };
  const verify = async (token = operator) => (await data(VERIFY, {}, token)).verifyAuditChain;

  beforeAll(async () => {
    hub = await startHub({ gateway: { audit: { flushIntervalMs: 50 } } });
    db = new Client({ connectionString: hub.databaseUrl });
    await db.connect();
    brandOrg = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const regulatorOrg = await hub.seed.organization({ name: "Agency", kind: "REGULATOR" });
    operator = await hub.token({ sub: "ops", roles: ["operator"] });
    regulator = await hub.token({ sub: "inspector", org: regulatorOrg, roles: ["regulator"] });
    brand = await hub.token({ sub: "qa-lead", org: brandOrg, roles: ["brand_owner", "compliance"] });
    await data(`mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Ibuprofen" }) { gtin } }`, {}, brand);
    await data(`mutation { commissionUnits(input: { gtin: "${GTIN}", lot: "L1", count: 2, serialType: SEQUENTIAL }) { unitIds } }`, {}, brand);
    const draft = await fetch(hub.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${brand}` },
      body: JSON.stringify({ query: `mutation Draft { createRecall(input: { gtin: "${GTIN}", lots: ["L1"], classification: CLASS_I, reason: "Seal" }) { id } }` }),
    });
    expect(((await draft.json()) as { errors?: unknown }).errors).toBeUndefined();
    recallRequestId = draft.headers.get("x-request-id") as string;
    expect(recallRequestId).toMatch(/^[0-9a-f-]{36}$/);
    // A refused mutation is recorded too.
    const refused = await hub.query<any>(`mutation Steal { upsertProduct(input: { gtin: "00614141123452", name: "Not mine" }) { gtin } }`, {}, brand);
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
  afterAll(async () => {
    await db?.end();
    await hub?.stop();
  });

  it("records every mutation with its request id, root fields and outcome, in one chain", async () => {
    const log = await entries(operator);
    const mine = log.filter((e) => e.subject === "qa-lead");
    expect(mine.map((e) => [e.operationName, e.rootFields, e.outcome, e.errorCodes])).toEqual([
      ["Steal", ["upsertProduct"], "FAILED", ["FORBIDDEN"]],
      ["Draft", ["createRecall"], "OK", []],
      [null, ["commissionUnits"], "OK", []],
      [null, ["upsertProduct"], "OK", []],
    ]);
    expect(mine.find((e) => e.operationName === "Draft")).toMatchObject({ requestId: recallRequestId, organization: { id: brandOrg } });
    // Newest first, each naming the hash of the one before it.
    for (let i = 0; i + 1 < log.length; i++) expect(log[i]?.prevHash).toBe(log[i + 1]?.hash);
    expect(log.at(-1)?.prevHash).toBe("0".repeat(64));
    expect(await verify()).toEqual({ valid: true, entries: log.length + (await entries(operator, ["QUERY", "SUBSCRIPTION"])).length, firstInvalidEntryId: null, problem: null });
  });

  it("lets regulators read the state changes and check the chain, and nobody else", async () => {
    const seen = (await entries(regulator)).filter((e) => e.subject === "qa-lead");
    expect(seen).toHaveLength(4);
    // Without the inputs, nor the hashes that would let a guess of them be checked.
    expect(seen.every((e) => e.prevHash === null && e.hash === null)).toBe(true);
    expect((await verify(regulator)).valid).toBe(true);
    for (const query of [AUDIT, VERIFY]) {
      const res = await hub.query<any>(query, { types: ["MUTATION"] }, brand);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "AUDIT_LOG_FORBIDDEN" });
    }
  });

  it("reports an entry altered in the database, and holds again once it is put back", async () => {
    const target = (await entries(operator)).find((e) => e.operationName === "Draft") as Entry;
    const { rows } = await db.query(`SELECT "subject" FROM "suppliers"."audit_entry" WHERE "id" = $1`, [target.id]);
    await db.query(`UPDATE "suppliers"."audit_entry" SET "subject" = 'someone-else' WHERE "id" = $1`, [target.id]);
    const broken = await verify();
    expect(broken).toMatchObject({ valid: false, firstInvalidEntryId: target.id, problem: expect.stringContaining("altered") });
    await db.query(`UPDATE "suppliers"."audit_entry" SET "subject" = $2 WHERE "id" = $1`, [target.id, rows[0].subject]);
    expect((await verify()).valid).toBe(true);
  });

  it("reports an entry removed from the middle, and entries cut from the end", async () => {
    const log = await entries(operator, ["QUERY", "SUBSCRIPTION", "MUTATION"]);
    const middle = log[Math.floor(log.length / 2)] as Entry;
    const after = log[Math.floor(log.length / 2) - 1] as Entry;
    await db.query(`DELETE FROM "suppliers"."audit_entry" WHERE "id" = $1`, [middle.id]);
    expect(await verify()).toMatchObject({ valid: false, firstInvalidEntryId: after.id, problem: expect.stringContaining("does not follow") });

    // Cutting the newest entries leaves a chain that holds up to the head, which names an entry that is gone.
    await db.query(`DELETE FROM "suppliers"."audit_entry" WHERE "id" >= $1`, [middle.id]);
    const cut = await verify();
    expect(cut).toMatchObject({ valid: false, problem: expect.stringContaining("head") });
    expect(cut.firstInvalidEntryId).toBe(log[0]?.id);
  });
});
