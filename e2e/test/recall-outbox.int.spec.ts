import { type TestHub, startHub, subscribe } from "@tracehub/testkit";

// Issue 9: a recall issued in compliance marks every affected unit RECALLED in units through the transactional
// outbox, with a standard CBV event, visible in Unit.status, provenance and the live movement stream.
const GTIN = "09506000134352";

describe("a recall issued through the gateway marks its units RECALLED through the outbox", () => {
  let hub: TestHub;
  let brand: string;
  let op: string;
  let lotA: string[];
  let lotB: string[];

  beforeAll(async () => {
    hub = await startHub();
    op = await hub.token();
    const org = await hub.seed.organization({ name: "Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    brand = await hub.token({ sub: "qa", org, roles: ["brand_owner"] });
    await hub.seed.product(GTIN, "Ibuprofen");
    lotA = (await hub.seed.units({ gtin: GTIN, lot: "A1", count: 3, serialType: "SEQUENTIAL" })).unitIds;
    lotB = (await hub.seed.units({ gtin: GTIN, lot: "B2", count: 2, serialType: "SEQUENTIAL" })).unitIds;
  });
  afterAll(() => hub?.stop());

  const statusOf = async (id: string) => (await hub.query<any>(`query($c: String!) { unit(code: $c) { status disposition } }`, { c: id }, op)).data.unit;
  async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() - started > timeoutMs) return value;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it("marks exactly the recalled lot's units, records why, and streams the change", async () => {
    const cursor = (await hub.query<any>(`{ movementCursor }`, {}, op)).data.movementCursor as string;
    const live = subscribe<any>(hub.wsUrl, `subscription($after: String) { unitMovements(after: $after) { cursor eventId bizStep disposition units { id } } }`, { after: cursor }, { token: op });
    try {
      const draft = await hub.query<any>(`mutation($i: CreateRecallInput!) { createRecall(input: $i) { id } }`, { i: { gtin: GTIN, lots: ["A1"], classification: "CLASS_II", reason: "Seal defect" } }, brand);
      expect(draft.errors).toBeUndefined();
      const issued = await hub.query<any>(`mutation($id: ID!) { issueRecall(id: $id) { id } }`, { id: draft.data.createRecall.id }, brand);
      expect(issued.errors).toBeUndefined();
      const recallId = issued.data.issueRecall.id as string;
      const started = Date.now();
      const last = await until(() => statusOf(lotA[2] as string), (u) => u.status === "RECALLED");
      const elapsed = Date.now() - started;
      expect(last).toEqual({ status: "RECALLED", disposition: "recalled" });
      for (const id of lotA) expect((await statusOf(id)).status).toBe("RECALLED");
      for (const id of lotB) expect((await statusOf(id)).status).toBe("ACTIVE");
      // On an idle machine this takes well under a second; the bound here only catches a relay that does not run.
      expect(elapsed).toBeLessThan(10_000);

      const provenance = await hub.query<any>(`query($c: String!) { provenance(code: $c) { timeline { eventId bizStep disposition } } }`, { c: lotA[0] }, op);
      const recallEvent = provenance.data.provenance.timeline.find((e: { disposition: string }) => e.disposition === "recalled");
      expect(recallEvent).toMatchObject({ bizStep: "holding" });
      const why = await hub.query<any>(`query($ids: [String!]) { events(filter: { eventIds: $ids }) { edges { node { bizTransactions { id } } } } }`, { ids: [recallEvent.eventId] }, op);
      expect(why.data.events.edges[0].node.bizTransactions).toEqual([{ id: `urn:tracehub:recall:${recallId}` }]);

      const [movement] = await live.take(1);
      expect(movement.unitMovements).toMatchObject({ eventId: recallEvent.eventId, bizStep: "holding", disposition: "recalled" });
      expect(movement.unitMovements.units.map((u: { id: string }) => u.id).sort()).toEqual([...lotA].sort());
    } finally {
      await live.dispose();
    }
  });

  it("shows operators the compliance outbox, and nobody else", async () => {
    const report = await hub.query<any>(`{ complianceOutbox(first: 5) { pending delivered dead messages { topic key status attempts payload lastError deliveredAt } endCursor } }`, {}, op);
    expect(report.errors).toBeUndefined();
    expect(report.data.complianceOutbox).toMatchObject({ pending: 0, dead: 0, endCursor: null });
    expect(report.data.complianceOutbox.delivered).toBeGreaterThanOrEqual(1);
    const [message] = report.data.complianceOutbox.messages;
    expect(message).toMatchObject({ topic: "recall.issued", status: "DELIVERED", attempts: 1, lastError: null });
    expect(JSON.parse(message.payload)).toMatchObject({ gtin: GTIN, lots: ["A1"] });
    expect((await hub.query(`{ complianceOutbox { pending } }`, {}, brand)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await hub.query(`{ complianceOutbox(after: "x") { pending } }`, {}, op)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const retry = await hub.query(`mutation { retryComplianceOutboxMessage(id: "6f1c1a2e-8b0e-4c39-9d55-2b1f0c7a9e10") }`, {}, op);
    expect(retry.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});
