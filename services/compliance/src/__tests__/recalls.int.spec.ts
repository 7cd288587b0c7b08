import { randomBytes } from "node:crypto";
import type { Principal } from "@tracehub/auth";
import { OutboxStore, dropDatabase, ensureDatabase, withDatabase } from "@tracehub/db";
import type { DataSource } from "typeorm";
import { RECALL_ISSUED, SCHEMA, createComplianceDataSource, migrateCompliance } from "../index";
import { createRecallLoaders } from "../modules/recall/recall.loader";
import { RecallService } from "../modules/recall/recall.service";
import { RecallStore } from "../modules/recall/recall.store";

// The compliance service on a real PostgreSQL: a recall and its outbox message commit together, recalls are
// read back by id and by GTIN, and the connection pages by id.
const operator: Principal = { sub: "op", org: null, roles: ["operator"], anonymous: false };

describe("recalls", () => {
  let admin: string;
  let dbName: string;
  let ds: DataSource;
  let store: RecallStore;
  let issued: number;
  let recalls: RecallService;
  const outbox = () => new OutboxStore(ds, SCHEMA);

  beforeAll(async () => {
    admin = process.env.TRACEHUB_TEST_ADMIN_URL ?? (process.env.DATABASE_URL as string);
    dbName = `tracehub_compliance_${process.pid}_${randomBytes(3).toString("hex")}`;
    await ensureDatabase(admin, dbName);
    ds = createComplianceDataSource(withDatabase(admin, dbName));
    await ds.initialize();
    await migrateCompliance(ds);
    store = new RecallStore(ds.manager);
    recalls = new RecallService(store, () => issued++);
  });
  beforeEach(async () => {
    issued = 0;
    await ds.query(`TRUNCATE "compliance"."recall", "compliance"."outbox"`);
  });
  afterAll(async () => {
    await ds?.destroy();
    if (dbName) await dropDatabase(admin, dbName);
  });

  it("stores a recall with its outbox message, and reads it back by id and by GTIN", async () => {
    const recall = await recalls.issue({ gtin: "9506000134352", lots: ["L1", "L1", "L2"], reason: " contaminated " }, operator);
    expect(recall).toMatchObject({ gtin: "09506000134352", lots: ["L1", "L2"], reason: "contaminated", status: "OPEN" });
    expect(recall.issuedAt).toBeInstanceOf(Date);
    expect(issued).toBe(1);
    const [message] = (await ds.query(`SELECT "topic", "aggregate_key" AS "key", "payload" FROM "compliance"."outbox"`)) as { topic: string; key: string; payload: unknown }[];
    expect(message).toEqual({ topic: RECALL_ISSUED, key: `recall:${recall.id}`, payload: { recallId: recall.id, gtin: "09506000134352", lots: ["L1", "L2"] } });
    expect(await outbox().counts()).toMatchObject({ pending: 1 });

    const later = await recalls.issue({ gtin: "09506000134352", reason: "every lot" }, operator);
    const loaders = createRecallLoaders(store, { all: true });
    expect(await loaders.recallById.load(recall.id)).toEqual(recall);
    expect(await loaders.recallById.load("not-a-uuid")).toBeNull();
    expect(await loaders.recallsByGtin.load("09506000134352")).toEqual([recall, later]);
    expect(await loaders.recallsByGtin.load("04012345123456")).toEqual([]);
  });

  it("stores neither the recall nor its message when the transaction fails", async () => {
    await expect(
      store.transaction(async (tx) => {
        const recall = await tx.insert({ organizationId: null, gtin: "09506000134352", lots: [], reason: "r" });
        await tx.enqueue([{ topic: RECALL_ISSUED, key: `recall:${recall.id}`, payload: {} }]);
        throw new Error("failed after the writes");
      }),
    ).rejects.toThrow("failed after the writes");
    expect(await store.count({ all: true })).toBe(0);
    expect(await outbox().counts()).toMatchObject({ pending: 0 });
  });

  it("pages recalls by id", async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await recalls.issue({ gtin: "09506000134352", lots: [`L${i}`], reason: "r" }, operator));
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await recalls.list({ first: 2, after }, { all: true });
      expect(page.totalCount).toBe(5);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(made.map((r) => r.id).sort());
  });

  it("takes lots of GS1 character set 82 (1 to 20 characters) and refuses any other, storing nothing", async () => {
    const recall = await recalls.issue({ gtin: "09506000134352", lots: ["A-1/2", "!\"%&'()*+,-./:;<=>?_", "x".repeat(20)], reason: "r" }, operator);
    expect(recall.lots).toHaveLength(3);
    for (const bad of ["", "x".repeat(21), "L 1", "L#1", "Lé"]) {
      await expect(recalls.issue({ gtin: "09506000134352", lots: ["OK", bad], reason: "r" }, operator)).rejects.toMatchObject({
        code: "BAD_USER_INPUT",
        message: `'lots' holds ${JSON.stringify(bad)}: a lot is 1 to 20 characters of GS1 character set 82.`,
        details: { field: "lots" },
      });
    }
    expect(await store.count({ all: true })).toBe(1);
  });
});
