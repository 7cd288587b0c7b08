import { readFileSync } from "node:fs";
import path from "node:path";
import { validateEpcisDocument } from "@tracehub/epcis";
import { type TestHub, startHub } from "@tracehub/testkit";
import Ajv from "ajv";
import addFormats from "ajv-formats";

// Issue 11: the transaction history a DSCSA trading partner or regulator asks for. A unit shipped on a pallet has
// the pallet's shipping in its history: `exportEpcis(filter: { code, includeContainers: true })` writes the unit's
// own events and those of every container while it was inside (not before it was packed, nor after it was taken
// out), as an EPCIS 2.0 document valid against the official JSON Schema in ../shared/conformance.
const GTIN = "09506000134352"; // brand A, prefix 9506000
const SSCC = "https://id.gs1.org/00/095060000000001234"; // a pallet under brand A's prefix
const CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
const SCHEMA = path.resolve(__dirname, "../../../shared/conformance/epcis/schema/EPCIS-JSON-Schema.json");
const EXPORT = `query($f: EventFilter!) { exportEpcis(filter: $f) }`;

const event = (type: string, at: string, fields: Record<string, unknown>) => ({ type, eventTime: at, eventTimeZoneOffset: "+00:00", ...fields });

describe("regulator exports: a unit's transaction history, with what its containers went through", () => {
  let hub: TestHub;
  let brand: string;
  let regulator: string;
  let rival: string;
  let units: string[];
  const officialSchema = (() => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    return ajv.compile(JSON.parse(readFileSync(SCHEMA, "utf8")) as object);
  })();
  const exported = async (filter: Record<string, unknown>, token: string) => {
    const res = await hub.query<any>(EXPORT, { f: filter }, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.exportEpcis as { epcisBody: { eventList: Record<string, any>[] } };
  };
  const steps = (doc: { epcisBody: { eventList: Record<string, any>[] } }) => doc.epcisBody.eventList.map((e) => `${e.type}:${e.bizStep ?? ""}`);

  beforeAll(async () => {
    hub = await startHub();
    const brandOrg = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const rivalOrg = await hub.seed.organization({ name: "Brand B", kind: "BRAND_OWNER", companyPrefixes: ["0614141"] });
    const regulatorOrg = await hub.seed.organization({ name: "Agency", kind: "REGULATOR" });
    brand = await hub.token({ sub: "a", org: brandOrg, roles: ["brand_owner"] });
    rival = await hub.token({ sub: "b", org: rivalOrg, roles: ["brand_owner"] });
    regulator = await hub.token({ sub: "r", org: regulatorOrg, roles: ["regulator"] });
    await hub.query(`mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Ibuprofen" }) { gtin } }`, {}, brand);
    const commissioned = await hub.query<any>(
      `mutation { commissionUnits(input: { gtin: "${GTIN}", lot: "L1", count: 2, serialType: SEQUENTIAL, eventTime: "2026-06-01T08:00:00Z" }) { unitIds } }`,
      {},
      brand,
    );
    units = commissioned.data.commissionUnits.unitIds;
    const doc = {
      "@context": [CONTEXT],
      type: "EPCISDocument",
      schemaVersion: "2.0",
      creationDate: "2026-06-10T00:00:00Z",
      epcisBody: {
        eventList: [
          // The pallet is inspected before the units are on it: not their history.
          event("ObjectEvent", "2026-06-01T09:00:00Z", { epcList: [SSCC], action: "OBSERVE", bizStep: "inspecting" }),
          event("AggregationEvent", "2026-06-02T08:00:00Z", { parentID: SSCC, childEPCs: units, action: "ADD", bizStep: "packing" }),
          event("ObjectEvent", "2026-06-02T10:00:00Z", {
            epcList: [SSCC],
            action: "OBSERVE",
            bizStep: "shipping",
            disposition: "in_transit",
            bizTransactionList: [{ type: "desadv", bizTransaction: "urn:epcglobal:cbv:bt:9506000000008:DA-77" }],
            destinationList: [{ type: "owning_party", destination: "https://id.gs1.org/417/4000001000005" }],
          }),
          event("ObjectEvent", "2026-06-03T10:00:00Z", { epcList: [SSCC], action: "OBSERVE", bizStep: "receiving", disposition: "in_progress" }),
          event("AggregationEvent", "2026-06-04T08:00:00Z", { parentID: SSCC, childEPCs: [units[0]], action: "DELETE", bizStep: "unpacking" }),
          // After the first unit left the pallet: only the second unit's history.
          event("ObjectEvent", "2026-06-05T10:00:00Z", { epcList: [SSCC], action: "OBSERVE", bizStep: "shipping", disposition: "in_transit" }),
        ],
      },
    };
    const captured = await hub.query<any>(`mutation($d: JSON!) { captureEvents(document: $d) { stored rejected { message } } }`, { d: doc }, brand);
    expect(captured.data.captureEvents).toEqual({ stored: 6, rejected: [] });
  });
  afterAll(() => hub?.stop());

  it("writes a unit's own events and its pallet's while it was on it, valid against the official schema", async () => {
    const first = await exported({ code: units[0], includeContainers: true }, regulator);
    expect(steps(first)).toEqual(["ObjectEvent:commissioning", "AggregationEvent:packing", "ObjectEvent:shipping", "ObjectEvent:receiving", "AggregationEvent:unpacking"]);
    const shipping = first.epcisBody.eventList[2] as Record<string, any>;
    expect(shipping.epcList).toEqual([SSCC]);
    expect(shipping.bizTransactionList).toEqual([{ type: "desadv", bizTransaction: "urn:epcglobal:cbv:bt:9506000000008:DA-77" }]);
    expect(officialSchema(first)).toBe(true);
    expect(validateEpcisDocument(first)).toEqual({ valid: true, errors: [] });

    // The second unit stayed on the pallet: the later shipping is its history too.
    const second = await exported({ code: units[1], includeContainers: true }, regulator);
    expect(steps(second)).toEqual(["ObjectEvent:commissioning", "AggregationEvent:packing", "ObjectEvent:shipping", "ObjectEvent:receiving", "AggregationEvent:unpacking", "ObjectEvent:shipping"]);
    expect(officialSchema(second)).toBe(true);
    // Without includeContainers, only the unit's own events.
    expect(steps(await exported({ code: units[0] }, regulator))).toEqual(["ObjectEvent:commissioning", "AggregationEvent:packing", "AggregationEvent:unpacking"]);
    // In any identifier form asked for.
    const urns = (await hub.query<any>(`query($f: EventFilter!) { exportEpcis(filter: $f, epcFormat: ALWAYS_EPC_URN, companyPrefixLength: 7) }`, { f: { code: units[0], includeContainers: true } }, regulator)).data.exportEpcis;
    expect(officialSchema(urns)).toBe(true);
    expect(urns.epcisBody.eventList[2].epcList).toEqual(["urn:epc:id:sscc:9506000.0000000123"]);
  });

  it("gives the brand owner the same history, the events query the same events, and another company nothing", async () => {
    expect(steps(await exported({ code: units[0], includeContainers: true }, brand))).toHaveLength(5);
    const events = await hub.query<any>(`query($f: EventFilter) { events(first: 50, filter: $f) { totalCount edges { node { bizStep } } } }`, { f: { code: units[0], includeContainers: true } }, brand);
    expect(events.data.events.totalCount).toBe(5);
    expect((await exported({ code: units[0], includeContainers: true }, rival)).epcisBody.eventList).toEqual([]);
  });

  it("takes what was inside and what it was inside together: a pallet's history with its contents' and its own", async () => {
    const both = await exported({ code: SSCC, includeContents: true, includeContainers: true }, regulator);
    const contentsOnly = await exported({ code: SSCC, includeContents: true }, regulator);
    expect(steps(both)).toEqual(steps(contentsOnly)); // a pallet on no other container: nothing more
    expect(steps(contentsOnly)).toContain("ObjectEvent:inspecting");
    expect(officialSchema(both)).toBe(true);
  });
});

