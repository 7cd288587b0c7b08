import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chunkDocument, readDocumentFrame, streamEvents } from "../epcis-stream";
import { EpcisJsonScanner, JsonScanError, type ScanItem } from "../json-scanner";

/** Feeds `text` to a scanner in pieces of `size` bytes; answers every item. */
function scan(text: string, size: number): ScanItem[] {
  const scanner = new EpcisJsonScanner();
  const bytes = Buffer.from(text);
  const items: ScanItem[] = [];
  for (let i = 0; i < bytes.length; i += size) items.push(...scanner.push(bytes.subarray(i, i + size)));
  items.push(...scanner.end());
  return items;
}

const events = (items: ScanItem[]) => items.filter((i) => i.kind === "event").map((i) => JSON.parse((i as { raw: Buffer }).raw.toString("utf8")));
const header = (items: ScanItem[]) => Object.fromEntries(items.filter((i) => i.kind === "header").map((i) => [(i as { key: string }).key, (i as { value: unknown }).value]));

const TRICKY = [
  { type: "ObjectEvent", note: 'braces } ] { [ and "quotes" and \\ backslash \\"', nested: [[1, 2], { a: [] }], n: -1.5e3, t: true, z: null },
  { type: "ObjectEvent", emoji: "łódź ✓ 🚚", epcList: ["https://id.gs1.org/01/09506000134352/21/A%2F1"] },
  "a string event",
  42,
];

describe("EpcisJsonScanner", () => {
  const doc = JSON.stringify({ "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", { ex: "https://ex.example/" }], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-01-01T00:00:00Z", epcisHeader: { x: [1, { y: "}" }] }, epcisBody: { eventList: TRICKY } }, null, 1);

  it.each([1, 2, 3, 7, 64, 1 << 16])("hands out every event and header property exactly, read %i bytes at a time", (size) => {
    const items = scan(doc, size);
    expect(events(items)).toEqual(TRICKY);
    expect(header(items)).toEqual({ "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", { ex: "https://ex.example/" }], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-01-01T00:00:00Z", epcisHeader: { x: [1, { y: "}" }] } });
  });

  it("reads a document whose eventList is not the last property of epcisBody, and whose epcisBody is not the last of the document", () => {
    const text = `{"type":"EPCISDocument","epcisBody":{"eventList":[{"a":1},{"b":2}],"extra":{"k":"v"}},"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld","schemaVersion":"2.0"}`;
    for (const size of [1, 5, 1000]) {
      const items = scan(text, size);
      expect(events(items)).toEqual([{ a: 1 }, { b: 2 }]);
      expect(header(items)).toEqual({ type: "EPCISDocument", "@context": "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", schemaVersion: "2.0" });
      expect(items.find((i) => i.kind === "body")).toEqual({ kind: "body", key: "extra", value: { k: "v" } });
    }
  });

  it("numbers events in order and tells where each ends in the file", () => {
    const text = `{"epcisBody":{"eventList":[ {"a":1} , {"b":2} ]}}`;
    const items = scan(text, 3).filter((i) => i.kind === "event") as { index: number; end: number }[];
    expect(items.map((i) => i.index)).toEqual([0, 1]);
    expect(text.slice(0, items[0]?.end)).toMatch(/\{"a":1\}$/);
    expect(text.slice(0, items[1]?.end)).toMatch(/\{"b":2\}$/);
  });

  it("accepts an empty eventList and a byte order mark", () => {
    expect(events(scan(`\ufeff{"epcisBody":{"eventList":[]}}`, 2))).toEqual([]);
  });

  it.each([
    [`[1,2]`, /JSON object/],
    [`{"epcisBody":{"eventList":[{"a":1}`, /ends early/],
    [`{"epcisBody":{"other":[]}}`, /no epcisBody.eventList/],
    [`{"epcisBody":{"eventList":{}}}`, /eventList must be an array/],
    [`{"epcisBody":{"eventList":[{"a":1},,]}}`, /Expected an event/],
    [`{"epcisBody":{"eventList":[]}} x`, /after the document/],
    [`{"a" 1,"epcisBody":{"eventList":[]}}`, /Expected ':'/],
    [`{"a":tru e,"epcisBody":{"eventList":[]}}`, /Expected ','|Malformed/],
  ])("refuses %s", (text, message) => {
    expect(() => scan(text, 4)).toThrow(JsonScanError);
    expect(() => scan(text, 4)).toThrow(message);
  });
});

describe("a file bigger than one chunk", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "tracehub-cli-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("streams 2,500 events from a file in chunks of 1,000 with the document's header after the body, and resumes from an event", async () => {
    const list = Array.from({ length: 2500 }, (_, i) => ({ type: "ObjectEvent", eventTime: "2026-01-01T00:00:00Z", eventTimeZoneOffset: "+00:00", action: "OBSERVE", epcList: [`https://id.gs1.org/01/09506000134352/21/S${i}`] }));
    const file = path.join(dir, "big.jsonld");
    await writeFile(file, `{"type":"EPCISDocument","schemaVersion":"2.0","epcisBody":{"eventList":${JSON.stringify(list)}},"creationDate":"2026-01-02T00:00:00Z","@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"epcisHeader":{"h":1}}`);
    const frame = await readDocumentFrame(file);
    expect(frame.events).toBe(2500);
    expect(frame.header).toEqual({ type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-01-02T00:00:00Z", "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], epcisHeader: { h: 1 } });
    const chunks: string[] = [];
    let batch: Buffer[] = [];
    let lastBytes = 0;
    for await (const event of streamEvents(file, 0, (b) => (lastBytes = b))) {
      batch.push(event.raw);
      if (batch.length === 1000) {
        chunks.push(chunkDocument(frame, batch));
        batch = [];
      }
    }
    if (batch.length) chunks.push(chunkDocument(frame, batch));
    expect(lastBytes).toBeGreaterThan(100_000);
    expect(chunks).toHaveLength(3);
    const documents = chunks.map((c) => JSON.parse(c));
    expect(documents.map((d) => d.epcisBody.eventList.length)).toEqual([1000, 1000, 500]);
    expect(documents.flatMap((d) => d.epcisBody.eventList)).toEqual(list);
    for (const d of documents) expect(d).toMatchObject({ "@context": frame.header["@context"], epcisHeader: { h: 1 }, creationDate: "2026-01-02T00:00:00Z", type: "EPCISDocument" });
    const resumed: number[] = [];
    for await (const event of streamEvents(file, 2400)) resumed.push(event.index);
    expect(resumed).toEqual(Array.from({ length: 100 }, (_, i) => 2400 + i));
  });
});
