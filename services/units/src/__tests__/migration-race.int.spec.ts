import { randomBytes } from "node:crypto";
import { dropDatabase, ensureDatabase, withDatabase } from "@tracehub/db";
import { createUnitsDataSource, migrateUnits } from "../index";

// Issue 16: replicas of a service start together against one fresh database. Each migrates at start; they take
// turns on an advisory lock, so one applies every migration and the others find nothing to do.
describe("replicas migrating one fresh database at once", () => {
  const admin = process.env.TRACEHUB_TEST_ADMIN_URL ?? (process.env.DATABASE_URL as string);
  const dbName = `tracehub_units_race_${process.pid}_${randomBytes(3).toString("hex")}`;

  beforeAll(() => ensureDatabase(admin, dbName));
  afterAll(() => dropDatabase(admin, dbName));

  it("applies each migration once, and every replica starts", async () => {
    const url = withDatabase(admin, dbName);
    const replicas = [createUnitsDataSource(url), createUnitsDataSource(url), createUnitsDataSource(url)];
    try {
      const outcomes = await Promise.allSettled(replicas.map((ds) => migrateUnits(ds)));
      expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
      const ran = outcomes.map((o) => (o.status === "fulfilled" ? o.value : []));
      const all = replicas[0]!.migrations.map((m) => m.name);
      // One replica ran them all; the others ran none.
      expect(ran.map((names) => names.length).sort((a, b) => a - b)).toEqual([0, 0, all.length]);
      const rows = (await replicas[0]!.query(`SELECT "name", count(*)::int AS "n" FROM "units"."migrations" GROUP BY "name"`)) as { name: string; n: number }[];
      expect(rows).toHaveLength(all.length);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      // The lock is released: a later start migrates (nothing) without waiting.
      expect(await migrateUnits(replicas[1]!)).toEqual([]);
    } finally {
      await Promise.all(replicas.map((ds) => (ds.isInitialized ? ds.destroy() : undefined)));
    }
  });
});
