import { type TestHub, startHub } from "@tracehub/testkit";

// Issue 12: inbound receipt against an advance ship notice. A brand announces a pallet and loose units to a
// distributor's dock; the distributor's receiving scans (its own, or events a partner system captures naming the
// despatch advice) reconcile into matched, missing and unexpected units, and the discrepancies become alerts.
const GTIN = "09506000134352";
const DOCK = "4000001000005";
const SSCC = "(00)095060000000000121";
const SSCC_ID = "https://id.gs1.org/00/095060000000000121";
const NOTICE = `mutation($i: CreateNoticeInput!) { createAdvanceShipNotice(input: $i) { id reference despatchAdvice receiverGln status expected } }`;
const RECEIVE = `mutation($i: ReceiveShipmentInput!) { receiveShipment(input: $i) { matched missing unexpected matchedUnits missingUnits unexpectedUnits } }`;
const READ = `query($id: ID!) { advanceShipNotice(id: $id) { id status expected reconciliation { matched missing unexpected missingUnits unexpectedUnits } alerts { kind unitId } } }`;

describe("advance ship notices: receipt reconciled through the gateway", () => {
  let hub: TestHub;
  let brand: string;
  let distributor: string;
  let rival: string;
  let regulator: string;
  let units: string[];
  let noticeId: string;
  let despatchAdvice: string;
  const data = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await hub.query<any>(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const errorOf = async (query: string, variables: Record<string, unknown>, token: string) => (await hub.query<any>(query, variables, token)).errors?.[0]?.extensions;

  beforeAll(async () => {
    hub = await startHub();
    const brandOrg = await hub.seed.organization({ name: "Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const distributorOrg = await hub.seed.organization({ name: "Distributor", kind: "DISTRIBUTOR" });
    const rivalOrg = await hub.seed.organization({ name: "Rival", kind: "DISTRIBUTOR" });
    const agency = await hub.seed.organization({ name: "Agency", kind: "REGULATOR" });
    await hub.seed.location(distributorOrg, DOCK, "Dock 1");
    brand = await hub.token({ sub: "b", org: brandOrg, roles: ["brand_owner"] });
    distributor = await hub.token({ sub: "d", org: distributorOrg, roles: ["logistics"] });
    rival = await hub.token({ sub: "r", org: rivalOrg, roles: ["logistics"] });
    regulator = await hub.token({ sub: "g", org: agency, roles: ["regulator"] });
    await data(`mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Widget" }) { gtin } }`, {}, brand);
    units = (await data(`mutation { commissionUnits(input: { gtin: "${GTIN}", count: 8, serialType: SEQUENTIAL }) { unitIds } }`, {}, brand)).commissionUnits.unitIds;
    await data(`mutation($c: [String!]!) { pack(input: { parent: "${SSCC}", children: $c }) { eventId } }`, { c: units.slice(0, 4) }, brand);
  });
  afterAll(() => hub?.stop());

  it("sends a notice for the brand's own units, refusing bad input and others' units", async () => {
    expect(await errorOf(NOTICE, { i: { reference: "DA-1", receiver: "123", codes: [units[4]] } }, brand)).toMatchObject({ code: "BAD_USER_INPUT", field: "receiver" });
    expect(await errorOf(NOTICE, { i: { reference: "DA-1", receiver: DOCK, codes: [`(01)${GTIN.slice(0, 13)}9(21)1`] } }, brand)).toMatchObject({ code: "BAD_USER_INPUT", field: "codes[0]" });
    expect(await errorOf(NOTICE, { i: { reference: "DA-1", receiver: `(414)${DOCK}`, codes: [units[4]] } }, rival)).toMatchObject({ code: "FORBIDDEN" });
    const notice = (await data(NOTICE, { i: { reference: "DA-1", receiver: `(414)${DOCK}`, codes: [SSCC, units[4], units[5]] } }, brand)).createAdvanceShipNotice;
    // The pallet, its four units, and two loose ones.
    expect(notice).toMatchObject({ reference: "DA-1", receiverGln: DOCK, status: "OPEN", expected: 7 });
    expect(notice.despatchAdvice).toBe(`urn:tracehub:desadv:${notice.id}`);
    noticeId = notice.id;
    despatchAdvice = notice.despatchAdvice;
    const taken = await errorOf(NOTICE, { i: { reference: "DA-2", receiver: DOCK, codes: [units[6]], despatchAdvice } }, brand);
    expect(taken).toMatchObject({ code: "CONFLICT", reason: "DESPATCH_ADVICE_TAKEN" });
  });

  it("shows the notice to its shipper, its receiver and regulators only", async () => {
    for (const token of [brand, distributor, regulator]) expect((await data(READ, { id: noticeId }, token)).advanceShipNotice.id).toBe(noticeId);
    expect((await data(READ, { id: noticeId }, rival)).advanceShipNotice).toBeNull();
    expect((await data(`{ advanceShipNotices { totalCount } }`, {}, rival)).advanceShipNotices.totalCount).toBe(0);
    expect((await data(`{ advanceShipNotices(status: OPEN) { totalCount } }`, {}, distributor)).advanceShipNotices.totalCount).toBe(1);
    expect(await errorOf(RECEIVE, { i: { noticeId, codes: [SSCC] } }, rival)).toMatchObject({ code: "NOT_FOUND", reason: "NOTICE_NOT_FOUND" });
    expect(await errorOf(RECEIVE, { i: { noticeId, codes: [SSCC] } }, brand)).toMatchObject({ code: "FORBIDDEN", reason: "NOT_RECEIVER" });
    expect(await errorOf(`mutation($id: ID!) { closeAdvanceShipNotice(id: $id) { status } }`, { id: noticeId }, regulator)).toMatchObject({ code: "FORBIDDEN" });
  });

  it("reconciles receipts: the pallet brings its contents, a partner system's event counts, an unannounced unit is an alert", async () => {
    const pallet = (await data(RECEIVE, { i: { noticeId, codes: [SSCC] } }, distributor)).receiveShipment;
    expect(pallet).toMatchObject({ matched: 5, missing: 2, unexpected: 0, missingUnits: [units[4], units[5]].sort() });
    expect(pallet.matchedUnits).toEqual([SSCC_ID, ...units.slice(0, 4)].sort());
    // The shipper's system reports the receipt of a loose unit through EPCIS, naming the despatch advice at the dock.
    const doc = {
      "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
      type: "EPCISDocument",
      schemaVersion: "2.0",
      creationDate: new Date().toISOString(),
      epcisBody: {
        eventList: [
          {
            type: "ObjectEvent",
            eventTime: new Date().toISOString(),
            eventTimeZoneOffset: "+00:00",
            epcList: [units[4]],
            action: "OBSERVE",
            bizStep: "receiving",
            bizLocation: { id: `https://id.gs1.org/414/${DOCK}` },
            bizTransactionList: [{ type: "desadv", bizTransaction: despatchAdvice }],
          },
        ],
      },
    };
    expect((await data(`mutation($d: JSON!) { captureEvents(document: $d) { stored } }`, { d: doc }, brand)).captureEvents.stored).toBe(1);
    const extra = (await data(RECEIVE, { i: { noticeId, codes: [units[7]] } }, distributor)).receiveShipment;
    expect(extra).toMatchObject({ matched: 6, missing: 1, unexpected: 1, missingUnits: [units[5]], unexpectedUnits: [units[7]] });
    const seen = (await data(READ, { id: noticeId }, brand)).advanceShipNotice;
    expect(seen.alerts).toEqual([{ kind: "UNEXPECTED", unitId: units[7] }]);
  });

  it("closes with the missing units raised, after which nothing is received against it", async () => {
    const closed = (await data(`mutation($id: ID!) { closeAdvanceShipNotice(id: $id) { status closedAt } }`, { id: noticeId }, distributor)).closeAdvanceShipNotice;
    expect(closed.status).toBe("CLOSED");
    const seen = (await data(READ, { id: noticeId }, distributor)).advanceShipNotice;
    expect(seen.alerts).toEqual(expect.arrayContaining([{ kind: "UNEXPECTED", unitId: units[7] }, { kind: "MISSING", unitId: units[5] }]));
    expect(seen.alerts).toHaveLength(2);
    expect(await errorOf(RECEIVE, { i: { noticeId, codes: [units[5]] } }, distributor)).toMatchObject({ code: "CONFLICT", reason: "NOTICE_CLOSED" });
    expect(await errorOf(`mutation($id: ID!) { closeAdvanceShipNotice(id: $id) { status } }`, { id: noticeId }, brand)).toMatchObject({ code: "CONFLICT", reason: "NOTICE_CLOSED" });
  });
});
