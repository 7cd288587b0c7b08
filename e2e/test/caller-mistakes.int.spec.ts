import { type TestHub, startHub } from "@tracehub/testkit";

const GTIN = "09506000134352";
const cursor = (position: unknown) => Buffer.from(JSON.stringify(position)).toString("base64url");

/** Cursors a caller could send that no connection issued, or that another connection issued. */
const FORGED_CURSORS: [string, string][] = [
  ["an empty position", cursor([])],
  ["two words", cursor(["x", "y"])],
  ["a number", cursor([1])],
  ["an object", cursor([{}])],
  ["a time that is not an instant", cursor(["2026-01-01T00:00:00Z", "abc"])],
  ["year 0", cursor(["0000-01-01T00:00:00.000Z", "1"])],
  ["a time in another format", cursor(["2026-01-01", "1"])],
  ["a position beyond 64 bits", cursor(["2026-01-01T00:00:00.000Z", "99999999999999999999"])],
];

/** Every connection a caller can page, with a query taking `$a` as its cursor. */
const CONNECTIONS: [string, string][] = [
  ["events", `query($a: String) { events(first: 2, after: $a) { totalCount } }`],
  ["units", `query($a: String) { units(first: 2, after: $a) { totalCount } }`],
  ["orders", `query($a: String) { orders(first: 2, after: $a) { totalCount } }`],
  ["organizations", `query($a: String) { organizations(first: 2, after: $a) { totalCount } }`],
  ["recalls", `query($a: String) { recalls(first: 2, after: $a) { totalCount } }`],
];

