import { randomBytes } from "node:crypto";
import { SqlCounter, createServiceDataSource, dropDatabase, ensureDatabase, preparedQuery, withDatabase } from "..";

// preparedQuery on a real PostgreSQL, through a service data source with one connection: the statement is a named
// prepared statement on that connection (PostgreSQL lists it), parsed once however often it runs, counted by the
// data source's logger like TypeORM's own statements; a name stands for one text.
describe("preparedQuery", () => {
  const admin = process.env.TRACEHUB_TEST_ADMIN_URL ?? (process.env.DATABASE_URL as string);
  const dbName = `tracehub_prepared_${process.pid}_${randomBytes(3).toString("hex")}`;
  const counter = new SqlCounter();
  const ds = createServiceDataSource({ url: withDatabase(admin, dbName), schema: "public", entities: [], migrations: [], logger: counter, poolSize: 1 });

  beforeAll(async () => {
    await ensureDatabase(admin, dbName);
    await ds.initialize();
    await ds.query(`CREATE TABLE "item" ("id" int PRIMARY KEY, "name" text NOT NULL)`);
    await ds.query(`INSERT INTO "item" SELECT n, 'item ' || n FROM generate_series(1, 100) n`);
  });

  afterAll(async () => {
    if (ds.isInitialized) await ds.destroy();
    await dropDatabase(admin, dbName);
  });

  it("runs a named statement, prepared once per connection, with its parameters", async () => {
    counter.reset();
    const text = `SELECT "name" FROM "item" WHERE "id" = $1`;
    for (const id of [1, 7, 42]) expect(await preparedQuery<{ name: string }>(ds, "test_item_by_id", text, [id])).toEqual([{ name: `item ${id}` }]);
    expect(await preparedQuery(ds, "test_item_by_id", text, [1000])).toEqual([]);
    const prepared = await ds.query(`SELECT "name", "statement" FROM pg_prepared_statements`);
    expect(prepared).toEqual([{ name: "test_item_by_id", statement: text }]);
    // Counted like TypeORM's statements, with their parameters.
    expect(counter.statements.filter((s) => s === text)).toHaveLength(4);
    expect(counter.parameters[0]).toEqual([1]);
  });

  it("refuses a name already used for another text, before sending anything", async () => {
    counter.reset();
    await expect(preparedQuery(ds, "test_item_by_id", `SELECT 1 WHERE $1::int > 0`, [1])).rejects.toThrow(/already used for another statement/);
    expect(counter.count).toBe(0);
  });

  it("passes a database error on, and the connection stays usable", async () => {
    await expect(preparedQuery(ds, "test_item_bad", `SELECT "nope" FROM "item" WHERE "id" = $1`, [1])).rejects.toThrow(/column "nope" does not exist/);
    expect(await preparedQuery(ds, "test_item_by_id", `SELECT "name" FROM "item" WHERE "id" = $1`, [2])).toEqual([{ name: "item 2" }]);
  });
});
