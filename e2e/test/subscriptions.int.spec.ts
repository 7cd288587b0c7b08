import { type LiveSubscription, type TestHub, startHub, subscribe } from "@tracehub/testkit";
import { CloseCode } from "graphql-ws";

const GTIN_A = "09506000134352";
const GTIN_B = "04012345123456";
const DOCK = "https://id.gs1.org/414/9506000134369";
const SHOP = "https://id.gs1.org/414/4012345000009";

type Movement = { cursor: string; eventId: string; type: string; action: string | null; bizStep: string | null; disposition: string | null; units: { id: string }[] };
type Msg = { unitMovements: Movement };

const MOVEMENTS = `subscription($filter: MovementFilter, $after: String) {
  unitMovements(filter: $filter, after: $after) { cursor eventId type action bizStep disposition units { id } }
}`;

describe("unitMovements through the gateway", () => {
  let hub: TestHub;
  let operator: string;
  let logistics: string;
  let a: string[];
  let b: string[];
  const open: LiveSubscription<unknown>[] = [];

  async function cursorNow(): Promise<string> {
    const res = await hub.query<{ movementCursor: string }>(`{ movementCursor }`, {}, operator);
    expect(res.errors).toBeUndefined();
    return res.data!.movementCursor;
  }

  function live<T = Msg>(variables: Record<string, unknown>, token: string | null = operator, query = MOVEMENTS): LiveSubscription<T> {
    const sub = subscribe<T>(hub.wsUrl, query, variables, { token });
    open.push(sub as LiveSubscription<unknown>);
    return sub;
  }

  async function move(codes: string[], bizStep: string, readPoint: string, token = logistics): Promise<void> {
    const res = await hub.query(
      `mutation($input: RecordMovementInput!) { recordMovement(input: $input) { eventId } }`,
      { input: { codes, bizStep, readPoint, disposition: bizStep === "shipping" ? "in_transit" : null } },
      token,
    );
    expect(res.errors).toBeUndefined();
  }

  beforeAll(async () => {
    hub = await startHub();
    operator = await hub.token();
    const carrier = await hub.seed.organization({ name: "Carrier", kind: "LOGISTICS" });
    logistics = await hub.token({ sub: "scanner-1", org: carrier, roles: ["logistics"] });
    const brand = await hub.seed.organization({ name: "Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000", "4012345"] });
    await hub.seed.grant({ grantorId: brand, granteeId: carrier, permissions: ["READ", "CAPTURE"] });
    await hub.seed.product(GTIN_A, "A");
    await hub.seed.product(GTIN_B, "B");
    a = (await hub.seed.units({ gtin: GTIN_A, lot: "LA", count: 4, serialType: "SEQUENTIAL" })).unitIds;
    b = (await hub.seed.units({ gtin: GTIN_B, lot: "LB", count: 4, serialType: "SEQUENTIAL" })).unitIds;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.dispose()));
  });
  afterAll(() => hub?.stop());

  it("delivers each subscriber only the movements its filter matches, in commit order, each with a cursor", async () => {
    const after = await cursorNow();
    const byGtin = live({ filter: { gtin: GTIN_B }, after });
    const byLot = live({ filter: { lot: "LA" }, after });
    const byCode = live({ filter: { code: `(01)${GTIN_A}(21)${a[0]!.split("/").pop()}` }, after });
    const byLocation = live({ filter: { location: SHOP }, after });
    const byStep = live({ filter: { bizStep: "urn:epcglobal:cbv:bizstep:shipping" }, after });
    const all = live({ after });

    await move([a[0]!, a[1]!], "shipping", DOCK);
    await move([b[0]!], "receiving", SHOP);
    await move([a[2]!], "receiving", SHOP);

    const [e1, e2, e3] = (await all.take(3)).map((m) => m.unitMovements);
    expect([e1!.units.map((u) => u.id).sort(), e2!.units.map((u) => u.id), e3!.units.map((u) => u.id)]).toEqual([[a[0], a[1]].sort(), [b[0]], [a[2]]]);
    expect(BigInt(e1!.cursor) < BigInt(e2!.cursor) && BigInt(e2!.cursor) < BigInt(e3!.cursor)).toBe(true);
    expect(e1).toMatchObject({ type: "ObjectEvent", action: "OBSERVE", bizStep: "shipping", disposition: "in_transit" });

    expect((await byGtin.take(1)).map((m) => m.unitMovements.eventId)).toEqual([e2!.eventId]);
    expect((await byLot.take(2)).map((m) => m.unitMovements.eventId)).toEqual([e1!.eventId, e3!.eventId]);
    expect((await byCode.take(1)).map((m) => m.unitMovements.eventId)).toEqual([e1!.eventId]);
    expect((await byLocation.take(2)).map((m) => m.unitMovements.eventId)).toEqual([e2!.eventId, e3!.eventId]);
    expect((await byStep.take(1)).map((m) => m.unitMovements.eventId)).toEqual([e1!.eventId]);
    // Nothing else arrived: one more event that matches every filter comes right after.
    await move([a[0]!, b[0]!], "shipping", SHOP);
    const last = (await all.take(4))[3]!.unitMovements.eventId;
    expect((await byGtin.take(2)).map((m) => m.unitMovements.eventId)).toEqual([e2!.eventId, last]);
    expect((await byStep.take(2)).map((m) => m.unitMovements.eventId)).toEqual([e1!.eventId, last]);
  });

  it("follows a container: events of the pallet and of every unit inside it, with the contents listed as units", async () => {
    const pallet = "https://id.gs1.org/00/095060001343520017";
    const after = await cursorNow();
    const sub = live({ filter: { code: "(00)095060001343520017" }, after });
    const packed = await hub.query(`mutation($input: PackInput!) { pack(input: $input) { eventId } }`, { input: { parent: pallet, children: [a[3]!, b[3]!], readPoint: DOCK } }, logistics);
    expect(packed.errors).toBeUndefined();
    await move([pallet], "shipping", DOCK);
    await move([b[3]!], "inspecting", SHOP);
    await move([b[2]!], "inspecting", SHOP);
    await move([pallet], "receiving", SHOP);
    const got = (await sub.take(4)).map((m) => m.unitMovements);
    expect(got.map((m) => m.bizStep)).toEqual(["packing", "shipping", "inspecting", "receiving"]);
    expect(got[1]!.units.map((u) => u.id).sort()).toEqual([pallet, a[3], b[3]].sort());
    expect(got[2]!.units.map((u) => u.id)).toEqual([b[3]]);
  });

  describe("authentication and authorization at connection_init", () => {
    it("closes a connection without a token with 4401 Unauthorized and says how to authenticate", async () => {
      const sub = live({}, null);
      const closed = await sub.closed;
      expect(closed.code).toBe(CloseCode.Unauthorized);
      expect(closed.reason).toMatch(/Bearer/);
    });

    it("closes a connection with a bad token with 4403 Forbidden and the reason", async () => {
      const sub = live({}, "not-a-jwt");
      const closed = await sub.closed;
      expect(closed.code).toBe(CloseCode.Forbidden);
      expect(closed.reason.length).toBeGreaterThan(0);
    });

    it("closes with 4403 Forbidden when a caller filters by another organization", async () => {
      const other = await hub.seed.organization({ name: "Competitor", kind: "LOGISTICS" });
      const sub = live({ filter: { organization: other } }, logistics);
      const closed = await sub.closed;
      expect(closed.code).toBe(CloseCode.Forbidden);
      expect(closed.reason).toMatch(/organization/);
    });

    it("lets a caller follow its own organization's captures", async () => {
      const me = await hub.query<{ movementCursor: string }>(`{ movementCursor }`, {}, logistics);
      const org = (await import("@tracehub/auth")).verifyAccessToken;
      const principal = await org(logistics, { secret: hub.secrets.jwt });
      const sub = live({ filter: { organization: principal.org }, after: me.data!.movementCursor }, logistics);
      await move([a[1]!], "inspecting", DOCK);
      expect((await sub.take(1))[0]!.unitMovements.units.map((u) => u.id)).toEqual([a[1]]);
    });

    it("answers a malformed filter with a BAD_USER_INPUT error naming the field", async () => {
      const sub = live({ filter: { gtin: "123" } });
      const error = (await sub.failed) as { message: string; extensions?: { code?: string } }[];
      expect(error[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(error[0]?.message).toMatch(/gtin/);
    });
  });
});
