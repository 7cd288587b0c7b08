import { type TestHub, startHub } from "@tracehub/testkit";

const QUERY = `query($first: Int) { units(first: $first) { edges { node {
  id product { gtin brandOwner { name } } order { id } recalls { id }
} } } }`;

describe("per-request DataLoaders", () => {
  let hub: TestHub;
  let operator: string;

  beforeAll(async () => {
    // The audit trail sends mutations to suppliers in the background; here it waits, so that the statements counted
    // are the request's alone.
    hub = await startHub({ gateway: { audit: { flushIntervalMs: 600_000 } } });
    operator = await hub.token();
    const brand = await hub.seed.organization({ name: "Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000", "4012345"] });
    const retailer = await hub.seed.organization({ name: "Shop", kind: "RETAILER" });
    await hub.seed.grant({ grantorId: brand, granteeId: retailer, permissions: ["READ", "CAPTURE"] });
    await hub.seed.product("09506000134352", "A");
    await hub.seed.product("04012345123456", "B");
    const a = await hub.seed.units({ gtin: "09506000134352", lot: "L1", count: 60, serialType: "SEQUENTIAL" });
    const b = await hub.seed.units({ gtin: "04012345123456", lot: "L2", count: 60, serialType: "SEQUENTIAL" });
    const shop = await hub.token({ org: retailer, roles: ["fulfilment"] });
    // The shop sells what it holds: the units are handed over to its store first.
    await hub.seed.location(retailer, "4000001000005");
    await hub.seed.handOver([...a.unitIds.slice(0, 30), ...b.unitIds.slice(0, 30)], "4000001000005");
    await hub.seed.order({ reference: "O1", customer: { name: "C" }, unitCodes: [...a.unitIds.slice(0, 30), ...b.unitIds.slice(0, 30)] }, shop);
    await hub.seed.recall({ gtin: "09506000134352", lots: ["L1"], reason: "test" });
  });
  afterAll(() => hub?.stop());

  async function countFor(first: number) {
    for (const counter of Object.values(hub.sql)) counter.reset();
    const res: any = await hub.query(QUERY, { first }, operator);
    expect(res.errors).toBeUndefined();
    expect(res.data.units.edges).toHaveLength(first);
    return Object.fromEntries(Object.entries(hub.sql).map(([name, counter]) => [name, counter.count]));
  }

  it("issues the same number of SQL statements per subgraph for 10 and for 100 units", async () => {
    const ten = await countFor(10);
    const hundred = await countFor(100);
    expect(hundred).toEqual(ten);
    // units: page + total + products (the planner takes the `gtin lot` that `recalls` @requires from the
    // first fetch, so no entity fetch comes back to units); orders, suppliers, compliance: one batched
    // statement each.
    expect(hundred).toEqual({ units: 3, orders: 1, suppliers: 1, compliance: 1 });
  });
});
