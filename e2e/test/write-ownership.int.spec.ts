import { type TestHub, startHub } from "@tracehub/testkit";
import { PUBLIC_OPERATIONS } from "@tracehub/gateway/public-operations";

// Issue 18, defect 1: every write is authorized against ownership of the GS1 company prefix (or a CAPTURE
// grant from its owner), so nobody can make a counterfeit verify as genuine or change another company's units.
const A_GTIN = "09506000134352"; // prefix 9506000 (brand A)
const A_NEW_GTIN = "09506000123455"; // inside brand A's prefix, not registered yet
const B_GTIN = "00614141123452"; // prefix 0614141 (brand B)
const C_GTIN = "09506000900001"; // inside 95060009, a longer prefix held by brand C
const CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

const COMMISSION = `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds serials } }`;
const UPSERT = `mutation($i: UpsertProductInput!) { upsertProduct(input: $i) { gtin name } }`;
const MOVE = `mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`;
const PACK = `mutation($i: PackInput!) { pack(input: $i) { eventId } }`;
const UNPACK = `mutation($i: PackInput!) { unpack(input: $i) { eventId } }`;
const CAPTURE = `mutation($doc: JSON!, $b: CaptureErrorBehavior) { captureEvents(document: $doc, errorBehavior: $b) { stored eventIds rejected { eventIndex path message } } }`;
const RECALL = `mutation($i: CreateRecallInput!) { createRecall(input: $i) { id } }`;
const ORDER = `mutation($i: CreateOrderInput!) { createOrder(input: $i) { id } }`;
const GRANT = `mutation($i: GrantAccessInput!) { grantAccess(input: $i) { id active permissions gtins } }`;
const REVOKE = `mutation($id: ID!) { revokeGrant(id: $id) { id active revokedAt } }`;
const VERIFY = PUBLIC_OPERATIONS.VerifyAuthenticity;
const UNIT = `query($c: String!) { unit(code: $c) { status disposition parent { id } } }`;

