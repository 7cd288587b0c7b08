import { eventHashId } from "@tracehub/epcis";
import { type TestHub, startHub } from "@tracehub/testkit";
import { Client } from "pg";
import { createUnitsDataSource } from "../index";
import { RehashSourceDestinationEvents1765300000300 } from "../migrations/1765300000300-RehashSourceDestinationEvents";

// Issue 14: the event hash now orders sourceList before destinationList (the standard's text). An event with both
// lists stored under the old order is re-keyed by a migration, so capturing it again is still a duplicate, and its
// event id does not change.
const CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
const event = {
  type: "ObjectEvent",
  eventTime: "2026-05-01T10:00:00Z",
  eventTimeZoneOffset: "+00:00",
  epcList: ["https://id.gs1.org/01/09506000134352/21/RH1"],
  action: "OBSERVE",
  bizStep: "shipping",
  disposition: "in_transit",
  sourceList: [{ type: "owning_party", source: "https://id.gs1.org/417/9506000000008" }],
  destinationList: [{ type: "owning_party", destination: "https://id.gs1.org/417/4000001000005" }],
};
const document = { "@context": [CONTEXT], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-05-01T00:00:00Z", epcisBody: { eventList: [event] } };
const CAPTURE = `mutation($d: JSON!) { captureEvents(document: $d) { stored duplicates eventIds rejected { message } } }`;

describe("re-keying events stored under the old source/destination order", () => {
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

  it("gives such an event its new hash, keeps its id, and a second capture is a duplicate", async () => {
    const first = (await hub.query<any>(CAPTURE, { d: document }, operator)).data.captureEvents;
    expect(first).toMatchObject({ stored: 1, duplicates: 0, rejected: [] });
    const newHash = eventHashId(event, { context: [CONTEXT] });
    const oldHash = eventHashId(event, { context: [CONTEXT], destinationListFirst: true });
    expect(oldHash).not.toBe(newHash);
    // A database from before the change: the event keyed by the old order.
    await sql.query(`UPDATE "units"."event" SET "hash_id" = $1 WHERE "hash_id" = $2`, [oldHash, newHash]);
    expect((await sql.query(`SELECT count(*)::int AS n FROM "units"."event" WHERE "hash_id" = $1`, [oldHash])).rows[0].n).toBe(1);

    const ds = createUnitsDataSource(hub.databaseUrl);
    await ds.initialize();
    const runner = ds.createQueryRunner();
    try {
      await new RehashSourceDestinationEvents1765300000300().up(runner);
    } finally {
      await runner.release();
      await ds.destroy();
    }
    const rows = (await sql.query(`SELECT "event_id", "hash_id" FROM "units"."event" WHERE "body"->'event' ? 'sourceList'`)).rows;
    expect(rows).toEqual([{ event_id: first.eventIds[0], hash_id: newHash }]);
    expect((await hub.query<any>(CAPTURE, { d: document }, operator)).data.captureEvents).toEqual({ stored: 0, duplicates: 1, eventIds: first.eventIds, rejected: [] });
  });
});
