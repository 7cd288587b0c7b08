import { randomBytes } from "node:crypto";
import type { Principal } from "@tracehub/auth";
import { OutboxStore, dropDatabase, ensureDatabase, withDatabase } from "@tracehub/db";
import type { DataSource } from "typeorm";
import { RECALL_CLOSED, RECALL_ISSUED, SCHEMA, createComplianceDataSource, migrateCompliance } from "../index";
import { createRecallLoaders } from "../modules/recall/recall.loader";
import { RecallService, recallReaderOf } from "../modules/recall/recall.service";
import { RecallStore } from "../modules/recall/recall.store";
import { RecallClass } from "../modules/recall/recall.type";

// The compliance service on a real PostgreSQL: a recall is prepared as a draft, issued with its outbox message in
// one transaction, closed, or cancelled; drafts are their organization's; recalls read back by id and by GTIN,
// and the connection pages by id.
const operator: Principal = { sub: "op", org: null, roles: ["operator"], anonymous: false };
const ORG = "6f1c1a2e-8b0e-4c39-9d55-2b1f0c7a9e10";
const OTHER = "7a2d2b3f-9c1f-4d4a-8e66-3c2a1d8b0f21";
const owner: Principal = { sub: "ann", org: ORG, roles: ["brand_owner"], anonymous: false, scope: { prefixes: ["9506000"], foreignPrefixes: [], grants: [] } };
/** Another brand owner, granted READ on the recalled GTIN. */
const rival: Principal = {
  sub: "bo",
  org: OTHER,
  roles: ["brand_owner"],
  anonymous: false,
  scope: { prefixes: ["4012345"], foreignPrefixes: [], grants: [{ grantor: ORG, prefixes: ["9506000"], foreignPrefixes: [], gtins: ["09506000134352"], permissions: ["READ"] }] },
};
const regulator: Principal = { sub: "reg", org: null, roles: ["regulator"], anonymous: false };
const draft = (extra: Record<string, unknown> = {}) => ({ gtin: "9506000134352", classification: RecallClass.CLASS_II, reason: " contaminated ", ...extra });

