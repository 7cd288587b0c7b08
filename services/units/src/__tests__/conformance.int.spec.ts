import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { documentHashIds, eventsOf, validateEpcisDocument } from "@tracehub/epcis";
import { type TestHub, startHub } from "@tracehub/testkit";

const EXAMPLES = path.resolve(__dirname, "../../../../../shared/conformance/epcis/examples");
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".jsonld") || f.endsWith(".json"));
const valid = files.filter((f) => validateEpcisDocument(JSON.parse(readFileSync(path.join(EXAMPLES, f), "utf8"))).valid);

const CAPTURE = `mutation($doc: JSON!, $b: CaptureErrorBehavior) { captureEvents(document: $doc, errorBehavior: $b) {
  stored duplicates eventIds rejected { eventIndex path message } alerts { kind unitId } } }`;

describe("official EPCIS 2.0 examples through the gateway", () => {
  let hub: TestHub;
  let token: string;

  beforeAll(async () => {
    hub = await startHub();
    // The examples name EPCs of many companies' prefixes; only an operator may capture on all of them.
    token = await hub.token({ roles: ["operator"] });
  });
  afterAll(() => hub?.stop());

  it("accepts all 20 examples: the 19 the official schema validates, and the one with URN-form CBV values", () => {
    // The conformance README: 19 validate against the official schema; event_with_identical_hash_id_7.json writes its
    // CBV values as URNs, which the hub accepts in every field where bare words go (issue 14) and stores bare.
    expect(files).toHaveLength(20);
    expect(valid).toHaveLength(20);
    expect(valid).toContain("event_with_identical_hash_id_7.json");
  });

  it.each(valid)("captures %s, reads it back, exports it with the same event hashes, and stores nothing on a second capture", async (file) => {
    const doc = JSON.parse(readFileSync(path.join(EXAMPLES, file), "utf8"));
    const expectedHashes = documentHashIds(doc);
    const count = eventsOf(doc).length;

    const first: any = await hub.query(CAPTURE, { doc }, token);
    expect(first.errors).toBeUndefined();
    const result = first.data.captureEvents;
    expect(result.rejected).toEqual([]);
    expect(result.stored + result.duplicates).toBe(count);
    expect(result.eventIds).toHaveLength(count);

    const read: any = await hub.query(
      `query($ids: [String!]) { events(first: 500, filter: { eventIds: $ids }) { totalCount edges { node { eventId hashId type } } } }`,
      { ids: result.eventIds },
      token,
    );
    expect(read.errors).toBeUndefined();
    const readHashes = new Set(read.data.events.edges.map((e: any) => e.node.hashId));
    for (const hash of expectedHashes) expect(readHashes).toContain(hash);

    const exported: any = await hub.query(`query($ids: [String!]) { exportEpcis(filter: { eventIds: $ids }) }`, { ids: result.eventIds }, token);
    expect(exported.errors).toBeUndefined();
    const document = exported.data.exportEpcis;
    expect(validateEpcisDocument(document)).toEqual({ valid: true, errors: [] });
    // Official examples reuse some client eventIDs for different events, so an id filter may match an
    // event of another example: every expected hash is exported, and nothing with an id we did not ask for.
    const exportedHashes = new Set(documentHashIds(document));
    for (const hash of expectedHashes) expect(exportedHashes).toContain(hash);
    for (const event of eventsOf(document) as { eventID: string }[]) expect(result.eventIds).toContain(event.eventID);

    const again: any = await hub.query(CAPTURE, { doc }, token);
    expect(again.data.captureEvents).toMatchObject({ stored: 0, duplicates: count, rejected: [] });
    expect(again.data.captureEvents.eventIds).toEqual(result.eventIds);
  });

  it("reads back the provenance of a unit named in an official example", async () => {
    const res: any = await hub.query(
      `{ provenance(code: "urn:epc:id:sgtin:0614141.107346.2018") { unit { id } timeline { eventId bizStep eventTime inherited } } }`,
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.provenance.unit.id).toBe("https://id.gs1.org/01/10614141073464/21/2018");
    expect(res.data.provenance.timeline.length).toBeGreaterThan(0);
    const times = res.data.provenance.timeline.map((e: any) => e.eventTime);
    expect([...times].sort()).toEqual(times);
  });

  it("stores the example with URN-form CBV values as bare words, with the hash IDs of its bare-word twins", async () => {
    const doc = JSON.parse(readFileSync(path.join(EXAMPLES, "event_with_identical_hash_id_7.json"), "utf8"));
    expect(JSON.stringify(doc)).toContain("urn:epcglobal:cbv:");
    const res: any = await hub.query(CAPTURE, { doc, b: "ROLLBACK" }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.captureEvents.rejected).toEqual([]);
    const read: any = await hub.query(
      `query($ids: [String!]) { events(first: 50, filter: { eventIds: $ids }) { edges { node { hashId bizStep disposition } } } }`,
      { ids: res.data.captureEvents.eventIds },
      token,
    );
    const nodes = read.data.events.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.bizStep ?? "").not.toContain("urn:");
      expect(node.disposition ?? "").not.toContain("urn:");
    }
    for (const hash of documentHashIds(doc)) expect(nodes.map((n: any) => n.hashId)).toContain(hash);
  });
});