describe("the caller's mistakes are BAD_USER_INPUT or UNAUTHENTICATED naming the argument, never internal errors (defect 11)", () => {
  let hub: TestHub;
  let op: string;
  let unitId: string;
  const q = (query: string, variables: Record<string, unknown> = {}, token: string | null = op) => hub.query(query, variables, token) as Promise<any>;
  const expectBadInput = (res: any, argument: string) => {
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(res.errors?.[0]?.message).toContain(argument);
  };

  beforeAll(async () => {
    hub = await startHub();
    op = await hub.token({ roles: ["operator"] });
    await hub.seed.product(GTIN, "Ibuprofen 400 mg");
    [unitId] = (await hub.seed.units({ gtin: GTIN, count: 3, serialType: "SEQUENTIAL" })).unitIds as [string];
    // The pharmacy owns the product's company prefix: its units are its stock, which it may sell.
    const org = await hub.seed.organization({ name: "Corner Pharmacy", kind: "RETAILER", companyPrefixes: [GTIN.slice(1, 8)] });
    await hub.seed.order({ reference: "R-1", customer: { name: "C" }, unitCodes: [unitId] }, await hub.token({ sub: "ph", org, roles: ["fulfilment"] }));
    await hub.seed.recall({ gtin: GTIN, reason: "Test recall." });
    expect(org).toBeTruthy();
  });
  afterAll(() => hub?.stop());

  describe.each(CONNECTIONS)("a forged cursor on %s", (_name, query) => {
    it.each(FORGED_CURSORS)("with %s is BAD_USER_INPUT naming 'after'", async (_kind, after) => {
      const res = await q(query, { a: after });
      expectBadInput(res, "'after'");
      expect(res.errors[0].extensions.argument).toBe("after");
    });
  });

  it.each(CONNECTIONS.filter(([name]) => ["orders", "organizations", "recalls"].includes(name)))("refuses a cursor on %s whose id is not a UUID", async (_name, query) => {
    expectBadInput(await q(query, { a: cursor(["------------------------------------"]) }), "'after'");
  });

  it("refuses a cursor of one connection on another, and pages on with a cursor of its own", async () => {
    const units = await q(`{ units(first: 1) { pageInfo { endCursor } } }`);
    const unitCursor = units.data.units.pageInfo.endCursor;
    expectBadInput(await q(`query($a: String) { events(first: 1, after: $a) { totalCount } }`, { a: unitCursor }), "'after'");
    expectBadInput(await q(`query($c: String!, $a: String) { unit(code: $c) { events(first: 1, after: $a) { totalCount } } }`, { c: unitId, a: unitCursor }), "'after'");
    const next = await q(`query($a: String) { units(first: 1, after: $a) { edges { node { id } } } }`, { a: unitCursor });
    expect(next.errors).toBeUndefined();
    expect(next.data.units.edges).toHaveLength(1);
    const events = await q(`{ events(first: 1) { pageInfo { endCursor } } }`);
    const more = await q(`query($a: String) { events(first: 1, after: $a) { totalCount } }`, { a: events.data.events.pageInfo.endCursor });
    expect(more.errors).toBeUndefined();
  });

  it.each([
    ["order", `query($i: ID!) { order(id: $i) { id } }`],
    ["recall", `query($i: ID!) { recall(id: $i) { id } }`],
    ["organization", `query($i: ID!) { organization(id: $i) { id } }`],
  ])("answers a malformed id in %s(id) with BAD_USER_INPUT naming 'id', and an unknown one with null", async (field, query) => {
    for (const id of ["------------------------------------", "x", "1", "00000000-0000-0000-0000-00000000000g"]) {
      const res = await q(query, { i: id });
      expectBadInput(res, "'id'");
      expect(res.errors[0].extensions.argument).toBe("id");
    }
    const unknown = await q(query, { i: "6F1C1A2E-8B0E-4C39-9D55-2B1F0C7A9E10" });
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data[field]).toBeNull();
  });

  it("refuses a token whose organization id is malformed with UNAUTHENTICATED naming the org claim", async () => {
    for (const roles of [["fulfilment"], ["brand_owner"], ["operator"]] as const) {
      const token = await hub.token({ org: "not-a-uuid' OR 1=1 --", roles: [...roles] });
      for (const query of [`{ orders(first: 1) { totalCount } }`, `{ organizations(first: 1) { totalCount } }`, `{ units(first: 1) { totalCount } }`, `{ recalls(first: 1) { totalCount } }`]) {
        const res = await q(query, {}, token);
        expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
        expect(res.errors?.[0]?.message).toMatch(/org/);
      }
    }
  });

  it.each([
    ["year 0", "0000-01-01T00:00:00Z", /before 1970-01-01/],
    ["before 1970", "1969-07-20T20:17:00Z", /before 1970-01-01/],
    ["year 9999", "9999-12-31T23:59:59Z", /ahead of the hub's clock/],
  ])("refuses an eventTime in %s in every command with BAD_USER_INPUT naming eventTime", async (_name, eventTime, reason) => {
    for (const [query, input] of [
      [`mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`, { codes: [unitId], bizStep: "receiving", eventTime }],
      [`mutation($i: PackInput!) { pack(input: $i) { eventId } }`, { parent: "(00)095060000000000015", children: [unitId], eventTime }],
      [`mutation($i: PackInput!) { unpack(input: $i) { eventId } }`, { parent: "(00)095060000000000015", eventTime }],
      [`mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { eventId } }`, { gtin: GTIN, count: 1, eventTime }],
    ] as const) {
      const res = await q(query, { i: input });
      expectBadInput(res, "'eventTime'");
      expect(res.errors[0].extensions.field).toBe("eventTime");
      expect(res.errors[0].message).toMatch(reason);
    }
  });

  it("refuses an impossible eventTime in a captured document per event, naming the event and the field", async () => {
    const doc = {
      "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
      type: "EPCISDocument",
      schemaVersion: "2.0",
      creationDate: "2026-01-01T00:00:00Z",
      epcisBody: { eventList: [{ type: "ObjectEvent", eventTime: "0000-01-01T00:00:00Z", eventTimeZoneOffset: "+00:00", epcList: [unitId], action: "OBSERVE", bizStep: "inspecting" }] },
    };
    const res = await q(`mutation($d: JSON!) { captureEvents(document: $d) { stored rejected { eventIndex path message } } }`, { d: doc });
    expect(res.errors).toBeUndefined();
    expect(res.data.captureEvents).toEqual({ stored: 0, rejected: [{ eventIndex: 0, path: "$.epcisBody.eventList[0].eventTime", message: expect.stringMatching(/before 1970-01-01/) }] });
  });

  it.each(["garbage", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "+275760-09-13T00:00:00Z", "-000001-01-01T00:00:00Z", "1-01-01T00:00:00Z"])(
    "refuses the DateTimeISO variable %j with BAD_USER_INPUT naming the variable",
    async (time) => {
      for (const [query, variables, name] of [
        [`query($t: DateTimeISO) { events(first: 1, filter: { from: $t }) { totalCount } }`, { t: time }, "$t"],
        [`query($c: String!, $t: DateTimeISO!) { unit(code: $c) { containersAt(time: $t) { id } } }`, { c: unitId, t: time }, "$t"],
        [`mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`, { i: { codes: [unitId], bizStep: "receiving", eventTime: time } }, "$i"],
      ] as const) {
        const res = await q(query, variables);
        expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
        expect(res.errors?.[0]?.message).toContain(`Variable "${name}"`);
      }
    },
  );
});