describe("recalls", () => {
  let admin: string;
  let dbName: string;
  let ds: DataSource;
  let store: RecallStore;
  let published: number;
  let recalls: RecallService;
  const outbox = () => new OutboxStore(ds, SCHEMA);
  const messages = async () => (await ds.query(`SELECT "topic", "aggregate_key" AS "key", "payload" FROM "compliance"."outbox" ORDER BY "seq"`)) as { topic: string; key: string; payload: unknown }[];

  beforeAll(async () => {
    admin = process.env.TRACEHUB_TEST_ADMIN_URL ?? (process.env.DATABASE_URL as string);
    dbName = `tracehub_compliance_${process.pid}_${randomBytes(3).toString("hex")}`;
    await ensureDatabase(admin, dbName);
    ds = createComplianceDataSource(withDatabase(admin, dbName));
    await ds.initialize();
    await migrateCompliance(ds);
    store = new RecallStore(ds.manager);
    recalls = new RecallService(store, () => published++);
  });
  beforeEach(async () => {
    published = 0;
    await ds.query(`TRUNCATE "compliance"."quarantine_note", "compliance"."quarantine", "compliance"."recall", "compliance"."outbox"`);
  });
  afterAll(async () => {
    await ds?.destroy();
    if (dbName) await dropDatabase(admin, dbName);
  });

  it("prepares a draft that sends nothing, issues it with its outbox message, and closes it", async () => {
    const created = await recalls.create(
      draft({ lots: ["L1", "L1", "L2"], serials: ["S1"], producedFrom: "2026-01-01", producedTo: "2026-01-31", expiresTo: "2028-01-01", instructions: " Return to the pharmacy. " }),
      owner,
    );
    expect(created).toMatchObject({
      gtin: "09506000134352",
      lots: ["L1", "L2"],
      serials: ["S1"],
      producedFrom: "2026-01-01",
      producedTo: "2026-01-31",
      expiresFrom: null,
      expiresTo: "2028-01-01",
      reason: "contaminated",
      instructions: "Return to the pharmacy.",
      status: "DRAFT",
      issuedAt: null,
      organizationId: ORG,
    });
    expect(await messages()).toEqual([]);

    const issued = await recalls.issue(created.id, owner);
    expect(issued).toMatchObject({ status: "ISSUED", issuedAt: expect.any(Date) });
    expect(published).toBe(1);
    expect(await messages()).toEqual([
      {
        topic: RECALL_ISSUED,
        key: `recall:${created.id}`,
        payload: {
          recallId: created.id,
          gtin: "09506000134352",
          lots: ["L1", "L2"],
          serials: ["S1"],
          producedFrom: "2026-01-01",
          producedTo: "2026-01-31",
          expiresFrom: null,
          expiresTo: "2028-01-01",
          classification: "CLASS_II",
          reason: "contaminated",
          instructions: "Return to the pharmacy.",
          issuedAt: issued.issuedAt?.toISOString(),
        },
      },
    ]);
    const closed = await recalls.close(created.id, owner);
    expect(closed).toMatchObject({ status: "CLOSED", closedAt: expect.any(Date), issuedAt: issued.issuedAt });
    expect((await messages()).map((m) => [m.topic, m.payload])).toEqual([
      [RECALL_ISSUED, expect.anything()],
      [RECALL_CLOSED, { recallId: created.id }],
    ]);
    expect(await outbox().counts()).toMatchObject({ pending: 2 });
  });

  it("moves a recall only along its lifecycle, only for its organization, and changes nothing when refused", async () => {
    const created = await recalls.create(draft(), owner);
    await expect(recalls.close(created.id, owner)).rejects.toMatchObject({ code: "CONFLICT", reason: "RECALL_WRONG_STATUS" });
    // Another organization does not see the draft: as unknown.
    await expect(recalls.issue(created.id, rival)).rejects.toMatchObject({ code: "NOT_FOUND", reason: "RECALL_NOT_FOUND" });
    await expect(recalls.issue("3e0b6a6e-0000-4000-8000-000000000000", owner)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(recalls.issue("nope", owner)).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    await recalls.issue(created.id, owner);
    // Issued, the recall is visible to whoever reads the GTIN, but only its organization may close it.
    await expect(recalls.close(created.id, rival)).rejects.toMatchObject({ code: "FORBIDDEN", reason: "NOT_RECALL_ISSUER" });
    await expect(recalls.issue(created.id, owner)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(recalls.cancel(created.id, owner)).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await messages()).length).toBe(1);

    const dropped = await recalls.cancel((await recalls.create(draft(), owner)).id, owner);
    expect(dropped).toMatchObject({ status: "CANCELLED", cancelledAt: expect.any(Date) });
    await expect(recalls.issue(dropped.id, owner)).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await messages()).length).toBe(1);
  });

  it("shows a draft to its organization and operators only, and issued recalls to readers of the GTIN", async () => {
    const drafted = await recalls.create(draft(), owner);
    const issued = await recalls.issue((await recalls.create(draft({ lots: ["L9"] }), owner)).id, owner);
    const seen = async (who: Principal) => (await createRecallLoaders(store, recallReaderOf(who)).recallById.loadMany([drafted.id, issued.id])).map((r) => (r ? (r as { id: string }).id : null));
    expect(await seen(owner)).toEqual([drafted.id, issued.id]);
    expect(await seen(operator)).toEqual([drafted.id, issued.id]);
    expect(await seen(regulator)).toEqual([null, issued.id]);
    expect(await seen(rival)).toEqual([null, issued.id]);
    const stranger: Principal = { ...rival, scope: { prefixes: ["4012345"], foreignPrefixes: [], grants: [] } };
    expect(await seen(stranger)).toEqual([null, null]);
    // A draft cancelled before issue stays its organization's.
    const cancelled = await recalls.cancel((await recalls.create(draft({ reason: "Cancelled reason" }), owner)).id, owner);
    expect(await seen(owner)).toEqual([drafted.id, issued.id]);
    expect((await createRecallLoaders(store, recallReaderOf(regulator)).recallById.load(cancelled.id))).toBeNull();
    expect((await createRecallLoaders(store, recallReaderOf(rival)).recallById.load(cancelled.id))).toBeNull();
    expect((await createRecallLoaders(store, recallReaderOf(owner)).recallById.load(cancelled.id))?.id).toBe(cancelled.id);
    expect((await recalls.list({ first: 10, status: "DRAFT" }, owner)).totalCount).toBe(1);
    expect((await recalls.list({ first: 10, status: "DRAFT" }, regulator)).totalCount).toBe(0);
    expect((await recalls.list({ first: 10 }, regulator)).totalCount).toBe(1);
    expect((await recalls.list({ first: 10 }, owner)).totalCount).toBe(3);
    // Unit.recalls reads only recalls in force.
    expect((await createRecallLoaders(store, recallReaderOf(operator)).recallsByGtin.load("09506000134352")).map((r) => r.id)).toEqual([issued.id]);
  });

  it("stores neither the recall change nor its message when the transaction fails", async () => {
    const created = await recalls.create(draft(), owner);
    await expect(
      store.transaction(async (tx) => {
        await tx.setStatus(created.id, "ISSUED");
        await tx.enqueue([{ topic: RECALL_ISSUED, key: `recall:${created.id}`, payload: {} }]);
        throw new Error("failed after the writes");
      }),
    ).rejects.toThrow("failed after the writes");
    expect((await recalls.list({ first: 10, status: "DRAFT" }, operator)).totalCount).toBe(1);
    expect(await outbox().counts()).toMatchObject({ pending: 0 });
  });

  it("pages recalls by id", async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await recalls.create(draft({ lots: [`L${i}`] }), operator));
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await recalls.list({ first: 2, after }, operator);
      expect(page.totalCount).toBe(5);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(made.map((r) => r.id).sort());
  });

  it("refuses a bad scope with a clear error, storing nothing", async () => {
    const recall = await recalls.create(draft({ lots: ["A-1/2", "!\"%&'()*+,-./:;<=>?_", "x".repeat(20)] }), operator);
    expect(recall.lots).toHaveLength(3);
    const cases: [Record<string, unknown>, string][] = [
      ...["", "x".repeat(21), "L 1", "L#1", "Lé"].map((bad): [Record<string, unknown>, string] => [{ lots: ["OK", bad] }, "lots"]),
      [{ serials: ["S 1"] }, "serials"],
      [{ serials: Array.from({ length: 10_001 }, (_, i) => `S${i}`) }, "serials"],
      [{ producedFrom: "2026-02-30" }, "producedFrom"],
      [{ producedFrom: "2026-02-02", producedTo: "2026-02-01" }, "producedFrom"],
      [{ expiresTo: "soon" }, "expiresTo"],
      [{ reason: "   " }, "reason"],
      [{ instructions: "x".repeat(4_001) }, "instructions"],
    ];
    for (const [extra, field] of cases) {
      await expect(recalls.create(draft(extra), operator)).rejects.toMatchObject({ code: "BAD_USER_INPUT", details: { field } });
    }
    // Not the caller's product.
    await expect(recalls.create(draft({ gtin: "04012345123456" }), owner)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await recalls.list({ first: 10 }, operator)).totalCount).toBe(1);
  });
});
