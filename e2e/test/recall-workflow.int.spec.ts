import { type LiveSubscription, type TestHub, startHub, subscribe } from "@tracehub/testkit";

// Issue 11: a lot recall from draft to close, through the gateway. The brand owner prepares a draft and sees what it
// would affect; issuing it marks exactly the lot's units (and a unit commissioned later in the lot); the recall shows
// where each unit is, who holds it and which customer bought it; returns and destruction show as progress as their
// events arrive; closing it stops the marking of new units. Drafts are the brand owner's alone.
const GTIN = "09506000134352"; // brand A, prefix 9506000
const PHARMACY_GLN = "4000001000005";

const COMMISSION = `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds } }`;
const MOVE = `mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`;
const CREATE = `mutation($i: CreateRecallInput!) { createRecall(input: $i) { id status affectedCount } }`;
const ISSUE = `mutation($id: ID!) { issueRecall(id: $id) { id status issuedAt } }`;
const CLOSE = `mutation($id: ID!) { closeRecall(id: $id) { id status closedAt } }`;
const CANCEL = `mutation($id: ID!) { cancelRecall(id: $id) { id status } }`;
const PROGRESS_LIVE = `subscription($id: ID!) { recallProgress(recallId: $id) { recallId at progress { affected located returned destroyed unaccounted } } }`;
const RECALL = `query($id: ID!) {
  recall(id: $id) {
    id status classification instructions affectedCount
    progress { affected located returned destroyed unaccounted }
    affectedByStatus { status count }
    affectedByHolder { holderGln count }
    affectedUnits(first: 50) { totalCount edges { node { id status location order { reference customerName } } } }
  }
}`;

