import { randomBytes } from "node:crypto";
import type { Principal } from "@tracehub/auth";
import { dropDatabase, ensureDatabase, withDatabase } from "@tracehub/db";
import { DomainError } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import { createOrdersDataSource, migrateOrders } from "../index";
import { createOrderLoaders } from "../modules/order/order.loader";
import { OrderService } from "../modules/order/order.service";
import { OrderStore } from "../modules/order/order.store";

// The orders service on a real PostgreSQL: allocation is all or nothing and never gives a unit to two orders,
// and the order connection pages by id within the caller's organization.
const operator = (org: string | null = null): Principal => ({ sub: "op", org, roles: ["operator"], anonymous: false });
const member = (org: string): Principal => ({ sub: "m", org, roles: ["fulfilment"], anonymous: false, scope: { prefixes: [], foreignPrefixes: [], grants: [] } });
const code = (serial: string) => `https://id.gs1.org/01/09506000134352/21/${serial}`;

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a domain error, got ${String(error)}`);
  return error;
}

describe("orders", () => {
  let admin: string;
  let dbName: string;
  let ds: DataSource;
  let store: OrderStore;
  let orders: OrderService;
  const allocations = async () => ((await ds.query(`SELECT count(*)::int AS n FROM "orders"."allocation"`)) as { n: number }[])[0]?.n;
  const orderCount = async () => ((await ds.query(`SELECT count(*)::int AS n FROM "orders"."order"`)) as { n: number }[])[0]?.n;

  beforeAll(async () => {
    admin = process.env.TRACEHUB_TEST_ADMIN_URL ?? (process.env.DATABASE_URL as string);
    dbName = `tracehub_orders_${process.pid}_${randomBytes(3).toString("hex")}`;
    await ensureDatabase(admin, dbName);
    ds = createOrdersDataSource(withDatabase(admin, dbName));
    await ds.initialize();
    await migrateOrders(ds);
    store = new OrderStore(ds.manager);
    orders = new OrderService(store);
  });
  beforeEach(() => ds.query(`TRUNCATE "orders"."order" CASCADE`));
  afterAll(async () => {
    await ds?.destroy();
    if (dbName) await dropDatabase(admin, dbName);
  });

  it("allocates the picked units, read back through the per-request loaders", async () => {
    const order = await orders.create({ reference: " R1 ", customerName: "C", unitCodes: [code("2"), code("1"), code("1")] }, operator("org-a"));
    expect(order).toMatchObject({ reference: "R1", customerName: "C", status: "OPEN", organizationId: "org-a" });
    expect(order.createdAt).toBeInstanceOf(Date);
    const loaders = createOrderLoaders(store);
    expect((await loaders.unitIdsByOrderId.load(order.id)).map((r) => r.unitId)).toEqual([code("1"), code("2")]);
    expect((await loaders.orderByUnitId.load(code("2")))?.order).toEqual(order);
    expect(await loaders.orderByUnitId.load(code("3"))).toBeNull();
    expect(await loaders.orderById.load(order.id)).toEqual(order);
    expect(await loaders.orderById.load("not-a-uuid")).toBeNull();
  });

  it("refuses an order naming a unit on another order (CONFLICT, UNIT_ALREADY_ALLOCATED), storing none of it", async () => {
    await orders.create({ reference: "R1", customerName: "C", unitCodes: [code("1"), code("2")] }, operator());
    const error = await refusal(orders.create({ reference: "R2", customerName: "C", unitCodes: [code("3"), code("2"), code("1")] }, operator()));
    expect(error.code).toBe("CONFLICT");
    expect(error.reason).toBe("UNIT_ALREADY_ALLOCATED");
    expect(error.details).toEqual({ field: "unitCodes", taken: [code("1"), code("2")] });
    expect(error.message).toBe(`2 unit(s) are already allocated to another order, e.g. ${code("1")}. Nothing was stored.`);
    expect(await orderCount()).toBe(1);
    expect(await allocations()).toBe(2);
  });

  it("gives a unit to one of two orders created at the same time, and the other nothing", async () => {
    const units = Array.from({ length: 200 }, (_, i) => code(`S${i}`));
    const results = await Promise.allSettled([
      orders.create({ reference: "A", customerName: "C", unitCodes: units.slice(0, 150) }, operator()),
      orders.create({ reference: "B", customerName: "C", unitCodes: units.slice(50) }, operator()),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.reason).toMatchObject({ code: "CONFLICT", reason: "UNIT_ALREADY_ALLOCATED" });
    expect(await orderCount()).toBe(1);
    expect(await allocations()).toBe(150);
  });

  it("pages an organization's orders by id, and every order for operators", async () => {
    for (let i = 0; i < 5; i++) await orders.create({ reference: `A${i}`, customerName: "C", unitCodes: [code(`A${i}`)] }, operator("org-a"));
    for (let i = 0; i < 3; i++) await orders.create({ reference: `B${i}`, customerName: "C", unitCodes: [code(`B${i}`)] }, operator("org-b"));
    const walk = async (principal: Principal, first: number) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await orders.list(principal, { first, after });
        seen.push(...page.edges.map((e) => e.node.reference));
        expect(page.totalCount).toBe(principal.org === "org-a" && !principal.roles.includes("operator") ? 5 : 8);
        if (!page.pageInfo.hasNextPage) return { seen, last: page };
        after = page.pageInfo.endCursor;
      }
    };
    const own = await walk(member("org-a"), 2);
    expect(own.seen.sort()).toEqual(["A0", "A1", "A2", "A3", "A4"]);
    const all = await walk(operator(), 3);
    expect(all.seen).toHaveLength(8);
    expect(new Set(all.seen).size).toBe(8);
    const ids = (await orders.list(operator(), { first: 8 })).edges.map((e) => e.node.id);
    expect(ids).toEqual([...ids].sort());
    expect((await orders.list({ sub: "x", org: null, roles: ["fulfilment"], anonymous: false }, {})).totalCount).toBe(0);
  });
});
