import { type TestHub, startHub } from "@tracehub/testkit";

// Capture time grows with the identifiers a document names, so their number is bounded per document (default
// 50,000; found by the fuzz suite: 146 events × 2,364 EPCs kept units busy for a minute inside every other limit).
const CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
const CAPTURE = `mutation($doc: JSON!) { captureEvents(document: $doc) { stored rejected { eventIndex message } } }`;

describe("capture limits through the gateway", () => {
  let hub: TestHub;
  let op: string;
  const doc = (events: Record<string, unknown>[]) => ({ "@context": [CONTEXT], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-01-01T00:00:00Z", epcisBody: { eventList: events } });
  const observe = (from: number, count: number) => ({
    type: "ObjectEvent",
    eventTime: "2026-01-10T10:00:00Z",
    eventTimeZoneOffset: "+00:00",
    epcList: Array.from({ length: count }, (_, i) => `urn:epc:id:sgtin:9506000.013435.${from + i}`),
    action: "OBSERVE",
    bizStep: "inspecting",
  });
  const events = async () => (await hub.query<any>(`{ events(first: 1) { totalCount } }`, {}, op)).data.events.totalCount as number;

  beforeAll(async () => {
    hub = await startHub({ maxCaptureIdentifiers: 1_000 });
    op = await hub.token();
  });
  afterAll(() => hub?.stop());

  it("refuses a document naming more identifiers than the limit with LIMIT_EXCEEDED and stores nothing", async () => {
    const res = await hub.query(CAPTURE, { doc: doc([observe(0, 500), observe(500, 501)]) }, op);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", field: "document", limit: 1_000 });
    expect(res.errors?.[0]?.message).toMatch(/1001 identifiers.*1000 per document/);
    expect(await events()).toBe(0);
  });

  it("accepts a document at the limit", async () => {
    const res = await hub.query<any>(CAPTURE, { doc: doc([observe(0, 1_000)]) }, op);
    expect(res.errors).toBeUndefined();
    expect(res.data.captureEvents).toEqual({ stored: 1, rejected: [] });
  });

  it("refuses text PostgreSQL cannot store (U+0000) as BAD_USER_INPUT and stores nothing", async () => {
    const res = await hub.query(`mutation($i: UpsertProductInput!) { upsertProduct(input: $i) { gtin } }`, { i: { gtin: "09506000134352", name: "Ibu\u0000profen" } }, op);
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await hub.query<any>(`{ product(gtin: "09506000134352") { name } }`, {}, op)).data.product).toBeNull();
  });
});