describe("a lot recall through the gateway, from draft to close", () => {
  let hub: TestHub;
  let brand: string;
  let pharmacy: string;
  let regulator: string;
  let rival: string;
  let l1: string[];
  let l2: string[];
  let recallId: string;
  let pharmacyLive: LiveSubscription<any> | undefined;
  let rivalLive: LiveSubscription<any> | undefined;
  let brandProgress: LiveSubscription<any> | undefined;
  let pharmacyProgress: LiveSubscription<any> | undefined;
  const data = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await hub.query<any>(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const recall = async (token: string) => (await data(RECALL, { id: recallId }, token)).recall;
  const statusOf = async (code: string) => (await data(`query($c: String!) { unit(code: $c) { status } }`, { c: code }, brand)).unit.status as string;
  async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
    for (const end = Date.now() + 15_000; ; ) {
      const value = await probe();
      if (done(value) || Date.now() > end) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    hub = await startHub({ scopeCacheMs: 0 });
    const op = await hub.token({ roles: ["operator"] });
    const brandOrg = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const pharmacyOrg = await hub.seed.organization({ name: "Pharmacy", kind: "RETAILER" });
    const rivalOrg = await hub.seed.organization({ name: "Brand B", kind: "BRAND_OWNER", companyPrefixes: ["0614141"] });
    const regulatorOrg = await hub.seed.organization({ name: "Agency", kind: "REGULATOR" });
    await data(`mutation($o: ID!) { addLocation(input: { organizationId: $o, gln: "${PHARMACY_GLN}", name: "Main street" }) { gln } }`, { o: pharmacyOrg }, op);
    brand = await hub.token({ sub: "qa", org: brandOrg, roles: ["brand_owner", "fulfilment", "compliance"] });
    pharmacy = await hub.token({ sub: "ph", org: pharmacyOrg, roles: ["fulfilment"] });
    rival = await hub.token({ sub: "rb", org: rivalOrg, roles: ["brand_owner", "compliance"] });
    regulator = await hub.token({ sub: "rg", org: regulatorOrg, roles: ["regulator"] });
    await data(`mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Ibuprofen" }) { gtin } }`, {}, brand);
    l1 = (await data(COMMISSION, { i: { gtin: GTIN, lot: "L1", count: 3, serialType: "SEQUENTIAL", productionDate: "2026-03-01", expiry: "2028-03-01" } }, brand)).commissionUnits.unitIds;
    l2 = (await data(COMMISSION, { i: { gtin: GTIN, lot: "L2", count: 2, serialType: "SEQUENTIAL", productionDate: "2026-04-01", expiry: "2028-04-01" } }, brand)).commissionUnits.unitIds;
    // Two of lot L1 go to the pharmacy; one of them is sold to a customer.
    await data(
      `mutation($d: JSON!) { captureEvents(document: $d) { stored } }`,
      {
        d: {
          "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
          type: "EPCISDocument",
          schemaVersion: "2.0",
          creationDate: "2026-05-01T00:00:00Z",
          epcisBody: {
            eventList: [
              {
                type: "ObjectEvent",
                eventTime: "2026-05-01T10:00:00Z",
                eventTimeZoneOffset: "+00:00",
                epcList: [l1[0], l1[1]],
                action: "OBSERVE",
                bizStep: "shipping",
                disposition: "in_transit",
                destinationList: [{ type: "owning_party", destination: `https://id.gs1.org/417/${PHARMACY_GLN}` }],
              },
            ],
          },
        },
      },
      brand,
    );
    await data(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { id } }`, { i: { reference: "WEB-42", customer: { name: "Jane Customer" }, unitCodes: [l1[2]] } }, brand);
  });
  afterAll(async () => {
    await pharmacyLive?.dispose();
    await rivalLive?.dispose();
    await brandProgress?.dispose();
    await pharmacyProgress?.dispose();
    await hub?.stop();
  });

  it("prepares a draft that shows what it would affect, marks nothing, and is the brand owner's alone", async () => {
    const input = { gtin: GTIN, lots: ["L1"], classification: "CLASS_I", reason: "Seal defect", instructions: "Return to the wholesaler." };
    const draft = (await data(CREATE, { i: input }, brand)).createRecall;
    recallId = draft.id;
    expect(draft).toMatchObject({ status: "DRAFT", affectedCount: 3 });
    const seen = await recall(brand);
    expect(seen).toMatchObject({ status: "DRAFT", classification: "CLASS_I", instructions: "Return to the wholesaler.", affectedCount: 3 });
    expect(seen.affectedUnits.edges.map((e: any) => e.node.id).sort()).toEqual([...l1].sort());
    for (const id of [...l1, ...l2]) expect(await statusOf(id)).toBe("ACTIVE");
    // Nobody else sees a draft: as unknown.
    for (const token of [regulator, pharmacy, rival]) expect((await data(RECALL, { id: recallId }, token)).recall).toBeNull();
    expect((await data(`query($c: String!) { unit(code: $c) { recalls { id } } }`, { c: l1[0] }, brand)).unit.recalls).toEqual([]);

    // A narrower draft: by serial and production date; then dropped.
    const narrow = (await data(CREATE, { i: { ...input, serials: [l1[0]?.split("/").pop()], producedFrom: "2026-03-01", producedTo: "2026-03-31" } }, brand)).createRecall;
    expect(narrow.affectedCount).toBe(1);
    expect((await data(CREATE, { i: { ...input, lots: [], producedFrom: "2026-03-15" } }, brand)).createRecall.affectedCount).toBe(2);
    expect((await data(CANCEL, { id: narrow.id }, brand)).cancelRecall.status).toBe("CANCELLED");
  });

  it("refuses what the recall's lifecycle or its owner does not allow, changing nothing", async () => {
    const code = async (query: string, variables: Record<string, unknown>, token: string) => (await hub.query<any>(query, variables, token)).errors?.[0]?.extensions;
    expect(await code(CLOSE, { id: recallId }, brand)).toMatchObject({ code: "CONFLICT", reason: "RECALL_WRONG_STATUS" });
    expect(await code(ISSUE, { id: recallId }, rival)).toMatchObject({ code: "NOT_FOUND", reason: "RECALL_NOT_FOUND" });
    expect(await code(CREATE, { i: { gtin: GTIN, classification: "CLASS_II", reason: "not mine" } }, rival)).toMatchObject({ code: "FORBIDDEN" });
    expect(await code(CREATE, { i: { gtin: GTIN, classification: "CLASS_II", reason: "x", expiresFrom: "2028-13-01" } }, brand)).toMatchObject({ code: "BAD_USER_INPUT", field: "expiresFrom" });
    expect(await code(CREATE, { i: { gtin: GTIN, classification: "CLASS_IV", reason: "x" } }, brand)).toMatchObject({ code: "BAD_USER_INPUT" });
    expect((await recall(brand)).status).toBe("DRAFT");
  });

  it("issued, marks exactly the lot's units, and shows where they are, who holds them and who bought them", async () => {
    const NOTICES_LIVE = `subscription { recallNotices { recallId unitsHeld classification instructions cursor } }`;
    pharmacyLive = subscribe<any>(hub.wsUrl, NOTICES_LIVE, {}, { token: pharmacy });
    rivalLive = subscribe<any>(hub.wsUrl, NOTICES_LIVE, {}, { token: rival });
    await hub.gateway.subscriptions.fanout.whenSubscribers((n) => n === 2);
    expect((await data(ISSUE, { id: recallId }, brand)).issueRecall).toMatchObject({ status: "ISSUED", issuedAt: expect.any(String) });
    await until(() => statusOf(l1[2] as string), (s) => s === "RECALLED");
    for (const id of l1) expect(await statusOf(id)).toBe("RECALLED");
    for (const id of l2) expect(await statusOf(id)).toBe("ACTIVE");

    const seen = await recall(brand);
    expect(seen.affectedCount).toBe(3);
    expect(seen.affectedByStatus).toEqual([{ status: "RECALLED", count: 3 }]);
    expect(seen.affectedByHolder).toEqual([
      { holderGln: null, count: 1 },
      { holderGln: PHARMACY_GLN, count: 2 },
    ]);
    const sold = seen.affectedUnits.edges.find((e: any) => e.node.id === l1[2]).node;
    expect(sold.order).toEqual({ reference: "WEB-42", customerName: "Jane Customer" });
    // The regulator now reads the issued recall; the holder learns of it through the unit it holds.
    expect((await recall(regulator)).affectedCount).toBe(3);
    expect((await data(`query($c: String!) { unit(code: $c) { status recalls { id classification instructions } } }`, { c: l1[0] }, pharmacy)).unit).toEqual({
      status: "RECALLED",
      recalls: [{ id: recallId, classification: "CLASS_I", instructions: "Return to the wholesaler." }],
    });
    expect((await data(`query($c: String!) { unit(code: $c) { recalls { id } } }`, { c: l2[0] }, brand)).unit.recalls).toEqual([]);
  });

  it("tells the holding organizations, live and in recallNotices, and nobody else; they acknowledge", async () => {
    const [live] = await (pharmacyLive as LiveSubscription<any>).take(1);
    expect(live.recallNotices).toMatchObject({ recallId, unitsHeld: 2, classification: "CLASS_I", instructions: "Return to the wholesaler.", cursor: expect.any(String) });
    const NOTICES = `{ recallNotices(first: 10) { totalCount edges { node { recallId gtin lots unitsHeld status acknowledgedAt } } } }`;
    expect((await data(NOTICES, {}, pharmacy)).recallNotices).toEqual({
      totalCount: 1,
      edges: [{ node: { recallId, gtin: GTIN, lots: ["L1"], unitsHeld: 2, status: "ISSUED", acknowledgedAt: null } }],
    });
    // The brand still holds the unit it sold (never handed over); the rival and the regulator hold none.
    expect((await data(NOTICES, {}, brand)).recallNotices.edges.map((e: any) => [e.node.recallId, e.node.unitsHeld])).toEqual([[recallId, 1]]);
    for (const token of [rival, regulator]) expect((await data(NOTICES, {}, token)).recallNotices.totalCount).toBe(0);

    const ACK = `mutation($id: ID!) { acknowledgeRecallNotice(recallId: $id) { recallId acknowledgedAt } }`;
    const acked = (await data(ACK, { id: recallId }, pharmacy)).acknowledgeRecallNotice;
    expect(acked.acknowledgedAt).toEqual(expect.any(String));
    expect((await data(ACK, { id: recallId }, pharmacy)).acknowledgeRecallNotice.acknowledgedAt).toBe(acked.acknowledgedAt);
    const refused = await hub.query<any>(ACK, { id: recallId }, rival);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", reason: "RECALL_NOTICE_NOT_FOUND" });
    expect((await data(NOTICES, {}, brand)).recallNotices.edges[0].node.acknowledgedAt).toBeNull();
  });

  it("shows its progress live, from a reading at once, to those who may follow it, and to nobody else", async () => {
    brandProgress = subscribe<any>(hub.wsUrl, PROGRESS_LIVE, { id: recallId }, { token: brand });
    pharmacyProgress = subscribe<any>(hub.wsUrl, PROGRESS_LIVE, { id: recallId }, { token: pharmacy });
    const [first] = await brandProgress.take(1);
    expect(first.recallProgress).toEqual({ recallId, at: expect.any(String), progress: { affected: 3, located: 0, returned: 0, destroyed: 0, unaccounted: 3 } });
    // The pharmacy follows the two units it holds.
    expect((await pharmacyProgress.take(1))[0].recallProgress.progress).toMatchObject({ affected: 2 });
    // Another brand, a caller without an organization's reach, and an unknown recall: NOT_FOUND alike, nothing sent.
    for (const [token, id] of [
      [rival, recallId],
      [brand, "00000000-0000-4000-8000-000000000000"],
    ] as const) {
      const refused = subscribe<any>(hub.wsUrl, PROGRESS_LIVE, { id }, { token });
      const failure = (await refused.failed) as any;
      expect(JSON.stringify(failure)).toContain("RECALL_NOT_FOLLOWABLE");
      expect(refused.received).toEqual([]);
      await refused.dispose();
    }
  });

  it("marks a unit commissioned later in the recalled lot, as it is commissioned", async () => {
    const [late] = (await data(COMMISSION, { i: { gtin: GTIN, lot: "L1", count: 1, serialType: "SEQUENTIAL" } }, brand)).commissionUnits.unitIds;
    expect(await statusOf(late)).toBe("RECALLED");
    expect((await recall(brand)).affectedCount).toBe(4);
    const [other] = (await data(COMMISSION, { i: { gtin: GTIN, lot: "L3", count: 1, serialType: "SEQUENTIAL" } }, brand)).commissionUnits.unitIds;
    expect(await statusOf(other)).toBe("ACTIVE");
    // The pharmacy does not hold the new unit: no notice for it; the rival never got one.
    await new Promise((r) => setTimeout(r, 500));
    expect(pharmacyLive?.received).toHaveLength(1);
    expect(rivalLive?.received).toEqual([]);
    expect(rivalLive?.resultErrors).toEqual([]);
    // The brand's live progress counts the new unit; the pharmacy's, which does not hold it, stays as it was.
    const [, counted] = await (brandProgress as LiveSubscription<any>).take(2);
    expect(counted.recallProgress.progress).toMatchObject({ affected: 4, unaccounted: 4 });
    expect(pharmacyProgress?.received).toHaveLength(1);
  });

  it("tracks returns and destruction as their events arrive", async () => {
    await data(MOVE, { i: { codes: [l1[0]], bizStep: "receiving", disposition: "returned", bizLocation: `https://id.gs1.org/414/${PHARMACY_GLN}` } }, brand);
    await data(MOVE, { i: { codes: [l1[1]], bizStep: "destroying", disposition: "destroyed" } }, brand);
    const { progress, affectedByStatus } = await recall(brand);
    expect(progress.affected).toBe(4);
    expect(progress.returned).toBe(1);
    expect(progress.destroyed).toBe(1);
    expect(progress.located + progress.unaccounted).toBe(2);
    expect(progress.located).toBe(0); // the sold unit and the late one were never read anywhere
    // Live, the same: the latest reading says what the query says, and readings come only when something changed.
    const readings = await until(
      async () => (brandProgress as LiveSubscription<any>).received.map((r) => r.recallProgress.progress),
      (all) => all.at(-1)?.returned === 1 && all.at(-1)?.destroyed === 1,
    );
    expect(readings.at(-1)).toEqual(progress);
    for (let i = 1; i < readings.length; i++) expect(readings[i]).not.toEqual(readings[i - 1]);
    const pharmacySaw = await until(
      async () => (pharmacyProgress as LiveSubscription<any>).received.map((r) => r.recallProgress.progress),
      (all) => all.at(-1)?.returned === 1 && all.at(-1)?.destroyed === 1,
    );
    expect(pharmacySaw.at(-1)).toEqual({ affected: 2, located: 0, returned: 1, destroyed: 1, unaccounted: 0 });
    expect(affectedByStatus).toEqual([
      { status: "DESTROYED", count: 1 },
      { status: "RECALLED", count: 2 },
      { status: "RETURNED", count: 1 },
    ]);
  });

  it("closes: the recalled units stay recalled, and units commissioned from now on are not marked", async () => {
    expect((await data(CLOSE, { id: recallId }, brand)).closeRecall).toMatchObject({ status: "CLOSED", closedAt: expect.any(String) });
    const [after] = (await data(COMMISSION, { i: { gtin: GTIN, lot: "L1", count: 1, serialType: "SEQUENTIAL" } }, brand)).commissionUnits.unitIds;
    // The close reaches units through the outbox: wait until a unit commissioned after it stays ACTIVE.
    let last = after as string;
    let status = await statusOf(last);
    for (let i = 0; status === "RECALLED" && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      last = (await data(COMMISSION, { i: { gtin: GTIN, lot: "L1", count: 1, serialType: "SEQUENTIAL" } }, brand)).commissionUnits.unitIds[0];
      status = await statusOf(last);
    }
    expect(status).toBe("ACTIVE");
    // The closed recall does not cover a unit commissioned after it closed.
    expect((await data(`query($c: String!) { unit(code: $c) { recalls { id } } }`, { c: last }, brand)).unit.recalls).toEqual([]);
    expect(await statusOf(l1[2] as string)).toBe("RECALLED");
    expect((await recall(brand)).status).toBe("CLOSED");
  });

  it("raises the recalled-unit alert when a recalled unit is shipped onward, not when it is shipped back", async () => {
    const alerts = async (code: string) => (await data(`query($c: String!) { unit(code: $c) { alerts { kind message } } }`, { c: code }, brand)).unit.alerts;
    await data(MOVE, { i: { codes: [l1[2]], bizStep: "shipping", disposition: "returned" } }, brand);
    expect(await alerts(l1[2] as string)).toEqual([]);
    const [late] = (await data(`{ units(first: 10, filter: { lot: "L1", status: RECALLED }) { edges { node { id } } } }`, {}, brand)).units.edges.map((e: any) => e.node.id);
    await data(MOVE, { i: { codes: [late], bizStep: "shipping", disposition: "in_transit" } }, brand);
    expect(await alerts(late)).toEqual([{ kind: "RECALLED_UNIT_SOLD", message: "A recalled unit was shipped onward (not back as a return)." }]);
  });
});
