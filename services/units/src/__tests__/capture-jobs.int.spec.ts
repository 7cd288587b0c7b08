import { type TestHub, startHub } from "@tracehub/testkit";
import { Client } from "pg";

// Issue 13: capture jobs outlive the instance that accepted them. A job left running with its lease run out (its
// instance stopped mid-way) is taken over by the units service's sweep and finished where it stood: the events of
// the steps already done are not stored twice, and the job's counts add up.
const GTIN = "09506000134352";
const CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
const event = (i: number) => ({
  type: "ObjectEvent",
  eventTime: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
  eventTimeZoneOffset: "+00:00",
  epcList: [`https://id.gs1.org/01/${GTIN}/21/J${i}`],
  action: "ADD",
  bizStep: "commissioning",
  disposition: "active",
});
const JOB = `query($id: ID!) { captureJob(id: $id) { running success eventCount processed stored duplicates rejected { eventIndex } failure { code } } }`;

describe("capture jobs left by a stopped instance", () => {
  let hub: TestHub;
  let sql: Client;
  let operator: string;

  beforeAll(async () => {
    hub = await startHub();
    sql = new Client({ connectionString: hub.databaseUrl });
    await sql.connect();
    operator = await hub.token({ roles: ["operator"] });
  });
  afterAll(async () => {
    await sql?.end();
    await hub?.stop();
  });

  it("are taken over once their lease runs out and finished without storing a step twice", async () => {
    const events = Array.from({ length: 2_500 }, (_, i) => event(i));
    const document = { "@context": [CONTEXT], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-01-02T00:00:00Z", epcisBody: { eventList: events } };
    // What a stopped instance leaves: the first 1,000 events (one step) captured, the job at 1,000, its lease over.
    const first = await hub.query<any>(`mutation($d: JSON!) { captureEvents(document: $d, errorBehavior: PROCEED) { stored } }`, { d: { ...document, epcisBody: { eventList: events.slice(0, 1_000) } } }, operator);
    expect(first.data.captureEvents.stored).toBe(1_000);
    const id = "5b0c6f3e-2a1d-4c6b-9f0e-7d8c9b0a1e2f";
    await sql.query(
      `INSERT INTO "units"."capture_job" ("id", "org_id", "submitted_by", "principal", "error_behavior", "document", "event_count", "processed", "stored", "claimed_until")
       VALUES ($1, NULL, 'crashed', $2::jsonb, 'PROCEED', $3::jsonb, 2500, 1000, 1000, now() - interval '1 second')`,
      [id, JSON.stringify({ sub: "crashed", org: null, roles: ["operator"], anonymous: false }), JSON.stringify(document)],
    );
    const started = Date.now();
    let job: any;
    for (;;) {
      job = (await hub.query<any>(JOB, { id }, operator)).data.captureJob;
      if (!job.running) break;
      if (Date.now() - started > 30_000) throw new Error(`the job was not taken over: ${JSON.stringify(job)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(job).toEqual({ running: false, success: true, eventCount: 2_500, processed: 2_500, stored: 2_500, duplicates: 0, rejected: [], failure: null });
    const stored = await sql.query(`SELECT count(*)::int AS n FROM "units"."event" WHERE "biz_step" = 'commissioning'`);
    expect(stored.rows[0].n).toBe(2_500);
    // The document is dropped once the job ends.
    expect((await sql.query(`SELECT "document" FROM "units"."capture_job" WHERE "id" = $1`, [id])).rows[0].document).toBeNull();
  });

  it("answers another organization's job as none, and a malformed id as bad input", async () => {
    const org = await hub.seed.organization({ name: "Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const brand = await hub.token({ sub: "b", org, roles: ["brand_owner"] });
    expect((await hub.query<any>(JOB, { id: "5b0c6f3e-2a1d-4c6b-9f0e-7d8c9b0a1e2f" }, brand)).data.captureJob).toBeNull();
    expect((await hub.query<any>(JOB, { id: "not-a-uuid" }, brand)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
