import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { type KeyColumn, type KeyValue, dropDatabase, ensureDatabase, keysetPage, withDatabase } from "..";

// Walks a real table page by page with keysetPage and compares the walk with one ORDER BY over the whole table:
// every row exactly once, in order, with many ties on the first key, for every page size and direction mix.
describe("keyset pages on PostgreSQL", () => {
  const admin = process.env.TRACEHUB_TEST_ADMIN_URL ?? (process.env.DATABASE_URL as string);
  const dbName = `tracehub_keyset_${process.pid}_${randomBytes(3).toString("hex")}`;
  let client: Client;

  beforeAll(async () => {
    await ensureDatabase(admin, dbName);
    client = new Client({ connectionString: withDatabase(admin, dbName) });
    await client.connect();
    await client.query(`CREATE TABLE "item" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "group" int NOT NULL,
      "rank" int NOT NULL,
      "name" text NOT NULL,
      "createdAt" timestamptz NOT NULL)`);
    // 3 groups x 37 rows; rank takes 4 values (so each rank holds ~9 ties), names and times repeat too.
    await client.query(
      `INSERT INTO "item" ("group", "rank", "name", "createdAt")
       SELECT g, n % 4, chr(97 + n % 3), timestamptz '2026-01-01T00:00:00Z' + (n % 5) * interval '1 millisecond'
       FROM generate_series(1, 3) AS g, generate_series(1, 37) AS n`,
    );
  });

  afterAll(async () => {
    await client?.end();
    await dropDatabase(admin, dbName);
  });

  type Row = { id: string; rank: number; name: string; createdAt: Date };
  const positionOf = (row: Row, keys: readonly KeyColumn[]): KeyValue[] => keys.map((key) => row[key.column as keyof Row]);

  async function walk(keys: readonly KeyColumn[], size: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let after: KeyValue[] | null = null;
    for (let pages = 1; pages < 1_000; pages += 1) {
      const page = keysetPage({ keys, after, size, firstParam: 2 });
      const { rows } = await client.query<Row>(
        `SELECT "id", "rank", "name", "createdAt" FROM "item" WHERE "group" = $1 AND ${page.where} ORDER BY ${page.orderBy} ${page.limit}`,
        [2, ...page.params],
      );
      expect(rows.length).toBeLessThanOrEqual(page.take);
      const items = rows.slice(0, size);
      ids.push(...items.map((row) => row.id));
      if (rows.length <= size) return { ids, pages };
      after = positionOf(items.at(-1) as Row, keys);
    }
    throw new Error("the walk did not end");
  }

  async function everything(keys: readonly KeyColumn[]): Promise<string[]> {
    const { orderBy } = keysetPage({ keys, size: 1 });
    const { rows } = await client.query<{ id: string }>(`SELECT "id" FROM "item" WHERE "group" = $1 ORDER BY ${orderBy}`, [2]);
    return rows.map((row) => row.id);
  }

  const orders: [string, KeyColumn[]][] = [
    ["rank, id", [{ column: "rank" }, { column: "id" }]],
    ["rank DESC, id DESC", [{ column: "rank", direction: "DESC" }, { column: "id", direction: "DESC" }]],
    ["rank DESC, id", [{ column: "rank", direction: "DESC" }, { column: "id" }]],
    ["rank, name DESC, createdAt, id DESC", [{ column: "rank" }, { column: "name", direction: "DESC" }, { column: "createdAt" }, { column: "id", direction: "DESC" }]],
    ["createdAt DESC, rank DESC, id", [{ column: "createdAt", direction: "DESC" }, { column: "rank", direction: "DESC" }, { column: "id" }]],
  ];

  it.each(orders)("walks %s without gaps or repeats, at every page size", async (_name, keys) => {
    const expected = await everything(keys);
    expect(expected).toHaveLength(37);
    for (const size of [1, 2, 3, 5, 8, 9, 36, 37, 38, 100]) {
      const { ids, pages } = await walk(keys, size);
      expect(ids).toEqual(expected);
      expect(pages).toBe(Math.ceil(37 / size));
    }
  });

  it("answers an empty page after the last row, and only rows of the filtered group", async () => {
    const keys: KeyColumn[] = [{ column: "rank" }, { column: "id" }];
    const { rows: last } = await client.query<Row>(`SELECT "id", "rank" FROM "item" WHERE "group" = 2 ORDER BY "rank" DESC, "id" DESC LIMIT 1`);
    const page = keysetPage({ keys, after: [last[0]!.rank, last[0]!.id], size: 10, firstParam: 2 });
    const { rows } = await client.query(`SELECT "id" FROM "item" WHERE "group" = $1 AND ${page.where} ORDER BY ${page.orderBy} ${page.limit}`, [2, ...page.params]);
    expect(rows).toEqual([]);
  });

  it("binds a hostile position value as data", async () => {
    const page = keysetPage({ keys: [{ column: "name" }, { column: "id" }], after: [`a'); DROP TABLE "item"; --`, "00000000-0000-0000-0000-000000000000"], size: 200 });
    const { rows } = await client.query(`SELECT "id" FROM "item" WHERE ${page.where} ORDER BY ${page.orderBy} ${page.limit}`, page.params);
    expect(rows.length).toBeGreaterThan(0);
    expect((await client.query(`SELECT count(*)::int AS n FROM "item"`)).rows[0]).toEqual({ n: 111 });
  });
});