// Issue 11: downloads over HTTP with the /graphql credentials: a lot's FSMA 204 records as a CSV spreadsheet, and a
// recall's affected units (more than one page of them) as CSV and JSON, streamed.
describe("exports over HTTP: FSMA 204 records and a recall's affected units", () => {
  let hub: TestHub;
  let brand: string;
  let regulator: string;
  let rival: string;
  let recallId: string;
  let unitIds: string[];
  const LOT_GTIN = "09506000134369";
  const get = (pathAndQuery: string, token: string | null) =>
    fetch(`${hub.url.replace(/\/graphql$/, "")}${pathAndQuery}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  /** A CSV body read back into rows (quoted cells with commas and doubled quotes). */
  const parseCsv = (text: string): string[][] =>
    text
      .split("\r\n")
      .filter(Boolean)
      .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => (m[1]?.startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : (m[1] ?? ""))));

  beforeAll(async () => {
    hub = await startHub();
    const brandOrg = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const rivalOrg = await hub.seed.organization({ name: "Brand B", kind: "BRAND_OWNER", companyPrefixes: ["0614141"] });
    const regulatorOrg = await hub.seed.organization({ name: "Agency", kind: "REGULATOR" });
    brand = await hub.token({ sub: "a", org: brandOrg, roles: ["brand_owner", "fulfilment"] });
    rival = await hub.token({ sub: "b", org: rivalOrg, roles: ["brand_owner"] });
    regulator = await hub.token({ sub: "r", org: regulatorOrg, roles: ["regulator"] });
    await hub.query(`mutation { upsertProduct(input: { gtin: "${LOT_GTIN}", name: "Salad, mixed" }) { gtin } }`, {}, brand);
    const made = await hub.query<any>(
      `mutation { commissionUnits(input: { gtin: "${LOT_GTIN}", lot: "TLC-7", count: 1200, serialType: SEQUENTIAL, eventTime: "2026-07-01T06:00:00Z" }) { unitIds } }`,
      {},
      brand,
    );
    unitIds = made.data.commissionUnits.unitIds;
    const captured = await hub.query<any>(
      `mutation($d: JSON!) { captureEvents(document: $d) { stored rejected { message } } }`,
      {
        d: {
          "@context": [CONTEXT],
          type: "EPCISDocument",
          schemaVersion: "2.0",
          creationDate: "2026-07-02T00:00:00Z",
          epcisBody: {
            eventList: [
              event("AggregationEvent", "2026-07-01T08:00:00Z", { parentID: SSCC, childEPCs: unitIds.slice(0, 10), action: "ADD", bizStep: "packing" }),
              event("ObjectEvent", "2026-07-01T10:00:00Z", {
                epcList: [SSCC],
                action: "OBSERVE",
                bizStep: "shipping",
                bizLocation: { id: "https://id.gs1.org/414/9506000000008" },
                bizTransactionList: [{ type: "po", bizTransaction: "urn:epcglobal:cbv:bt:9506000000008:PO-9" }],
                destinationList: [{ type: "owning_party", destination: "https://id.gs1.org/417/4000001000005" }],
              }),
            ],
          },
        },
      },
      brand,
    );
    expect(captured.data?.captureEvents ?? captured.errors).toEqual({ stored: 2, rejected: [] });
    // A unit the brand still holds (the first ten were shipped on).
    const ordered = await hub.query(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { id } }`, { i: { reference: "WEB-1", customer: { name: "=HYPERLINK(\"x\"), Jane" }, unitCodes: [unitIds[20]] } }, brand);
    expect(ordered.errors).toBeUndefined();
    recallId = await hub.seed.recall({ gtin: LOT_GTIN, lots: ["TLC-7"], reason: "Listeria" });
    for (;;) {
      const res = await hub.query<any>(`query($id: ID!) { recall(id: $id) { affectedCount } }`, { id: recallId }, brand);
      const units = await hub.query<any>(`{ units(first: 1, filter: { lot: "TLC-7", status: RECALLED }) { totalCount } }`, {}, brand);
      if (res.data?.recall?.affectedCount === 1200 && units.data?.units.totalCount === 1200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(() => hub?.stop());

  it("serves a lot's FSMA 204 records as a CSV spreadsheet, one row per critical tracking event", async () => {
    const res = await get(`/exports/traceability.csv?gtin=${LOT_GTIN}&lot=TLC-7&from=2026-07-01T00:00:00Z&to=2026-07-02T00:00:00Z`, regulator);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const rows = parseCsv(await res.text());
    expect(rows[0]?.slice(0, 6)).toEqual(["Traceability Lot Code", "GTIN", "Product Description", "Critical Tracking Event", "Event Date and Time (UTC)", "Quantity"]);
    expect(rows.slice(1).map((r) => [r[3], r[5]])).toEqual([
      ["Initial packing", "1200"],
      ["Initial packing", "10"],
      ["Shipping", "10"],
    ]);
    const shipping = rows[3] as string[];
    expect(shipping.slice(7, 11)).toEqual(["https://id.gs1.org/414/9506000000008", "", "https://id.gs1.org/417/4000001000005", "po:urn:epcglobal:cbv:bt:9506000000008:PO-9"]);
    // The same records through GraphQL; another company gets none; bad input is a 400 naming the problem.
    const records = await hub.query<any>(`{ traceabilityRecords(gtin: "${LOT_GTIN}", lot: "TLC-7") { criticalTrackingEvent quantity } }`, {}, brand);
    expect(records.data.traceabilityRecords.length).toBeGreaterThanOrEqual(4);
    expect(parseCsv(await (await get(`/exports/traceability.csv?gtin=${LOT_GTIN}&lot=TLC-7`, rival)).text())).toHaveLength(1);
    const bad = await get(`/exports/traceability.csv?gtin=123&lot=TLC-7`, regulator);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect((await get(`/exports/traceability.csv?lot=TLC-7`, regulator)).status).toBe(400);
    expect((await get(`/exports/traceability.csv?gtin=${LOT_GTIN}&lot=TLC-7`, null)).status).toBe(401);
  });

  it("streams a recall's affected units as CSV and JSON, every page, with orders and customers to those who may see them", async () => {
    const csv = await get(`/exports/recalls/${recallId}/affected-units.csv`, brand);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("x-total-count")).toBe("1200");
    const rows = parseCsv(await csv.text());
    expect(rows).toHaveLength(1201);
    expect(new Set(rows.slice(1).map((r) => r[0]))).toEqual(new Set(unitIds));
    const sold = rows.find((r) => r[0] === unitIds[20]) as string[];
    expect(sold.slice(5, 6)).toEqual(["RECALLED"]);
    // A customer name that a spreadsheet would run as a formula is written as text.
    expect(sold[9]).toBe("'=HYPERLINK(\"x\"), Jane");

    const json = await get(`/exports/recalls/${recallId}/affected-units.json`, regulator);
    expect(json.status).toBe(200);
    const body = (await json.json()) as { recallId: string; totalCount: number; units: { id: string; status: string }[] };
    expect(body.totalCount).toBe(1200);
    expect(body.units).toHaveLength(1200);
    expect(body.units.every((u) => u.status === "RECALLED")).toBe(true);
    // The regulator sees which order holds a unit, never the seller's customer.
    expect(JSON.stringify(body)).toContain("WEB-1");
    expect(JSON.stringify(body)).not.toContain("Jane");

    // Someone who may not see the recall gets a 404, as for an unknown one; a malformed id is a 400.
    expect((await get(`/exports/recalls/${recallId}/affected-units.csv`, rival)).status).toBe(404);
    expect((await get(`/exports/recalls/3e0b6a6e-0000-4000-8000-000000000000/affected-units.json`, regulator)).status).toBe(404);
    expect((await get(`/exports/recalls/nope/affected-units.json`, regulator)).status).toBe(400);
    expect((await get(`/exports/recalls/${recallId}/affected-units.xml`, regulator)).status).toBe(404);
  });

  it("gives a custodian the records of the lot's units handed over to it, up to the end of its custody", async () => {
    const op = await hub.token({ roles: ["operator"] });
    const distributorOrg = await hub.seed.organization({ name: "Distributor", kind: "DISTRIBUTOR" });
    const added = await hub.query(`mutation($o: ID!) { addLocation(input: { organizationId: $o, gln: "4000001000005", name: "Hub" }) { gln } }`, { o: distributorOrg }, op);
    expect(added.errors).toBeUndefined();
    const distributor = await hub.token({ sub: "d", org: distributorOrg, roles: ["fulfilment"] });
    // The pallet shipped to the distributor is received there and shipped on to a store; then the brand inspects one
    // of its units, after the distributor's custody ended. All after the recall marked the lot (before this test).
    const t = Date.now();
    const at = (step: number) => new Date(t + step * 10).toISOString();
    const capture = async (events: Record<string, unknown>[], token: string) => {
      const doc = { "@context": [CONTEXT], type: "EPCISDocument", schemaVersion: "2.0", creationDate: at(0), epcisBody: { eventList: events } };
      const res = await hub.query<any>(`mutation($d: JSON!) { captureEvents(document: $d) { stored rejected { message } } }`, { d: doc }, token);
      expect(res.data?.captureEvents ?? res.errors).toEqual({ stored: events.length, rejected: [] });
    };
    await capture(
      [
        event("ObjectEvent", at(1), { epcList: [SSCC], action: "OBSERVE", bizStep: "receiving", bizLocation: { id: "https://id.gs1.org/414/4000001000005" } }),
        event("ObjectEvent", at(2), {
          epcList: [SSCC],
          action: "OBSERVE",
          bizStep: "shipping",
          sourceList: [{ type: "owning_party", source: "https://id.gs1.org/417/4000001000005" }],
          destinationList: [{ type: "owning_party", destination: "https://id.gs1.org/417/4000002000004" }],
        }),
      ],
      op,
    );
    await capture([event("ObjectEvent", at(3), { epcList: [unitIds[0]], action: "OBSERVE", bizStep: "inspecting" })], brand);

    const RECORDS = `{ traceabilityRecords(gtin: "${LOT_GTIN}", lot: "TLC-7") { criticalTrackingEvent quantity source destination } }`;
    const records = async (token: string) => {
      const res = await hub.query<any>(RECORDS, {}, token);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data.traceabilityRecords.map((r: any) => [r.criticalTrackingEvent, r.quantity]);
    };
    // Its ten units' whole way to it, its own receiving and the shipment that handed them on; not the inspection after.
    expect(await records(distributor)).toEqual([
      ["Initial packing", 10],
      ["Initial packing", 10],
      ["Shipping", 10],
      ["Other (holding)", 10],
      ["Receiving", 10],
      ["Shipping", 10],
    ]);
    const csv = parseCsv(await (await get(`/exports/traceability.csv?gtin=${LOT_GTIN}&lot=TLC-7`, distributor)).text());
    expect(csv.slice(1).map((r) => [r[3], r[5]])).toEqual((await records(distributor)).map(([cte, n]: [string, number]) => [cte, String(n)]));
    // The brand owner has the whole lot, the inspection included; a company that never held the lot has nothing.
    expect((await records(brand)).at(-1)).toEqual(["Other (inspecting)", 1]);
    expect(await records(rival)).toEqual([]);
  });
});
