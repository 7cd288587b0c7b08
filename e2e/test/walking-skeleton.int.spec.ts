import { requestBinding, signAccessToken, signPrincipal } from "@tracehub/auth";
import { type DemoData, type TestHub, postGraphQL, seedDemo, startHub } from "@tracehub/testkit";
import { PUBLIC_OPERATIONS } from "@tracehub/gateway/public-operations";

const ALL_SUBGRAPHS = `query($first: Int) { units(first: $first) { totalCount edges { node {
  id gtin lot status product { gtin name brandOwner { name } } order { id reference } recalls { id reason }
} } } }`;

type UnitNode = {
  id: string;
  lot: string | null;
  product: { gtin: string; brandOwner: { name: string } | null };
  order: { id: string } | null;
  recalls: { id: string }[];
};

describe("walking skeleton through the gateway", () => {
  let hub: TestHub;
  let demo: DemoData;
  let operator: string;

  beforeAll(async () => {
    hub = await startHub();
    operator = await hub.token({ roles: ["operator"] });
    demo = await seedDemo(hub.url, operator, (org) => hub.token({ sub: "retailer-user", org, roles: ["fulfilment"] }));
  });
  afterAll(() => hub?.stop());

  it("answers one query with data from all four subgraphs", async () => {
    const res = await hub.query<{ units: { totalCount: number; edges: { node: UnitNode }[] } }>(ALL_SUBGRAPHS, { first: 50 }, operator);
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.units.edges.map((e) => e.node);
    expect(res.data!.units.totalCount).toBe(30);
    expect(nodes).toHaveLength(30);
    expect(nodes.every((n) => n.product.brandOwner?.name === "Healthy Pharma GmbH")).toBe(true);
    const ordered = nodes.filter((n) => n.order);
    expect(new Set(ordered.map((n) => n.id))).toEqual(new Set(demo.orderedUnitIds));
    const recalled = nodes.filter((n) => n.recalls.length > 0);
    expect(recalled).toHaveLength(10);
    expect(recalled.every((n) => n.lot === demo.recalledLot)).toBe(true);
  });

  it("pages through units with cursors, without overlap", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await hub.query(`query($after: String) { units(first: 7, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, { after }, operator);
      seen.push(...res.data.units.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!res.data.units.pageInfo.hasNextPage) break;
      after = res.data.units.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });

  describe("identity at the door", () => {
    it("refuses the query without a token with UNAUTHENTICATED", async () => {
      const res = await hub.query(ALL_SUBGRAPHS, { first: 5 });
      expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(res.data ?? null).toBeNull();
    });

    it("refuses a token signed with the wrong secret", async () => {
      const forged = await signAccessToken({ sub: "mallory", roles: ["operator"] }, { secret: "not-the-hub-secret-at-all-000000" });
      const res = await hub.query(ALL_SUBGRAPHS, { first: 5 }, forged);
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("refuses a garbage bearer token", async () => {
      const res = await hub.query(`{ units(first: 1) { totalCount } }`, {}, "not.a.jwt");
      expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("lets anonymous callers verify a seeded unit as GENUINE", async () => {
      const res = await hub.query<any>(PUBLIC_OPERATIONS.VerifyAuthenticity, {
        code: demo.unitIds[0],
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.verifyAuthenticity).toMatchObject({ verdict: "GENUINE", gtin: demo.gtins[0], productName: "Ibuprofen 400 mg, 20 tablets" });
    });

    it("answers UNKNOWN for a well-formed code never commissioned, and INVALID_CODE for a bad check digit", async () => {
      const q = PUBLIC_OPERATIONS.VerifyAuthenticity;
      const unknown = await hub.query<any>(q, { code: "(01)09506000134352(21)NEVER-ISSUED" });
      expect(unknown.data.verifyAuthenticity.verdict).toBe("UNKNOWN");
      const invalid = await hub.query<any>(q, { code: "(01)09506000134353(21)X" });
      expect(invalid.data.verifyAuthenticity.verdict).toBe("INVALID_CODE");
    });

    it("answers RECALLED publicly for a unit recorded as recalled, and DECOMMISSIONED for a destroyed one", async () => {
      const scan = `mutation($input: RecordMovementInput!) { recordMovement(input: $input) { eventId } }`;
      const verify = PUBLIC_OPERATIONS.VerifyAuthenticity;
      await hub.query(scan, { input: { codes: [demo.unitIds[28]], bizStep: "holding", disposition: "recalled" } }, operator);
      await hub.query(scan, { input: { codes: [demo.unitIds[29]], bizStep: "destroying" } }, operator);
      expect((await hub.query<any>(verify, { code: demo.unitIds[28] })).data.verifyAuthenticity.verdict).toBe("RECALLED");
      expect((await hub.query<any>(verify, { code: demo.unitIds[29] })).data.verifyAuthenticity.verdict).toBe("DECOMMISSIONED");
    });

    it("does not let anonymous callers smuggle private fields next to verifyAuthenticity", async () => {
      const res = await hub.query(`{ verifyAuthenticity(code: "x") { verdict } units(first: 1) { totalCount } }`);
      expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(res.data ?? null).toBeNull();
    });

    it("does not let anonymous callers run mutations", async () => {
      const res = await hub.query(`mutation { upsertProduct(input: { gtin: "09506000134352", name: "hijack" }) { gtin } }`);
      expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("has subgraphs reject calls that bypass the gateway, unsigned or forged", async () => {
      const q = `{ units(first: 1) { totalCount } }`;
      const unsigned = await postGraphQL(hub.subgraphUrls.units, q);
      expect(unsigned.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      const forged = await postGraphQL(hub.subgraphUrls.units, q, {}, null, {
        "x-tracehub-principal": signPrincipal({ sub: "m", org: null, roles: ["operator"], anonymous: false }, "guessed-key-000000000", requestBinding({ query: q })),
      });
      expect(forged.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      const header = signPrincipal({ sub: "svc", org: null, roles: ["operator"], anonymous: false }, hub.secrets.principalKey, requestBinding({ query: q, variables: {} }));
      const genuine = await postGraphQL(hub.subgraphUrls.units, q, {}, null, { "x-tracehub-principal": header });
      expect(genuine.errors).toBeUndefined();
      // The same signed header replayed with another operation is refused: it is bound to its request.
      const replayed = await postGraphQL(hub.subgraphUrls.units, `{ units(first: 2) { totalCount } }`, {}, null, { "x-tracehub-principal": header });
      expect(replayed.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("refuses roles that lack a permission with FORBIDDEN", async () => {
      const logistics = await hub.token({ roles: ["logistics"] });
      const res = await hub.query(`mutation { createRecall(input: { gtin: "09506000134352", classification: CLASS_II, reason: "x" }) { id } }`, {}, logistics);
      expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    });
  });

  describe("bad input changes nothing", () => {
    it("answers a malformed unit code with BAD_USER_INPUT naming the problem", async () => {
      const res = await hub.query(`{ unit(code: "(01)09506000134353(21)A") { id } }`, {}, operator);
      expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(res.errors?.[0]?.message).toMatch(/check digit/i);
    });

    it("returns null for a valid code the hub does not know", async () => {
      const res = await hub.query<any>(`{ unit(code: "https://id.gs1.org/01/09506000134352/21/NOPE") { id } }`, {}, operator);
      expect(res.errors).toBeUndefined();
      expect(res.data.unit).toBeNull();
    });

    it("reads a unit from any form: scan data, EPC URN, Digital Link on another host", async () => {
      const res: any = await hub.query(`{ unit(code: ${JSON.stringify(demo.unitIds[12])}) { id serial gtin } }`, {}, operator);
      const { serial, gtin } = res.data.unit;
      for (const code of [`]d201${gtin}21${serial}`, `https://brand.example/01/${gtin}/21/${serial}`, `urn:epc:id:sgtin:9506000.013435.${serial}`]) {
        const again: any = await hub.query(`query($c: String!) { unit(code: $c) { id } }`, { c: code }, operator);
        expect(again.errors).toBeUndefined();
        expect(again.data.unit.id).toBe(demo.unitIds[12]);
      }
    });

    it("rejects re-issuing serials with CONFLICT and stores none of the batch", async () => {
      const existing: any = await hub.query(`{ unit(code: ${JSON.stringify(demo.unitIds[10])}) { serial } }`, {}, operator);
      const before: any = await hub.query(`{ units(first: 1) { totalCount } }`, {}, operator);
      const res = await hub.query(
        `mutation($input: CommissionUnitsInput!) { commissionUnits(input: $input) { count } }`,
        { input: { gtin: demo.gtins[0], serials: ["FRESH-1", existing.data.unit.serial, "FRESH-2"] } },
        operator,
      );
      expect(res.errors?.[0]?.extensions?.code).toBe("CONFLICT");
      const after: any = await hub.query(`{ units(first: 1) { totalCount } }`, {}, operator);
      expect(after.data.units.totalCount).toBe(before.data.units.totalCount);
    });

    it("rejects a scan with a malformed code, naming it, and records nothing", async () => {
      const res = await hub.query(
        `mutation($input: RecordMovementInput!) { recordMovement(input: $input) { eventId } }`,
        { input: { codes: [demo.unitIds[26], "(01)09506000134353(21)BADCHECK"], bizStep: "shipping" } },
        operator,
      );
      expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(res.errors?.[0]?.message).toContain("codes[1]");
      const unit: any = await hub.query(`{ unit(code: ${JSON.stringify(demo.unitIds[26])}) { status events { totalCount } } }`, {}, operator);
      expect(unit.data.unit).toEqual({ status: "ACTIVE", events: { totalCount: 1 } });
    });

    it("refuses queries deeper than the limit with LIMIT_EXCEEDED", async () => {
      const deep = `{ units(first: 1) { edges { node { product { brandOwner { id } } events { edges { node { eventId } } pageInfo { endCursor } } } } } }`;
      expect((await hub.query(deep, {}, operator)).errors).toBeUndefined();
      const wide = `{ ${Array.from({ length: 2100 }, (_, i) => `a${i}: __typename`).join(" ")} }`;
      const res = await hub.query(wide, {}, operator);
      expect(res.errors?.[0]?.extensions?.code).toBe("LIMIT_EXCEEDED");
      // units > edges > node, then 8 hops of order > units: 3 + 16 + 1 = 20 levels, over the limit of 15.
      const nested = `{ units(first: 1) { edges { node { ${"order { units { ".repeat(8)}id${" } }".repeat(8)} } } } }`;
      const res2 = await hub.query(nested, {}, operator);
      expect(res2.errors?.[0]?.extensions?.code).toBe("LIMIT_EXCEEDED");
    });

    it("answers an unparsable body with 400 and a code, not a 500", async () => {
      const response = await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
      expect(response.status).toBe(400);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe("BAD_REQUEST");
    });
  });

  describe("movements", () => {
    it("records a shipment: the unit goes IN_TRANSIT at the read point and the event is listed", async () => {
      const readPoint = "urn:epc:id:sgln:9506000.00001.0";
      const res: any = await hub.query(
        `mutation($input: RecordMovementInput!) { recordMovement(input: $input) { eventId unitIds } }`,
        { input: { codes: [demo.unitIds[25], demo.unitIds[25]], bizStep: "urn:epcglobal:cbv:bizstep:shipping", readPoint } },
        operator,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.recordMovement.unitIds).toEqual([demo.unitIds[25]]);
      const unit: any = await hub.query(
        `{ unit(code: ${JSON.stringify(demo.unitIds[25])}) { status disposition location events { totalCount edges { node { type action bizStep } } } } }`,
        {},
        operator,
      );
      // Locations are stored in one canonical form: the SGLN URN becomes the GLN Digital Link.
      expect(unit.data.unit).toMatchObject({ status: "IN_TRANSIT", disposition: "in_transit", location: "https://id.gs1.org/414/9506000000015" });
      expect(unit.data.unit.events.edges.map((e: any) => e.node)).toEqual([
        { type: "ObjectEvent", action: "ADD", bizStep: "commissioning" },
        { type: "ObjectEvent", action: "OBSERVE", bizStep: "shipping" },
      ]);
    });
  });

  describe("tenant isolation", () => {
    it("shows an order only to its organization (and operators), everywhere it can be reached", async () => {
      const other = await hub.seed.organization({ name: "Other Shop", kind: "RETAILER" });
      const outsider = await hub.token({ sub: "outsider", org: other, roles: ["fulfilment"] });
      const owner = await hub.token({ sub: "retailer-user", org: demo.retailerId, roles: ["fulfilment"] });
      const q = `query($c: String!) { unit(code: $c) { order { id reference } } orders(first: 10) { totalCount edges { node { id } } } }`;
      const mine: any = await hub.query(q, { c: demo.orderedUnitIds[0] }, owner);
      expect(mine.data.unit.order.reference).toBe("WEB-10001");
      expect(mine.data.orders.totalCount).toBe(1);
      const theirs: any = await hub.query(q, { c: demo.orderedUnitIds[0] }, outsider);
      expect(theirs.errors).toBeUndefined();
      // Since issue 10 the outsider does not see the unit at all (it is not theirs), let alone its order.
      expect(theirs.data.unit).toBeNull();
      expect(theirs.data.orders).toEqual({ totalCount: 0, edges: [] });
      const byId: any = await hub.query(`query($id: ID!) { order(id: $id) { id } }`, { id: mine.data.unit.order.id }, outsider);
      expect(byId.data.order).toBeNull();
    });

    it("shows an organization only to itself, operators and regulators", async () => {
      const own = await hub.token({ sub: "bo", org: demo.brandOwnerId, roles: ["brand_owner"] });
      const ownList: any = await hub.query(`{ organizations(first: 50) { totalCount edges { node { id name } } } }`, {}, own);
      expect(ownList.data.organizations.edges.map((e: any) => e.node.id)).toEqual([demo.brandOwnerId]);
      const peek: any = await hub.query(`query($id: ID!) { organization(id: $id) { name } }`, { id: demo.retailerId }, own);
      expect(peek.data.organization).toBeNull();
      const regulator = await hub.token({ sub: "reg", roles: ["regulator"] });
      const all: any = await hub.query(`{ organizations(first: 50) { totalCount } }`, {}, regulator);
      expect(all.data.organizations.totalCount).toBeGreaterThanOrEqual(3);
    });
  });
});
