import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { PRINCIPAL_HEADER, internalBinding, verifyPrincipal } from "@tracehub/auth";
import { OutboxStore, acceptInboxMessage, addOutboxTraceParent, createOutboxTables, createServiceDataSource, dropDatabase, enqueueOutbox, ensureDatabase, withDatabase } from "@tracehub/db";
import { type OutboxSource, OutboxRelay, type RelayedMessage, exactlyOnceHandler } from "@tracehub/subgraph-kit";
import type { DataSource, EntityManager } from "typeorm";

// The transactional outbox's guarantees, on a real PostgreSQL and a real HTTP consumer: nothing lost when the
// relay dies between commit and delivery or between delivery and mark (its claim transaction rolls back, as a
// killed process's does), nothing applied twice, per-key order, dead messages parked without blocking other keys.
const KEY = "relay-test-principal-key-000000";
const TOPIC = "thing.happened";

describe("transactional outbox and relay", () => {
  let admin: string;
  let dbName: string;
  let ds: DataSource;
  let server: http.Server;
  let consumerUrl: string;
  /** What the consumer applied, in order: [key, n]. */
  let applied: [string, number][];
  /** Decides how the consumer answers the next delivery: "ok", "crash" (fail mid-transaction) or "refuse" (400). */
  let behaviour: (message: RelayedMessage) => "ok" | "crash" | "refuse";
  const store = () => new OutboxStore(ds, "src");
  const relay = (source: OutboxSource = store()) =>
    new OutboxRelay({ name: "test", source, destinations: { [TOPIC]: consumerUrl }, principalKey: KEY, backoffMs: () => 0, maxAttempts: 3, pollMs: 50 });
  const enqueue = (items: [string, number][]) =>
    ds.transaction((em) => enqueueOutbox(em, "src", items.map(([key, n]) => ({ topic: TOPIC, key, payload: { n } }))));
  const effects = async () => ((await ds.query(`SELECT count(*)::int AS n FROM "dst"."effect"`)) as { n: number }[])[0]?.n;

  beforeAll(async () => {
    admin = process.env.TRACEHUB_TEST_ADMIN_URL ?? (process.env.DATABASE_URL as string);
    dbName = `tracehub_outbox_${process.pid}_${randomBytes(3).toString("hex")}`;
    await ensureDatabase(admin, dbName);
    ds = createServiceDataSource({ url: withDatabase(admin, dbName), schema: "src", entities: [], migrations: [] });
    await ds.initialize();
    await ds.query(`CREATE SCHEMA "src"; CREATE SCHEMA "dst"`);
    await createOutboxTables(ds, "src");
    await createOutboxTables(ds, "dst");
    await addOutboxTraceParent(ds, "src");
    await addOutboxTraceParent(ds, "dst");
    await ds.query(`CREATE TABLE "dst"."effect" ("key" text, "n" int)`);
    const handler = exactlyOnceHandler<EntityManager>({
      transaction: (work) => ds.transaction(work),
      accept: (em, id, topic) => acceptInboxMessage(em, "dst", id, topic),
      apply: async (em, message) => {
        const n = (message.payload as { n: number }).n;
        await em.query(`INSERT INTO "dst"."effect" VALUES ($1, $2)`, [message.key, n]);
        if (behaviour(message) === "crash") throw new Error("consumer died mid-transaction");
        applied.push([message.key, n]);
      },
    });
    server = http.createServer((req, res) => {
      let text = "";
      req.on("data", (c) => (text += c));
      req.on("end", async () => {
        const body = JSON.parse(text) as RelayedMessage;
        try {
          verifyPrincipal(req.headers[PRINCIPAL_HEADER] as string, KEY, internalBinding(TOPIC, body));
          if (behaviour(body) === "refuse") {
            res.writeHead(400).end(JSON.stringify({ error: { code: "BAD_USER_INPUT" } }));
            return;
          }
          const result = await handler(body, null as never, { status: () => undefined });
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
        } catch (error) {
          res.writeHead(500).end(String(error));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    consumerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(async () => {
    applied = [];
    behaviour = () => "ok";
    await ds.query(`TRUNCATE "src"."outbox", "dst"."inbox", "dst"."effect"`);
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await ds?.destroy();
    if (dbName) await dropDatabase(admin, dbName);
  });

  it("delivers messages committed while no relay ran, once each, in order per key", async () => {
    await enqueue([["a", 1], ["b", 1], ["a", 2], ["a", 3], ["b", 2]]);
    expect(applied).toEqual([]);
    expect(await relay().drain()).toBe(5);
    expect(applied.filter(([k]) => k === "a").map(([, n]) => n)).toEqual([1, 2, 3]);
    expect(applied.filter(([k]) => k === "b").map(([, n]) => n)).toEqual([1, 2]);
    expect(await store().counts()).toMatchObject({ pending: 0, delivered: 5, dead: 0 });
  });

  it("stores nothing when the writer's transaction rolls back", async () => {
    await expect(
      ds.transaction(async (em) => {
        await enqueueOutbox(em, "src", [{ topic: TOPIC, key: "x", payload: { n: 1 } }]);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await store().counts()).toMatchObject({ pending: 0, delivered: 0 });
  });

  it("applies a message once when the relay dies after delivering it and before marking it", async () => {
    await enqueue([["k", 1]]);
    const real = store();
    let crashes = 1;
    const crashing: OutboxSource = {
      hasDeliverable: () => real.hasDeliverable(),
      withDeliverable: (limit, deliver) =>
        real.withDeliverable(limit, (messages, tx) =>
          deliver(messages, {
            ...tx,
            delivered: async (id) => {
              if (crashes-- > 0) throw new Error("relay killed before the mark committed");
              await tx.delivered(id);
            },
          }),
        ),
    };
    await expect(relay(crashing).drain()).rejects.toThrow("relay killed");
    expect(applied).toEqual([["k", 1]]);
    expect(await store().counts()).toMatchObject({ pending: 1, delivered: 0 });
    expect(await relay().drain()).toBe(1);
    expect(applied).toEqual([["k", 1]]);
    expect(await effects()).toBe(1);
    expect(await store().counts()).toMatchObject({ pending: 0, delivered: 1 });
  });

  it("retries after the consumer dies mid-transaction, applying nothing twice and keeping the key's order", async () => {
    await enqueue([["k", 1], ["k", 2], ["other", 1]]);
    let failures = 1;
    behaviour = (m) => (m.key === "k" && (m.payload as { n: number }).n === 1 && failures-- > 0 ? "crash" : "ok");
    const r = relay();
    await r.drain();
    expect(applied.filter(([k]) => k === "k").map(([, n]) => n)).toEqual([1, 2]);
    expect(applied.filter(([k]) => k === "other")).toEqual([["other", 1]]);
    expect(await effects()).toBe(3);
  });

  it("parks a message the consumer refuses as dead, holds back only its key, and lets an operator retry it", async () => {
    await enqueue([["bad", 1], ["bad", 2], ["good", 1]]);
    behaviour = (m) => (m.key === "bad" ? "refuse" : "ok");
    await relay().drain();
    expect(applied).toEqual([["good", 1]]);
    const dead = await store().list("DEAD", null, 10);
    expect(dead.map((m) => [m.key, (m.payload as { n: number }).n])).toEqual([["bad", 1]]);
    expect(dead[0]?.lastError).toMatch(/refused/);
    expect(await store().counts()).toMatchObject({ pending: 1, delivered: 1, dead: 1 });
    behaviour = () => "ok";
    expect(await store().retry(dead[0]?.id as string)).toBe(true);
    await relay().drain();
    expect(applied.filter(([k]) => k === "bad").map(([, n]) => n)).toEqual([1, 2]);
    expect(await store().counts()).toMatchObject({ pending: 0, delivered: 3, dead: 0 });
  });

  it("parks a message after maxAttempts failed deliveries", async () => {
    await enqueue([["k", 1]]);
    behaviour = () => "crash";
    const r = relay();
    for (let i = 0; i < 3; i++) await r.drain();
    expect(await store().counts()).toMatchObject({ pending: 0, dead: 1 });
    expect((await store().list("DEAD", null, 1))[0]?.attempts).toBe(3);
    expect(await effects()).toBe(0);
  });

  it("never delivers a message twice when two relays (replicas) run at once", async () => {
    await enqueue(Array.from({ length: 40 }, (_, i) => [`k${i % 8}`, i] as [string, number]));
    const [x, y] = [relay(), relay()];
    await Promise.all([x.drain(), y.drain(), x.drain(), y.drain()]);
    await relay().drain();
    expect(applied).toHaveLength(40);
    expect(await effects()).toBe(40);
    for (let k = 0; k < 8; k++) {
      const ns = applied.filter(([key]) => key === `k${k}`).map(([, n]) => n);
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
    }
  });

  it("runs on its own once started, and picks up work it is kicked for", async () => {
    const r = relay();
    r.start();
    try {
      const delivered = new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (applied.length === 2) {
            clearInterval(check);
            resolve();
          }
        }, 10);
      });
      await enqueue([["s", 1], ["s", 2]]);
      r.kick();
      await delivered;
      expect(applied).toEqual([["s", 1], ["s", 2]]);
    } finally {
      await r.stop();
    }
  });
});
