import { type LiveSubscription, type TestHub, startHub, subscribe } from "@tracehub/testkit";

// Issue 10: nobody sees what is not theirs. Two brand owners, a partner, a regulator and an anonymous caller read
// the same hub through the gateway; each sees only its own units (by GS1 company prefix), what it was granted, and
// the events it captured. A unit it may not see answers exactly like an unknown one.
const A_GTIN = "09506000134352"; // brand A, prefix 9506000
const B_GTIN = "00614141123452"; // brand B, prefix 0614141
const A_DIGITS = "9506000134352"; // what a leak of A's identifiers would contain, in any identifier form
const CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
const SSCC = "https://id.gs1.org/00/095060000000001234"; // a pallet under brand A's prefix

const COMMISSION = `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds } }`;
const CAPTURE = `mutation($doc: JSON!) { captureEvents(document: $doc) { stored rejected { message } } }`;
const MOVE = `mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`;
const GRANT = `mutation($i: GrantAccessInput!) { grantAccess(input: $i) { id } }`;
const REVOKE = `mutation($id: ID!) { revokeGrant(id: $id) { id } }`;
const UNIT = `query($c: String!) { unit(code: $c) { id status } }`;
const MOVEMENTS = `subscription { unitMovements { eventId bizStep unitIds: units { id } } }`;