const doc = (events: Record<string, unknown>[]) => ({ "@context": [CONTEXT], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-01-01T00:00:00Z", epcisBody: { eventList: events } });
const observe = (epcs: string[]) => ({ type: "ObjectEvent", eventTime: "2026-02-01T10:00:00Z", eventTimeZoneOffset: "+00:00", epcList: epcs, action: "OBSERVE", bizStep: "inspecting" });

describe("writes are authorized against ownership of the company prefix", () => {
  let hub: TestHub;
  let op: string;
  let brandA: string;
  let brandB: string;
  let partner: string;
  let partnerOrg: string;
  let retailer: string;
  let retailerOrg: string;
  let brandAOrg: string;
  let brandC: string;
  let aUnits: string[];
  let bUnits: string[];
  const codeOf = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    // Grants and revocations take effect at once here; the default cache is 5 s.
    hub = await startHub({ scopeCacheMs: 0 });
    op = await hub.token({ roles: ["operator"] });
    brandAOrg = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const brandBOrg = await hub.seed.organization({ name: "Brand B", kind: "BRAND_OWNER", companyPrefixes: ["0614141"] });
    const brandCOrg = await hub.seed.organization({ name: "Brand C", kind: "BRAND_OWNER", companyPrefixes: ["95060009"] });
    partnerOrg = await hub.seed.organization({ name: "Contract Packer", kind: "MANUFACTURER" });
    retailerOrg = await hub.seed.organization({ name: "Shop", kind: "RETAILER" });
    brandA = await hub.token({ sub: "a", org: brandAOrg, roles: ["brand_owner"] });
    brandB = await hub.token({ sub: "b", org: brandBOrg, roles: ["brand_owner"] });
    brandC = await hub.token({ sub: "c", org: brandCOrg, roles: ["brand_owner"] });
    partner = await hub.token({ sub: "p", org: partnerOrg, roles: ["supplier", "logistics"] });
    retailer = await hub.token({ sub: "r", org: retailerOrg, roles: ["fulfilment"] });
    for (const [token, gtin, name] of [
      [brandA, A_GTIN, "A Ibuprofen"],
      [brandB, B_GTIN, "B Saline"],
    ] as const) {
      const res = await hub.query(UPSERT, { i: { gtin, name } }, token);
      expect(res.errors).toBeUndefined();
    }
    aUnits = (await hub.query<any>(COMMISSION, { i: { gtin: A_GTIN, count: 4, serialType: "SEQUENTIAL", lot: "L1" } }, brandA)).data.commissionUnits.unitIds;
    bUnits = (await hub.query<any>(COMMISSION, { i: { gtin: B_GTIN, count: 2, serialType: "SEQUENTIAL" } }, brandB)).data.commissionUnits.unitIds;
  });
  afterAll(() => hub?.stop());

  it("refuses commissioning under another company's GTIN, so the forged serial never verifies GENUINE", async () => {
    const res = await hub.query(COMMISSION, { i: { gtin: A_GTIN, serials: ["FAKE-1"] } }, brandB);
    expect(codeOf(res)).toBe("FORBIDDEN");
    expect(res.errors?.[0]?.message).toMatch(/GTIN 09506000134352/);
    const verdict = await hub.query<any>(VERIFY, { code: `(01)${A_GTIN}(21)FAKE-1` }, null);
    expect(verdict.data.verifyAuthenticity.verdict).toBe("UNKNOWN");
  });

  it("refuses registering a GTIN inside another company's prefix, and renaming another company's product", async () => {
    expect(codeOf(await hub.query(UPSERT, { i: { gtin: A_NEW_GTIN, name: "Knock-off" } }, brandB))).toBe("FORBIDDEN");
    expect((await hub.query<any>(`query($g: String!) { product(gtin: $g) { name } }`, { g: A_NEW_GTIN }, op)).data.product).toBeNull();
    expect(codeOf(await hub.query(UPSERT, { i: { gtin: A_GTIN, name: "Renamed by a rival" } }, brandB))).toBe("FORBIDDEN");
    expect((await hub.query<any>(`query($g: String!) { product(gtin: $g) { name } }`, { g: A_GTIN }, op)).data.product.name).toBe("A Ibuprofen");
    // The owner may register a new GTIN in its own prefix.
    expect((await hub.query(UPSERT, { i: { gtin: A_NEW_GTIN, name: "A Paracetamol" } }, brandA)).errors).toBeUndefined();
  });

  it("gives a key under a longer prefix to that prefix's holder (longest prefix wins)", async () => {
    expect(codeOf(await hub.query(UPSERT, { i: { gtin: C_GTIN, name: "Not A's" } }, brandA))).toBe("FORBIDDEN");
    expect((await hub.query(UPSERT, { i: { gtin: C_GTIN, name: "C Lozenges" } }, brandC)).errors).toBeUndefined();
  });

  it("refuses destroying, decommissioning or scanning another company's units, and leaves them as they were", async () => {
    const unit = aUnits[0] as string;
    expect(codeOf(await hub.query(MOVE, { i: { codes: [unit], bizStep: "destroying", disposition: "destroyed" } }, brandB))).toBe("FORBIDDEN");
    expect(codeOf(await hub.query(MOVE, { i: { codes: [bUnits[0], unit], bizStep: "decommissioning", disposition: "inactive" } }, brandB))).toBe("FORBIDDEN");
    const state = await hub.query<any>(UNIT, { c: unit }, op);
    expect(state.data.unit).toMatchObject({ status: "ACTIVE", disposition: "active" });
    expect((await hub.query<any>(VERIFY, { code: unit }, null)).data.verifyAuthenticity.verdict).toBe("GENUINE");
    // Its own units are its to scan.
    expect((await hub.query(MOVE, { i: { codes: [bUnits[0]], bizStep: "inspecting" } }, brandB)).errors).toBeUndefined();
  });

  it("refuses packing another company's units into one's own container, and unpacking another company's container", async () => {
    const bPallet = "(00)106141410000000019";
    expect(codeOf(await hub.query(PACK, { i: { parent: bPallet, children: [aUnits[1]] } }, brandB))).toBe("FORBIDDEN");
    expect((await hub.query<any>(UNIT, { c: aUnits[1] }, op)).data.unit.parent).toBeNull();
    const aPallet = "(00)195060000000000012";
    expect((await hub.query(PACK, { i: { parent: aPallet, children: [aUnits[1]] } }, brandA)).errors).toBeUndefined();
    expect(codeOf(await hub.query(UNPACK, { i: { parent: aPallet } }, brandB))).toBe("FORBIDDEN");
    expect((await hub.query<any>(UNIT, { c: aUnits[1] }, op)).data.unit.parent).not.toBeNull();
  });

  it("rejects captured events naming another company's units, storing nothing under ROLLBACK and only one's own under PROCEED", async () => {
    const before = (await hub.query<any>(`{ events(first: 1) { totalCount } }`, {}, op)).data.events.totalCount;
    const document = doc([observe([bUnits[1] as string]), observe([aUnits[2] as string])]);
    const rollback = await hub.query<any>(CAPTURE, { doc: document }, brandB);
    expect(rollback.data.captureEvents.stored).toBe(0);
    expect(rollback.data.captureEvents.rejected).toEqual([
      { eventIndex: 1, path: "$.epcisBody.eventList[1].epcList[0]", message: expect.stringMatching(/^FORBIDDEN: you may not capture events on https:\/\/id\.gs1\.org\/01\/09506000134352\//) },
    ]);
    expect((await hub.query<any>(`{ events(first: 1) { totalCount } }`, {}, op)).data.events.totalCount).toBe(before);
    const proceed = await hub.query<any>(CAPTURE, { doc: document, b: "PROCEED" }, brandB);
    expect(proceed.data.captureEvents.stored).toBe(1);
    expect(proceed.data.captureEvents.rejected.map((r: { eventIndex: number }) => r.eventIndex)).toEqual([1]);
    // Quantity events on another company's product class are refused as well.
    const quantity = { ...observe([]), quantityList: [{ epcClass: `https://id.gs1.org/01/${A_GTIN}/10/L1`, quantity: 5 }] };
    expect((await hub.query<any>(CAPTURE, { doc: doc([quantity]) }, brandB)).data.captureEvents.rejected[0].path).toBe("$.epcisBody.eventList[0].quantityList[0].epcClass");
  });

  it("refuses a recall of another company's product", async () => {
    const res = await hub.query(RECALL, { i: { gtin: A_GTIN, classification: "CLASS_I", reason: "sabotage" } }, brandB);
    expect(codeOf(res)).toBe("FORBIDDEN");
    expect((await hub.query<any>(`{ recalls(first: 10) { totalCount } }`, {}, op)).data.recalls.totalCount).toBe(0);
    expect((await hub.query(RECALL, { i: { gtin: A_GTIN, lots: ["L9"], classification: "CLASS_II", reason: "Seal defect" } }, brandA)).errors).toBeUndefined();
  });

  it("refuses selling another company's units the shop does not hold, grant or not, and allows it once they are handed over", async () => {
    const input = { reference: "WEB-1", customer: { name: "Ann" }, unitCodes: [aUnits[3]] };
    const refused = await hub.query<any>(ORDER, { i: input }, retailer);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "UNIT_NOT_IN_CUSTODY" });
    expect((await hub.query<any>(`{ orders(first: 5) { totalCount } }`, {}, op)).data.orders.totalCount).toBe(0);
    // A CAPTURE grant lets the shop record scans of the brand's units; it does not make them the shop's to sell.
    const grant = await hub.query<any>(GRANT, { i: { granteeId: retailerOrg, permissions: ["CAPTURE"], gtins: [A_GTIN] } }, brandA);
    expect(grant.errors).toBeUndefined();
    expect(codeOf(await hub.query(ORDER, { i: input }, retailer))).toBe("FORBIDDEN");
    // Handed over to the shop's location and received there, the unit is the shop's stock.
    const shopGln = "4000001000005";
    expect((await hub.query<any>(`mutation($o: ID!) { addLocation(input: { organizationId: $o, gln: "${shopGln}", name: "Shop" }) { gln } }`, { o: retailerOrg }, op)).errors).toBeUndefined();
    const now = new Date().toISOString();
    const handOver = doc([
      { type: "ObjectEvent", eventTime: now, eventTimeZoneOffset: "+00:00", epcList: [aUnits[3]], action: "OBSERVE", bizStep: "shipping", destinationList: [{ type: "owning_party", destination: `https://id.gs1.org/417/${shopGln}` }] },
      { type: "ObjectEvent", eventTime: now, eventTimeZoneOffset: "+00:00", epcList: [aUnits[3]], action: "OBSERVE", bizStep: "receiving", bizLocation: { id: `https://id.gs1.org/414/${shopGln}` } },
    ]);
    expect((await hub.query<any>(CAPTURE, { doc: handOver }, brandA)).data.captureEvents.rejected).toEqual([]);
    // The shop's scope now names its location (the gateway looks scopes up again at most a second later).
    let created = await hub.query<any>(ORDER, { i: input }, retailer);
    for (const end = Date.now() + 5_000; created.errors && Date.now() < end; created = await hub.query<any>(ORDER, { i: input }, retailer)) await new Promise((r) => setTimeout(r, 200));
    expect(created.errors).toBeUndefined();
  });

  it("lets a partner commission and scan the owner's product only while a CAPTURE grant on it stands", async () => {
    expect(codeOf(await hub.query(COMMISSION, { i: { gtin: A_GTIN, count: 1 } }, partner))).toBe("FORBIDDEN");
    const read = await hub.query<any>(GRANT, { i: { granteeId: partnerOrg, permissions: ["READ"] } }, brandA);
    expect(read.errors).toBeUndefined();
    expect(codeOf(await hub.query(COMMISSION, { i: { gtin: A_GTIN, count: 1 } }, partner))).toBe("FORBIDDEN");
    const other = await hub.query<any>(GRANT, { i: { granteeId: partnerOrg, permissions: ["CAPTURE"], gtins: [A_NEW_GTIN] } }, brandA);
    expect(other.data.grantAccess).toMatchObject({ active: true, gtins: [A_NEW_GTIN] });
    expect(codeOf(await hub.query(COMMISSION, { i: { gtin: A_GTIN, count: 1 } }, partner))).toBe("FORBIDDEN");
    const grant = await hub.query<any>(GRANT, { i: { granteeId: partnerOrg, permissions: ["CAPTURE"], gtins: [A_GTIN] } }, brandA);
    const made = await hub.query<any>(COMMISSION, { i: { gtin: A_GTIN, count: 1 } }, partner);
    expect(made.errors).toBeUndefined();
    expect((await hub.query<any>(VERIFY, { code: made.data.commissionUnits.unitIds[0] }, null)).data.verifyAuthenticity.verdict).toBe("GENUINE");
    // A grant never lets the partner rename the product or recall it: those stay with the owner.
    expect(codeOf(await hub.query(UPSERT, { i: { gtin: A_GTIN, name: "Partner name" } }, partner))).toBe("FORBIDDEN");
    const revoked = await hub.query<any>(REVOKE, { id: grant.data.grantAccess.id }, brandA);
    expect(revoked.data.revokeGrant.active).toBe(false);
    expect(codeOf(await hub.query(COMMISSION, { i: { gtin: A_GTIN, count: 1 } }, partner))).toBe("FORBIDDEN");
  });

  it("lets only the owner grant its products, and only the grantor revoke", async () => {
    expect(codeOf(await hub.query(GRANT, { i: { granteeId: partnerOrg, permissions: ["CAPTURE"], gtins: [A_GTIN] } }, brandB))).toBe("FORBIDDEN");
    const given = await hub.query<any>(GRANT, { i: { granteeId: partnerOrg, permissions: ["READ"], gtins: [B_GTIN] } }, brandB);
    expect(given.errors).toBeUndefined();
    expect(codeOf(await hub.query(REVOKE, { id: given.data.grantAccess.id }, brandA))).toBe("NOT_FOUND");
    expect(codeOf(await hub.query(REVOKE, { id: "not-a-uuid" }, brandB))).toBe("BAD_USER_INPUT");
    expect(codeOf(await hub.query(GRANT, { i: { granteeId: partnerOrg, permissions: [], gtins: [B_GTIN] } }, brandB))).toBe("BAD_USER_INPUT");
    expect(codeOf(await hub.query(GRANT, { i: { granteeId: partnerOrg, permissions: ["READ"], expiresAt: "2001-01-01T00:00:00Z" } }, brandB))).toBe("BAD_USER_INPUT");
    const seen = await hub.query<any>(`{ grants(first: 50) { totalCount edges { node { grantorId granteeId } } } }`, {}, brandB);
    expect(seen.data.grants.edges.every((e: { node: { grantorId: string; granteeId: string } }) => e.node.grantorId !== brandAOrg && e.node.granteeId !== brandAOrg)).toBe(true);
    expect(seen.data.grants.totalCount).toBe(1);
  });
});
