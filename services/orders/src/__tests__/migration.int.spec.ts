import { randomBytes } from "node:crypto";
import { createServiceDataSource, dropDatabase, ensureDatabase, migrate, withDatabase } from "@tracehub/db";
import { createOrdersDataSource, migrateOrders } from "../index";
import { CreateOrders1764360000200 } from "../migrations/1764360000200-CreateOrders";

// Orders stored before fulfilment existed keep working after the fulfilment migration: each gets a customer holding
// its customer's name, and a line per product of its units; the allocations stay, with their GTIN.
describe("orders migration to fulfilment", () => {
  const admin = process.env.TRACEHUB_TEST_ADMIN_URL ?? (process.env.DATABASE_URL as string);
  const dbName = `tracehub_orders_mig_${process.pid}_${randomBytes(3).toString("hex")}`;

  beforeAll(() => ensureDatabase(admin, dbName));
  afterAll(() => dropDatabase(admin, dbName));

  it("moves each legacy order's customer and derives its lines from its allocations", async () => {
    const url = withDatabase(admin, dbName);
    const old = createServiceDataSource({ url, schema: "orders", entities: [], migrations: [CreateOrders1764360000200] });
    await old.initialize();
    try {
      await migrate(old, "orders");
      const [order] = (await old.query(`INSERT INTO "orders"."order" ("organization_id", "reference", "customer_name") VALUES ('org-a', 'LEGACY-1', 'Ann Old') RETURNING "id"`)) as { id: string }[];
      const unit = (gtin: string, serial: string) => `https://id.gs1.org/01/${gtin}/21/${serial}`;
      await old.query(`INSERT INTO "orders"."allocation" ("order_id", "unit_id") SELECT $1::uuid, u FROM unnest($2::text[]) AS t(u)`, [
        order?.id,
        [unit("09506000134352", "1"), unit("09506000134352", "2"), unit("09506000134369", "7")],
      ]);
    } finally {
      await old.destroy();
    }
    const ds = createOrdersDataSource(url);
    await ds.initialize();
    try {
      expect(await migrateOrders(ds)).toEqual(["Fulfilment1765100000200", "OrdersOutboxTraceParent1765400000200"]);
      const rows = (await ds.query(`SELECT o."reference", c."name", c."organization_id" AS "org" FROM "orders"."order" o JOIN "orders"."customer" c ON c."id" = o."customer_id"`)) as unknown[];
      expect(rows).toEqual([{ reference: "LEGACY-1", name: "Ann Old", org: "org-a" }]);
      const lines = (await ds.query(`SELECT "gtin"::text AS "gtin", "quantity" FROM "orders"."order_line" ORDER BY "gtin"`)) as unknown[];
      expect(lines).toEqual([
        { gtin: "09506000134352", quantity: 2 },
        { gtin: "09506000134369", quantity: 1 },
      ]);
      const gtins = (await ds.query(`SELECT count(*)::int AS "n" FROM "orders"."allocation" WHERE "gtin" IS NOT NULL AND "released_at" IS NULL`)) as { n: number }[];
      expect(gtins[0]?.n).toBe(3);
    } finally {
      await ds.destroy();
    }
  });
});
