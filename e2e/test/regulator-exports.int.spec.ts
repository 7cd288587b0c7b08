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
            bizTransactionList: [{ type: "desadv", bizTransaction: "urn:epcglobal:cbv:bt:9506000000005:DA-77" }],
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
    expect(shipping.bizTransactionList).toEqual([{ type: "desadv", bizTransaction: "urn:epcglobal:cbv:bt:9506000000005:DA-77" }]);
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

  it("refuses includeContainers without a unit, and with includeContents", async () => {
    for (const filter of [{ includeContainers: true }, { code: units[0], includeContainers: true, includeContents: true }]) {
      const res = await hub.query<any>(EXPORT, { f: filter }, regulator);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.includeContainers" });
    }
  });
});
