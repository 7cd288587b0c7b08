import { type TestHub, startHub, subscribe } from "@tracehub/testkit";
import { Client } from "pg";

// Issue 11: a recall's units are marked by a background worker in units, a batch per transaction. Two replicas of
// the hub on one database (each units with its own worker) mark a recall of 1,000 units in batches of 50: every unit
// is marked once, each by exactly one recording event; the recall's progress grows live as batches commit, and
// `allMarked` turns true at the end.
const GTIN = "09506000134352"; // brand A, prefix 9506000

describe("recall marking in batches, by the workers of two replicas", () => {
  let hub: TestHub;
  let replica: TestHub;
  let sql: Client;
  let brand: string;

  beforeAll(async () => {
    hub = await startHub({ recallMarkingBatchSize: 50 });
    replica = await startHub({ databaseUrl: hub.databaseUrl, secrets: hub.secrets, recallMarkingBatchSize: 50 });
    sql = new Client({ connectionString: hub.databaseUrl });
    await sql.connect();
    const org = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    brand = await hub.token({ sub: "qa", org, roles: ["brand_owner", "compliance"] });
    await hub.query(`mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Ibuprofen" }) { gtin } }`, {}, brand);
  });
  afterAll(async () => {
    await sql?.end();
    await replica?.stop();
    await hub?.stop();
  });

  it("marks every unit once, shows progress growing live, and says when all are marked", async () => {
    const made = await hub.query<any>(`mutation { commissionUnits(input: { gtin: "${GTIN}", lot: "BIG", count: 1000, serialType: SEQUENTIAL }) { unitIds } }`, {}, brand);
    const unitIds: string[] = made.data.commissionUnits.unitIds;
    await hub.query(`mutation { commissionUnits(input: { gtin: "${GTIN}", lot: "OTHER", count: 10, serialType: SEQUENTIAL }) { unitIds } }`, {}, brand);
    const draft = await hub.query<any>(`mutation { createRecall(input: { gtin: "${GTIN}", lots: ["BIG"], classification: CLASS_II, reason: "Label misprint" }) { id allMarked } }`, {}, brand);
    if (!draft.data) throw new Error(JSON.stringify(draft.errors));
    const recallId: string = draft.data.createRecall.id;
    expect(draft.data.createRecall.allMarked).toBe(false);
    expect((await hub.query<any>(`mutation($id: ID!) { issueRecall(id: $id) { status } }`, { id: recallId }, brand)).data.issueRecall.status).toBe("ISSUED");

    // As soon as units knows the recall, follow its progress through the replica's gateway.
    const ask = async () => (await replica.query<any>(`query($id: ID!) { recall(id: $id) { allMarked affectedCount } }`, { id: recallId }, brand)).data.recall;
    let seen: number[] = [];
    for (let i = 0; i < 200 && seen.length === 0; i++) {
      const live = subscribe<any>(replica.wsUrl, `subscription($id: ID!) { recallProgress(recallId: $id) { progress { affected } } }`, { id: recallId }, { token: brand });
      const first = await Promise.race([live.take(1).then(() => "reading"), live.failed.then(() => "refused")]);
      if (first === "refused") {
        await live.dispose();
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      // Readings until every unit is counted: never fewer than before.
      for (const end = Date.now() + 30_000; live.received.at(-1)?.recallProgress.progress.affected !== 1000 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
      seen = live.received.map((r: any) => r.recallProgress.progress.affected as number);
      await live.dispose();
    }
    expect(seen.at(-1)).toBe(1000);
    for (let j = 1; j < seen.length; j++) expect(seen[j]).toBeGreaterThan(seen[j - 1] as number);
    if (process.env.TRACEHUB_REPORT) console.log(`[recall-marking] live readings of affected: ${seen.join(", ")}`);
    for (const end = Date.now() + 10_000; !(await ask()).allMarked && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
    expect(await ask()).toEqual({ allMarked: true, affectedCount: 1000 });

    // Once each: 1,000 affected rows, 1,000 units RECALLED (the other lot untouched), and the recording events, one
    // per batch at most 50 units each, name each unit exactly once.
    const listed = await sql.query(`SELECT count(*)::int AS n, count(DISTINCT "unit_id")::int AS d FROM "units"."recall_unit" WHERE "recall_id" = $1`, [recallId]);
    expect(listed.rows[0]).toEqual({ n: 1000, d: 1000 });
    const statuses = await sql.query(`SELECT "lot", "status", count(*)::int AS n FROM "units"."unit" WHERE "gtin" = $1 GROUP BY 1, 2 ORDER BY 1, 2`, [GTIN]);
    expect(statuses.rows).toEqual([
      { lot: "BIG", status: "RECALLED", n: 1000 },
      { lot: "OTHER", status: "ACTIVE", n: 10 },
    ]);
    const named = await sql.query(
      `SELECT e."seq", count(eu."unit_id")::int AS n FROM "units"."event" e JOIN "units"."event_biz_transaction" t ON t."event_seq" = e."seq"
       JOIN "units"."event_unit" eu ON eu."event_seq" = e."seq" WHERE t."biz_transaction" = $1 GROUP BY e."seq"`,
      [`urn:tracehub:recall:${recallId}`],
    );
    expect(named.rows.length).toBeGreaterThanOrEqual(20);
    expect(named.rows.every((r: { n: number }) => r.n <= 50)).toBe(true);
    const perUnit = await sql.query(
      `SELECT count(*)::int AS n, count(DISTINCT eu."unit_id")::int AS d FROM "units"."event_unit" eu JOIN "units"."event_biz_transaction" t ON t."event_seq" = eu."event_seq" WHERE t."biz_transaction" = $1`,
      [`urn:tracehub:recall:${recallId}`],
    );
    expect(perUnit.rows[0]).toEqual({ n: 1000, d: 1000 });
    expect(new Set(unitIds).size).toBe(1000);
  });
});
