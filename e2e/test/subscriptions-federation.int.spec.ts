import { type LiveSubscription, type TestHub, startHub, subscribe, until } from "@tracehub/testkit";

const GTIN = "09506000134352";
const DOCK = "https://id.gs1.org/414/9506000134369";

const ENRICHED = `subscription($filter: MovementFilter, $after: String) {
  unitMovements(filter: $filter, after: $after) {
    cursor bizStep
    units { id product { name brandOwner { name } } order { id } recalls { id } }
  }
}`;

type Unit = { id: string; product: { name: string; brandOwner: { name: string } | null }; order: { id: string } | null; recalls: { id: string }[] };
type Msg = { unitMovements: { cursor: string; bizStep: string; units: Unit[] } };

describe("unitMovements reaching into every subgraph", () => {
  let hub: TestHub;
  let operator: string;
  let shop: string;
  let outsider: string;
  let sold: string[];
  let orderId: string;
  let recallId: string;
  let stock: string[];
  const open: LiveSubscription<unknown>[] = [];

  function live(variables: Record<string, unknown>, token: string): LiveSubscription<Msg> {
    const sub = subscribe<Msg>(hub.wsUrl, ENRICHED, variables, { token });
    open.push(sub as LiveSubscription<unknown>);
    return sub;
  }

  async function cursorNow(): Promise<string> {
    return (await hub.query<{ movementCursor: string }>(`{ movementCursor }`, {}, operator)).data!.movementCursor;
  }

  async function move(codes: string[], bizStep = "inspecting"): Promise<void> {
    const res = await hub.query(`mutation($input: RecordMovementInput!) { recordMovement(input: $input) { eventId } }`, { input: { codes, bizStep, readPoint: DOCK } }, operator);
    expect(res.errors).toBeUndefined();
  }

  beforeAll(async () => {
    // The audit trail sends mutations to suppliers in the background; here it waits, so that the statements counted
    // are the request's alone.
    hub = await startHub({ gateway: { audit: { flushIntervalMs: 600_000 } } });
    operator = await hub.token();
    const brand = await hub.seed.organization({ name: "Healthy Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const retailer = await hub.seed.organization({ name: "Shop", kind: "RETAILER" });
    await hub.seed.grant({ grantorId: brand, granteeId: retailer, permissions: ["READ", "CAPTURE"] });
    const carrier = await hub.seed.organization({ name: "Carrier", kind: "LOGISTICS" });
    // Since issue 10 a subscriber sees only units it may read: the carrier reads the brand's products (not the shop's orders).
    await hub.seed.grant({ grantorId: brand, granteeId: carrier, permissions: ["READ"] });
    shop = await hub.token({ sub: "shop-user", org: retailer, roles: ["fulfilment"] });
    outsider = await hub.token({ sub: "carrier-user", org: carrier, roles: ["logistics"] });
    await hub.seed.product(GTIN, "Aspirin");
    sold = (await hub.seed.units({ gtin: GTIN, lot: "RECALLED", count: 2, serialType: "SEQUENTIAL" })).unitIds;
    stock = (await hub.seed.units({ gtin: GTIN, lot: "BULK", count: 100, serialType: "SEQUENTIAL" })).unitIds;
    // The shop sells what it holds: the units are handed over to its store first.
    await hub.seed.location(retailer, "4000001000005");
    await hub.seed.handOver(sold, "4000001000005");
    orderId = await hub.seed.order({ reference: "O-1", customer: { name: "Ann" }, unitCodes: sold }, shop);
    recallId = await hub.seed.recall({ gtin: GTIN, lots: ["RECALLED"], reason: "contamination" });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.dispose()));
    await hub.gateway.subscriptions.fanout.whenSubscribers((n) => n === 0);
  });
  afterAll(() => hub?.stop());

  it("resolves fields of orders, suppliers and compliance with the subscriber's own principal, as the same query over HTTP", async () => {
    const after = await cursorNow();
    const mine = live({ filter: { lot: "RECALLED" }, after }, shop);
    const theirs = live({ filter: { lot: "RECALLED" }, after }, outsider);
    await move(sold);
    const [forShop] = await mine.take(1);
    const [forOutsider] = await theirs.take(1);
    const byId = (m: Msg) => Object.fromEntries(m.unitMovements.units.map((u) => [u.id, u]));
    for (const id of sold) {
      // The brand owner's organization is visible to itself only (issue 10), so suppliers answers null to the shop.
      expect(byId(forShop!)[id]).toEqual({ id, product: { name: "Aspirin", brandOwner: null }, order: { id: orderId }, recalls: [{ id: recallId }] });
      expect(byId(forOutsider!)[id]).toMatchObject({ order: null, recalls: [{ id: recallId }] });
    }
    // Exactly what the same selection over HTTP shows each of them.
    const http = `query($code: String!) { unit(code: $code) { order { id } } }`;
    expect((await hub.query(http, { code: sold[0] }, shop)).data).toEqual({ unit: { order: { id: orderId } } });
    expect((await hub.query(http, { code: sold[0] }, outsider)).data).toEqual({ unit: { order: null } });
  });

  it("shares one upstream subscription and one resolution per event among subscribers with the same selection and scope", async () => {
    const after = await cursorNow();
    const fanout = hub.gateway.subscriptions.fanout;
    const before = fanout.sharedCount;
    const waiting = fanout.whenSubscribers((n) => n === 26);
    const subs = Array.from({ length: 25 }, () => live({ filter: { gtin: GTIN }, after }, shop));
    const other = live({ filter: { gtin: GTIN }, after }, outsider);
    await waiting;
    for (const counter of Object.values(hub.sql)) counter.reset();
    await move(stock.slice(0, 10));
    const got = await Promise.all([...subs, other].map((s) => s.take(1)));
    expect(fanout.sharedCount - before).toBe(2);
    expect(new Set(got.slice(0, 25).map((m) => JSON.stringify(m)))).toEqual(new Set([JSON.stringify(got[0])]));
    // One resolution per event per scope (2 scopes): one batched statement per subgraph each.
    expect({ orders: hub.sql.orders.count, suppliers: hub.sql.suppliers.count, compliance: hub.sql.compliance.count }).toEqual({ orders: 2, suppliers: 2, compliance: 2 });
  });

  it("merges a catch-up subscriber back into the shared live subscription once it is live: nothing missed, nothing twice", async () => {
    const fanout = hub.gateway.subscriptions.fanout;
    const start = await cursorNow();
    const waitingLive = fanout.whenSubscribers((n) => n === 1);
    const current = live({ filter: { gtin: GTIN } }, shop);
    await waitingLive;
    for (let i = 0; i < 3; i++) await move([stock[i]!]);
    const seenLive = await current.take(3);
    const merged = fanout.mergedCount;
    const shared = fanout.sharedCount;
    // A dashboard that reconnects after the last cursor it saw before those three movements.
    const behind = live({ filter: { gtin: GTIN }, after: start }, shop);
    const replayed = await behind.take(3);
    expect(replayed.map((m) => m.unitMovements.cursor)).toEqual(seenLive.map((m) => m.unitMovements.cursor));
    // At the live subscription's position it hands its subscriber over, and its own upstream subscription ends.
    await until("the merge", () => fanout.mergedCount === merged + 1);
    expect(fanout.sharedCount).toBe(shared);
    expect(fanout.subscriberCount).toBe(2);
    await move([stock[3]!]);
    await move([stock[4]!]);
    // take(n) is the first n messages: each got the five movements, in order, each once.
    const toBehind = await behind.take(5);
    const toLive = await current.take(5);
    expect(toBehind.map((m) => m.unitMovements.units.map((u) => u.id))).toEqual(stock.slice(0, 5).map((id) => [id]));
    expect(toBehind.map((m) => m.unitMovements.cursor)).toEqual(toLive.map((m) => m.unitMovements.cursor));
    await move([stock[5]!]);
    await current.take(6);
    expect(behind.received).toHaveLength((await behind.take(6)).length);
    expect(new Set(behind.received.map((m) => m.unitMovements.cursor)).size).toBe(6);
  });

  it("resolves an event of 100 units with as many statements per subgraph as an event of 10", async () => {
    const after = await cursorNow();
    const sub = live({ filter: { gtin: GTIN }, after }, shop);
    const counts = async (codes: string[], n: number) => {
      for (const counter of Object.values(hub.sql)) counter.reset();
      await move(codes, "shipping");
      const [, msg] = [undefined, (await sub.take(n))[n - 1]!];
      expect(msg.unitMovements.units).toHaveLength(codes.length);
      return { orders: hub.sql.orders.count, suppliers: hub.sql.suppliers.count, compliance: hub.sql.compliance.count };
    };
    const ten = await counts(stock.slice(0, 10), 1);
    const hundred = await counts(stock, 2);
    expect(hundred).toEqual(ten);
    expect(hundred).toEqual({ orders: 1, suppliers: 1, compliance: 1 });
  });
});
