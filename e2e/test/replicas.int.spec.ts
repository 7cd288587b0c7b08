import http from "node:http";
import type { AddressInfo } from "node:net";
import { WEBHOOK_DELIVERY_HEADER, WEBHOOK_SIGNATURE_HEADER, verifyWebhookSignature } from "@tracehub/auth";
import { type LiveSubscription, type ReplicatedHub, startReplicatedHub, subscribe, until } from "@tracehub/testkit";
import { Client } from "pg";

// Issue 16: two replicas of every process (separate node processes, as `npm start` runs them) on one database,
// behind load balancers: one in front of the gateways, one in front of each subgraph's replicas, which the
// gateways and the subgraphs also use to reach each other. Work is shared by SKIP LOCKED claiming and advisory
// locks, not by "exactly one process": nothing may be lost or doubled, in the movement stream, the outbox relays,
// the recall marking or the webhook deliveries.
const GTIN = "09506000134352";
const DOCK = "https://id.gs1.org/414/9506000000015";
const MOVEMENTS = `subscription($after: String) { unitMovements(after: $after) { cursor eventId } }`;

interface Hit {
  id: string | undefined;
  kind: string;
  body: any;
}

/** A webhook receiver that keeps every request it gets, repeats included (the test counts them). */
class Receiver {
  secret = "";
  readonly hits: Hit[] = [];
  readonly badSignatures: number[] = [];
  private server!: http.Server;
  url = "";

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        if (!verifyWebhookSignature(this.secret, req.headers[WEBHOOK_SIGNATURE_HEADER] as string | undefined, raw).ok) {
          this.badSignatures.push(Date.now());
          res.writeHead(400).end();
          return;
        }
        const body = JSON.parse(raw);
        this.hits.push({ id: req.headers[WEBHOOK_DELIVERY_HEADER] as string | undefined, kind: body.kind, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  of(kind: string): Hit[] {
    return this.hits.filter((h) => h.kind === kind);
  }
}

/** The total of a counter family on one process's /metrics. */
async function requestsServed(url: string, token: string): Promise<number> {
  const res = await fetch(url.replace(/\/graphql$/, "/metrics"), { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const text = await res.text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("tracehub_graphql_requests_total{"))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

describe("two replicas of every process behind load balancers", () => {
  let hub: ReplicatedHub;
  let brand: string;
  let unitIds: string[];
  let sql: Client;
  const receiver = new Receiver();
  const open: LiveSubscription<unknown>[] = [];

  const data = async (query: string, variables: Record<string, unknown>, token = brand) => {
    const res = await hub.query<any>(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };

  beforeAll(async () => {
    hub = await startReplicatedHub({ replicas: 2 });
    const org = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    await hub.seed.location(org, "9506000000015", "Dock");
    brand = await hub.token({ sub: "brand", org, roles: ["brand_owner", "fulfilment"] });
    await hub.seed.product(GTIN, "Tablets");
    unitIds = (await data(`mutation { commissionUnits(input: { gtin: "${GTIN}", lot: "L1", count: 60, serialType: SEQUENTIAL }) { unitIds } }`, {})).commissionUnits.unitIds;
    await receiver.start();
    const hook = (
      await data(`mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { secret } }`, {
        i: { url: receiver.url, kinds: ["UNIT_MOVEMENT", "RECALL_NOTICE", "ORDER_STATUS"] },
      })
    ).registerWebhook;
    receiver.secret = hook.secret;
    sql = new Client({ connectionString: hub.databaseUrl });
    await sql.connect();
  }, 180_000);
  afterAll(async () => {
    await Promise.all(open.splice(0).map((s) => s.dispose()));
    await sql?.end();
    const ended = await hub?.stop();
    await receiver.stop();
    // Every process stopped cleanly on SIGTERM (drained, closed its subscribers), none was killed.
    for (const replica of ended ?? []) for (const how of Object.values(replica)) expect(how).toBe(0);
  }, 60_000);

  it("delivers every movement once, in commit order, to subscribers on either gateway, and each once to the webhook", async () => {
    const after = (await data(`{ movementCursor }`, {})).movementCursor as string;
    // Four subscribers: the balancer hands their connections to the two gateways in turn.
    const before = { ...hub.balancers.gateway.hits };
    const subs = Array.from({ length: 4 }, () => {
      const sub = subscribe<{ unitMovements: { eventId: string } }>(hub.wsUrl, MOVEMENTS, { after }, { token: brand });
      open.push(sub as LiveSubscription<unknown>);
      return sub;
    });
    await until("the subscriptions to open", () => subs.every((s) => s.socket()?.readyState === 1), 60_000);
    const upgrades = Object.entries(hub.balancers.gateway.hits).map(([k, n]) => n - (before[k] ?? 0));
    expect(upgrades.every((n) => n >= 2)).toBe(true);

    // 60 scans from 4 concurrent clients, through both gateways and both units replicas.
    const scan = (unit: string, i: number) =>
      data(`mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`, {
        i: { codes: [unit], bizStep: i % 2 ? "receiving" : "shipping", readPoint: DOCK, bizLocation: `urn:epc:id:sgln:9506000.00001.${i}` },
      });
    const eventIds: string[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async (client) => {
        for (let i = client; i < unitIds.length; i += 4) eventIds.push((await scan(unitIds[i]!, i)).recordMovement.eventId);
      }),
    );
    expect(new Set(eventIds).size).toBe(60);

    // The order every subscriber must see: the stream's commit order.
    const { rows } = await sql.query<{ event_id: string }>(
      `SELECT s."event_id"::text FROM "units"."movement_stream" s WHERE s."event_id"::text = ANY($1::text[]) ORDER BY s."position"`,
      [eventIds],
    );
    expect(rows).toHaveLength(60);
    const committed = rows.map((r) => r.event_id);
    for (const sub of subs) {
      const got = (await sub.take(60)).map((m) => m.unitMovements.eventId);
      expect(got).toEqual(committed);
    }
    const movements = await until("60 webhook movements", () => receiver.of("UNIT_MOVEMENT").length >= 60 && receiver.of("UNIT_MOVEMENT"), 60_000);
    // Nothing more comes: no replica delivers what another already did.
    await new Promise((r) => setTimeout(r, 2_000));
    for (const sub of subs) expect(sub.received).toHaveLength(60);
    expect(receiver.of("UNIT_MOVEMENT")).toHaveLength(60);
    expect(new Set(movements.map((m) => m.id)).size).toBe(60);
    expect(movements.map((m) => m.body.data.eventId).sort()).toEqual([...eventIds].sort());
    expect(receiver.badSignatures).toEqual([]);
  }, 120_000);

  it("relays each outbox message once: order statuses once each, a recall marked once and noticed once", async () => {
    const orderIds: string[] = [];
    for (let i = 0; i < 6; i++) {
      orderIds.push(await hub.seed.order({ reference: `R-${i}`, customer: { name: `Customer ${i}` }, unitCodes: [unitIds[2 * i + 1]!] }, brand)); // received last, so sellable
    }
    await Promise.all(orderIds.map((id) => data(`mutation($id: ID!) { cancelOrder(orderId: $id) { status } }`, { id })));

    const recallId = await hub.seed.recall({ gtin: GTIN, lots: ["L1"], reason: "Replica recall" });
    // Marked once: every unit of the lot, counted once, whichever units replica's worker took each batch.
    const marked = await until(
      "every unit marked",
      async () => {
        const recall = (await data(`query($id: ID!) { recall(id: $id) { allMarked affectedCount } }`, { id: recallId })).recall;
        return recall.allMarked && recall.affectedCount === 60 && recall;
      },
      60_000,
    );
    expect(marked).toEqual({ allMarked: true, affectedCount: 60 });
    // Units has each message of compliance's and orders' outboxes once in its inbox (its key refuses a second),
    // and both outboxes are drained: nothing lost on the way.
    const relayed = async (schema: string) =>
      (
        await sql.query<{ sent: number; received: number; pending: number }>(
          `SELECT count(*)::int AS "sent", count(i."message_id")::int AS "received", count(*) FILTER (WHERE o."delivered_at" IS NULL)::int AS "pending"
             FROM "${schema}"."outbox" o LEFT JOIN "units"."inbox" i ON i."message_id" = o."id"`,
        )
      ).rows[0]!;
    for (const schema of ["compliance", "orders"]) {
      const counts = await until(
        `${schema}'s outbox relayed`,
        async () => {
          const c = await relayed(schema);
          return c.pending === 0 && c;
        },
        60_000,
      );
      expect(counts.sent).toBeGreaterThan(0);
      expect(counts.received).toBe(counts.sent);
    }
    await until("the recall notice", () => receiver.of("RECALL_NOTICE").length >= 1, 60_000);
    await until("12 order statuses", () => receiver.of("ORDER_STATUS").length >= 12, 60_000);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(receiver.of("RECALL_NOTICE")).toHaveLength(1);
    expect(receiver.of("RECALL_NOTICE")[0]?.body.data).toMatchObject({ recallId, reason: "Replica recall" });
    const statuses = receiver.of("ORDER_STATUS").map((h) => `${h.body.data.orderId}:${h.body.data.status}`);
    expect(statuses).toHaveLength(12);
    expect(new Set(statuses)).toEqual(new Set(orderIds.flatMap((id) => [`${id}:ALLOCATED`, `${id}:CANCELLED`])));
  }, 120_000);

  it("spreads requests over both replicas of every process", async () => {
    // Every call above went through the balancers in turn: every process served GraphQL requests.
    const served: Record<string, number> = {};
    for (const [i, replica] of hub.replicas.entries()) {
      served[`gateway-${i}`] = await requestsServed(replica.gatewayUrl, hub.metricsToken);
      for (const [name, url] of Object.entries(replica.subgraphUrls)) served[`${name}-${i}`] = await requestsServed(url, hub.metricsToken);
    }
    expect(Object.entries(served).filter(([, n]) => n === 0)).toEqual([]);
    for (const balancer of Object.values(hub.balancers)) {
      expect(Object.values(balancer.hits).every((n) => n > 0)).toBe(true);
    }
  });
});