const doc = (events: Record<string, unknown>[]) => ({ "@context": [CONTEXT], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-01-01T00:00:00Z", epcisBody: { eventList: events } });

describe("tenant isolation of reads through the gateway", () => {
  let hub: TestHub;
  let op: string;
  let brandA: string;
  let brandB: string;
  let partner: string;
  let partnerOrg: string;
  let regulator: string;
  let a: string[];
  let b: string[];
  const data = async (query: string, variables: Record<string, unknown>, token: string | null) => {
    const res = await hub.query<any>(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const unit = async (code: string, token: string) => (await data(UNIT, { c: code }, token)).unit;

  beforeAll(async () => {
    // Grants and revocations take effect at once here; the default scope cache is 5 s.
    hub = await startHub({ scopeCacheMs: 0 });
    op = await hub.token({ roles: ["operator"] });
    const aOrg = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const bOrg = await hub.seed.organization({ name: "Brand B", kind: "BRAND_OWNER", companyPrefixes: ["0614141"] });
    partnerOrg = await hub.seed.organization({ name: "Carrier", kind: "LOGISTICS" });
    const regulatorOrg = await hub.seed.organization({ name: "Agency", kind: "REGULATOR" });
    brandA = await hub.token({ sub: "a", org: aOrg, roles: ["brand_owner"] });
    brandB = await hub.token({ sub: "b", org: bOrg, roles: ["brand_owner"] });
    partner = await hub.token({ sub: "p", org: partnerOrg, roles: ["logistics"] });
    regulator = await hub.token({ sub: "r", org: regulatorOrg, roles: ["regulator"] });
    await data(`mutation { a: upsertProduct(input: { gtin: "${A_GTIN}", name: "A" }) { gtin } }`, {}, brandA);
    await data(`mutation { b: upsertProduct(input: { gtin: "${B_GTIN}", name: "B" }) { gtin } }`, {}, brandB);
    a = (await data(COMMISSION, { i: { gtin: A_GTIN, count: 4, serialType: "SEQUENTIAL", lot: "LA" } }, brandA)).commissionUnits.unitIds;
    b = (await data(COMMISSION, { i: { gtin: B_GTIN, count: 2, serialType: "SEQUENTIAL", lot: "LB" } }, brandB)).commissionUnits.unitIds;
    // A mixed pallet (a 3PL's work, recorded by the operator here): A's first unit and B's first unit, shipped together.
    const mixed = await data(
      CAPTURE,
      {
        doc: doc([
          { type: "AggregationEvent", eventTime: "2026-03-01T10:00:00Z", eventTimeZoneOffset: "+00:00", parentID: SSCC, childEPCs: [a[0], b[0]], action: "ADD", bizStep: "packing" },
          { type: "ObjectEvent", eventTime: "2026-03-01T11:00:00Z", eventTimeZoneOffset: "+00:00", epcList: [a[0], b[0]], action: "OBSERVE", bizStep: "shipping" },
        ]),
      },
      op,
    );
    expect(mixed.captureEvents).toMatchObject({ stored: 2, rejected: [] });
  });
  afterAll(() => hub?.stop());

  it("shows each brand owner its own units, and another's as unknown (null, not an error)", async () => {
    expect(await unit(a[0] as string, brandA)).toMatchObject({ id: a[0] });
    expect(await unit(b[0] as string, brandA)).toBeNull();
    expect(await unit(b[0] as string, brandB)).toMatchObject({ id: b[0] });
    expect(await unit(a[0] as string, brandB)).toBeNull();
    expect(await unit(`${a[0]}-NEVER-ISSUED`, brandB)).toBeNull();
    // A partner without a grant sees neither; a regulator sees both.
    expect(await unit(a[0] as string, partner)).toBeNull();
    expect(await unit(b[0] as string, partner)).toBeNull();
    expect(await unit(a[0] as string, regulator)).toMatchObject({ id: a[0] });
    expect(await unit(b[0] as string, regulator)).toMatchObject({ id: b[0] });
    const anonymous = await hub.query(UNIT, { c: a[0] }, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("lists and counts only the caller's units", async () => {
    const list = async (token: string) => (await data(`{ units(first: 100) { totalCount edges { node { id } } } }`, {}, token)).units;
    const ofA = await list(brandA);
    expect(ofA.edges.map((e: any) => e.node.id).sort()).toEqual([...a, SSCC].sort());
    expect(ofA.totalCount).toBe(a.length + 1);
    const ofB = await list(brandB);
    expect(ofB.edges.map((e: any) => e.node.id).sort()).toEqual([...b].sort());
    expect(ofB.totalCount).toBe(b.length);
    expect((await list(partner)).totalCount).toBe(0);
    expect((await list(regulator)).totalCount).toBe(a.length + b.length + 1);
    // Containment does not leak either: B sees its unit's container only if it may see the container.
    const pallet = await data(`query($c: String!) { unit(code: $c) { children { id } contents { unit { id } } } }`, { c: SSCC }, brandA);
    expect(pallet.unit.children.map((u: any) => u.id)).toEqual([a[0]]);
    expect(pallet.unit.contents.map((c: any) => c.unit.id)).toEqual([a[0]]);
    expect((await data(`query($c: String!) { unit(code: $c) { parent { id } } }`, { c: b[0] }, brandB)).unit.parent).toBeNull();
  });

  it("shows a mixed pallet's events to each owner with only its own identifiers, in queries and exports", async () => {
    const events = async (token: string) =>
      (await data(`{ events(first: 50, filter: { bizSteps: ["packing", "shipping"] }) { totalCount edges { node { type epcisEvent } } } }`, {}, token)).events;
    const seenByB = await events(brandB);
    expect(seenByB.totalCount).toBe(2);
    const textB = JSON.stringify(seenByB);
    expect(textB).toContain(b[0]);
    expect(textB).not.toContain(A_DIGITS);
    const aggregation = seenByB.edges.find((e: any) => e.node.type === "AggregationEvent").node.epcisEvent;
    expect(aggregation.childEPCs).toEqual([b[0]]);
    expect(aggregation.parentID).toBeUndefined();
    const seenByA = await events(brandA);
    expect(JSON.stringify(seenByA)).not.toContain(B_GTIN.slice(1, 13));
    expect(seenByA.edges.find((e: any) => e.node.type === "AggregationEvent").node.epcisEvent).toMatchObject({ parentID: SSCC, childEPCs: [a[0]] });
    expect((await events(partner)).totalCount).toBe(0);
    // A unit's events through the unit, and the export, follow the same rule.
    expect((await data(`query($c: String!) { events(filter: { code: $c }) { totalCount } }`, { c: a[0] }, brandB)).events.totalCount).toBe(0);
    const exported = (await data(`{ exportEpcis(filter: { bizSteps: ["packing", "shipping"] }, epcFormat: ALWAYS_EPC_URN, companyPrefixLength: 7) }`, {}, brandB)).exportEpcis;
    // The packing onto A's pallet cannot be written as valid EPCIS without the (hidden) pallet, so only the shipping is exported.
    expect(exported.epcisBody.eventList.map((e: any) => e.bizStep)).toEqual(["shipping"]);
    expect(JSON.stringify(exported)).not.toContain("9506000");
    expect(JSON.stringify(exported)).toContain("0614141");
  });

  it("shows a recall to its issuer, to readers of its product and to regulators only", async () => {
    const draft = (await data(`mutation { createRecall(input: { gtin: "${A_GTIN}", lots: ["LA"], classification: CLASS_II, reason: "contamination" }) { id } }`, {}, brandA)).createRecall;
    const issued = (await data(`mutation($id: ID!) { issueRecall(id: $id) { id } }`, { id: draft.id }, brandA)).issueRecall;
    const recalls = async (token: string) => (await data(`{ recalls(first: 50) { totalCount edges { node { id gtin } } } }`, {}, token)).recalls;
    const byId = async (token: string) => (await data(`query($id: ID!) { recall(id: $id) { id } }`, { id: issued.id }, token)).recall;
    expect((await recalls(brandA)).edges.map((e: any) => e.node.id)).toContain(issued.id);
    expect(await byId(brandA)).toEqual({ id: issued.id });
    expect(await recalls(brandB)).toEqual({ totalCount: 0, edges: [] });
    expect(await byId(brandB)).toBeNull();
    expect(await byId(partner)).toBeNull();
    expect(await byId(regulator)).toEqual({ id: issued.id });
    // Through a unit it may see, the owner learns of the recall; another owner does not even see the unit.
    const viaUnit = `query($c: String!) { unit(code: $c) { recalls { id } } }`;
    expect((await data(viaUnit, { c: a[0] }, brandA)).unit.recalls).toEqual([{ id: issued.id }]);
    expect((await data(viaUnit, { c: a[0] }, brandB)).unit).toBeNull();
  });

  it("tells nothing of another's unit through provenance", async () => {
    const provenance = `query($c: String!) { provenance(code: $c) { unit { id } timeline { eventId } } }`;
    expect((await data(provenance, { c: a[0] }, brandB)).provenance).toBeNull();
    expect((await data(provenance, { c: a[0] }, brandA)).provenance.timeline.length).toBeGreaterThanOrEqual(3);
  });

  it("makes exactly the granted GTIN visible to a partner, and hides it again on revocation", async () => {
    const grant = (await data(GRANT, { i: { granteeId: partnerOrg, gtins: [A_GTIN], permissions: ["READ"] } }, brandA)).grantAccess;
    expect(await unit(a[1] as string, partner)).toMatchObject({ id: a[1] });
    expect(await unit(b[1] as string, partner)).toBeNull();
    expect((await data(`{ units(first: 100) { totalCount } }`, {}, partner)).units.totalCount).toBe(a.length);
    await data(REVOKE, { id: grant.id }, brandA);
    expect(await unit(a[1] as string, partner)).toBeNull();
  });

  it("lets an organization read the events it captured, without revealing the units they name", async () => {
    const grant = (await data(GRANT, { i: { granteeId: partnerOrg, gtins: [A_GTIN], permissions: ["CAPTURE"] } }, brandA)).grantAccess;
    const scan = await data(MOVE, { i: { codes: [a[2]], bizStep: "receiving" } }, partner);
    const own = await data(`{ events(first: 10, filter: { bizSteps: ["receiving"] }) { edges { node { eventId epcisEvent } } } }`, {}, partner);
    expect(own.events.edges).toEqual([{ node: { eventId: scan.recordMovement.eventId, epcisEvent: expect.objectContaining({ epcList: [a[2]] }) } }]);
    expect(await unit(a[2] as string, partner)).toBeNull();
    await data(REVOKE, { id: grant.id }, brandA);
  });

  it("delivers none of a brand owner's movements to another organization's subscriber", async () => {
    const subs: LiveSubscription<any>[] = [];
    try {
      const ofB = subscribe<any>(hub.wsUrl, MOVEMENTS, {}, { token: brandB });
      const ofA = subscribe<any>(hub.wsUrl, MOVEMENTS, {}, { token: brandA });
      subs.push(ofB, ofA);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await data(MOVE, { i: { codes: [a[3]], bizStep: "inspecting" } }, brandA);
      await data(MOVE, { i: { codes: [b[1]], bizStep: "inspecting" } }, brandB);
      const [firstOfB] = await ofB.take(1);
      expect(firstOfB.unitMovements.unitIds).toEqual([{ id: b[1] }]);
      const [firstOfA] = await ofA.take(1);
      expect(firstOfA.unitMovements.unitIds).toEqual([{ id: a[3] }]);
      expect(JSON.stringify(ofB.received)).not.toContain(A_DIGITS);
    } finally {
      await Promise.all(subs.map((s) => s.dispose()));
    }
  });

  describe("hand-over", () => {
    const PHARMACY_GLN = "4000001000005"; // a location of the pharmacy (registered with addLocation)
    const ELSEWHERE_GLN = "4000002000004"; // the next party, not the pharmacy
    let pharmacy: string;
    let c: string[];
    const ship = (epcs: string[], at: string, gln: string, bizStep = "shipping") => ({
      type: "ObjectEvent",
      eventTime: at,
      eventTimeZoneOffset: "+00:00",
      epcList: epcs,
      action: "OBSERVE",
      bizStep,
      destinationList: [{ type: "owning_party", destination: `https://id.gs1.org/417/${gln}` }],
    });

    beforeAll(async () => {
      const pharmacyOrg = await hub.seed.organization({ name: "Pharmacy", kind: "RETAILER" });
      await data(`mutation($o: ID!) { addLocation(input: { organizationId: $o, gln: "${PHARMACY_GLN}", name: "Main street" }) { gln } }`, { o: pharmacyOrg }, op);
      pharmacy = await hub.token({ sub: "ph", org: pharmacyOrg, roles: ["fulfilment"] });
      c = (await data(COMMISSION, { i: { gtin: A_GTIN, count: 2, serialType: "SEQUENTIAL", eventTime: "2026-04-01T08:00:00Z" } }, brandA)).commissionUnits.unitIds;
      const captured = await data(
        CAPTURE,
        {
          doc: doc([
            ship([c[0] as string, c[1] as string], "2026-04-02T10:00:00Z", PHARMACY_GLN),
            ship([c[0] as string], "2026-04-03T10:00:00Z", ELSEWHERE_GLN),
            { type: "ObjectEvent", eventTime: "2026-04-04T10:00:00Z", eventTimeZoneOffset: "+00:00", epcList: [c[0]], action: "OBSERVE", bizStep: "inspecting", bizLocation: { id: "https://id.gs1.org/414/4000002000004" } },
          ]),
        },
        brandA,
      );
      expect(captured.captureEvents).toMatchObject({ stored: 3, rejected: [] });
    });

    it("shows the receiver a unit shipped to it, with its history, without any grant", async () => {
      expect(await unit(c[1] as string, pharmacy)).toMatchObject({ id: c[1] });
      const steps = (await data(`query($c: String!) { events(filter: { code: $c }) { edges { node { bizStep epcisEvent } } } }`, { c: c[1] }, pharmacy)).events.edges;
      expect(steps.map((e: any) => e.node.bizStep)).toEqual(["commissioning", "shipping"]);
      // Its own unit in the shipment shows; the other unit stays listed too, as it was in the pharmacy's custody then.
      expect(steps[1].node.epcisEvent.epcList.sort()).toEqual([c[0], c[1]].sort());
      // Nobody else gains anything from the hand-over.
      expect(await unit(c[1] as string, partner)).toBeNull();
      expect(await unit(c[1] as string, brandB)).toBeNull();
    });

    it("shows a unit that left the receiver's custody up to the hand-over and nothing after it", async () => {
      const left = (await data(`query($c: String!) { unit(code: $c) { id status location bizLocation parent { id } } }`, { c: c[0] }, pharmacy)).unit;
      expect(left).toEqual({ id: c[0], status: expect.any(String), location: null, bizLocation: null, parent: null });
      // The owner sees where it is now.
      expect((await data(`query($c: String!) { unit(code: $c) { location } }`, { c: c[0] }, brandA)).unit.location).toBe("https://id.gs1.org/414/4000002000004");
      const steps = (await data(`query($c: String!) { events(filter: { code: $c }) { edges { node { bizStep eventTime } } } }`, { c: c[0] }, pharmacy)).events.edges;
      expect(steps.map((e: any) => e.node.bizStep)).toEqual(["commissioning", "shipping", "shipping"]);
      const story = (await data(`query($c: String!) { provenance(code: $c) { timeline { bizStep } } }`, { c: c[0] }, pharmacy)).provenance;
      expect(story.timeline.map((t: any) => t.bizStep)).toEqual(["commissioning", "shipping", "shipping"]);
      expect((await data(`query($c: String!) { provenance(code: $c) { timeline { bizStep } } }`, { c: c[0] }, brandA)).provenance.timeline.map((t: any) => t.bizStep)).toEqual([
        "commissioning",
        "shipping",
        "shipping",
        "inspecting",
      ]);
    });

    it("delivers live the movements of units in the receiver's custody, and none of a unit it handed on", async () => {
      const live = subscribe<any>(hub.wsUrl, MOVEMENTS, {}, { token: pharmacy });
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await data(MOVE, { i: { codes: [c[0]], bizStep: "inspecting" } }, brandA);
        await data(MOVE, { i: { codes: [c[1]], bizStep: "inspecting" } }, brandA);
        const [first] = await live.take(1);
        expect(first.unitMovements.unitIds).toEqual([{ id: c[1] }]);
        expect(JSON.stringify(live.received)).not.toContain(c[0]);
      } finally {
        await live.dispose();
      }
    });
  });
});
