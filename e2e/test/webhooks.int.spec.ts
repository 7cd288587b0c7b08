import http from "node:http";
import type { AddressInfo } from "node:net";
import { WEBHOOK_DELIVERY_HEADER, WEBHOOK_KIND_HEADER, WEBHOOK_SIGNATURE_HEADER, verifyWebhookSignature } from "@tracehub/auth";
import { type TestHub, startHub, until } from "@tracehub/testkit";

// Issue 13: signed webhooks. A receiver written as the docs tell one to be (verify the HMAC over the raw body,
// refuse old timestamps, remember delivery ids) gets every piece of news once, signed, in order, after an outage
// of its own; a replayed request is refused; another organization's webhook hears nothing of it.
const GTIN = "09506000134352";
const RIVAL_GTIN = "05412345000013";
const dl = (serial: string, gtin = GTIN) => `https://id.gs1.org/01/${gtin}/21/${serial}`;

interface Received {
  id: string;
  kind: string;
  body: any;
  raw: string;
  headers: http.IncomingHttpHeaders;
}

/** A webhook receiver: checks each request as docs/integration.md says, and can be made to fail. */
class Receiver {
  secret = "";
  readonly accepted: Received[] = [];
  readonly refused: { reason: string; id: string | undefined }[] = [];
  failNext = 0;
  private readonly seen = new Set<string>();
  private server!: http.Server;
  url = "";

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const id = req.headers[WEBHOOK_DELIVERY_HEADER] as string | undefined;
        if (this.failNext > 0) {
          this.failNext--;
          res.writeHead(503, { "retry-after": "1" }).end();
          return;
        }
        const check = verifyWebhookSignature(this.secret, req.headers[WEBHOOK_SIGNATURE_HEADER] as string | undefined, raw);
        if (!check.ok) {
          this.refused.push({ reason: check.reason, id });
          res.writeHead(400).end(check.reason);
          return;
        }
        if (!id || this.seen.has(id)) {
          this.refused.push({ reason: "REPLAYED", id });
          res.writeHead(409).end("seen");
          return;
        }
        this.seen.add(id);
        const body = JSON.parse(raw);
        expect(body.id).toBe(id);
        expect(req.headers[WEBHOOK_KIND_HEADER]).toBe(body.kind);
        this.accepted.push({ id, kind: body.kind, body, raw, headers: req.headers });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  of(kind: string): Received[] {
    return this.accepted.filter((r) => r.kind === kind);
  }
}


const REGISTER = `mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { secret webhook { id url kinds filter } } }`;
const DELIVERIES = `query($w: ID!, $s: WebhookDeliveryStatus) { webhookDeliveries(webhookId: $w, first: 500, status: $s) { totalCount edges { node { id kind status attempts lastStatus lastError replayOf payload } } } }`;

describe("signed webhooks", () => {
  let hub: TestHub;
  let brand: string;
  let rival: string;
  const receiver = new Receiver();
  const rivalReceiver = new Receiver();
  let webhookId: string;

  const data = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await hub.query<any>(query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const scan = (serial: string, bizStep = "shipping", gtin = GTIN, token = brand) =>
    data(`mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`, { i: { codes: [dl(serial, gtin)], bizStep, readPoint: "https://id.gs1.org/414/9506000000015" } }, token);

  beforeAll(async () => {
    hub = await startHub();
    const brandOrg = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const rivalOrg = await hub.seed.organization({ name: "Brand B", kind: "BRAND_OWNER", companyPrefixes: ["5412345"] });
    await hub.seed.location(brandOrg, "9506000000015", "Warehouse");
    brand = await hub.token({ sub: "brand", org: brandOrg, roles: ["brand_owner", "fulfilment"] });
    rival = await hub.token({ sub: "rival", org: rivalOrg, roles: ["brand_owner"] });
    await hub.seed.product(GTIN, "Tablets");
    await hub.seed.product(RIVAL_GTIN, "Rival tablets");
    await data(`mutation { commissionUnits(input: { gtin: "${GTIN}", lot: "L1", serials: ["S1", "S2", "S3", "S4"] }) { eventId } }`, {}, brand);
    await data(`mutation { commissionUnits(input: { gtin: "${RIVAL_GTIN}", lot: "R1", serials: ["R1"] }) { eventId } }`, {}, rival);
    await receiver.start();
    await rivalReceiver.start();
  });
  afterAll(async () => {
    await hub?.stop();
    await receiver.stop();
    await rivalReceiver.stop();
  });

  it("registers a URL for kinds of news and shows the signing secret once", async () => {
    const registered = (await data(REGISTER, { i: { url: receiver.url, kinds: ["UNIT_MOVEMENT", "ORDER_STATUS", "RECALL_NOTICE", "ALERT"] } }, brand)).registerWebhook;
    expect(registered.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(registered.webhook).toMatchObject({ url: receiver.url, kinds: ["UNIT_MOVEMENT", "ORDER_STATUS", "RECALL_NOTICE", "ALERT"], filter: null });
    receiver.secret = registered.secret;
    webhookId = registered.webhook.id;
    const listed = await hub.query<any>(`{ webhooks(first: 10) { totalCount edges { node { id url kinds } } } }`, {}, brand);
    expect(listed.data.webhooks.totalCount).toBe(1);
    expect(JSON.stringify(listed)).not.toContain(registered.secret);
    const rivalHook = (await data(REGISTER, { i: { url: rivalReceiver.url, kinds: ["UNIT_MOVEMENT", "ALERT", "RECALL_NOTICE", "ORDER_STATUS"] } }, rival)).registerWebhook;
    rivalReceiver.secret = rivalHook.secret;
  });

  it("refuses URLs and kinds it cannot deliver to, and changes nothing", async () => {
    for (const [url, kinds] of [
      ["ftp://example.com/x", ["ALERT"]],
      ["https://user:pw@example.com/x", ["ALERT"]],
      ["not a url", ["ALERT"]],
      [receiver.url, []],
    ] as const) {
      const res = await hub.query<any>(REGISTER, { i: { url, kinds } }, brand);
      expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
    const filtered = await hub.query<any>(REGISTER, { i: { url: receiver.url, kinds: ["ALERT"], filter: { gtin: GTIN } } }, brand);
    expect(filtered.errors?.[0]?.message).toMatch(/UNIT_MOVEMENT/);
    const anonymous = await hub.query<any>(REGISTER, { i: { url: receiver.url, kinds: ["ALERT"] } }, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await data(`{ webhooks(first: 10) { totalCount } }`, {}, brand)).webhooks.totalCount).toBe(1);
  });

  it("delivers each movement once, signed, in commit order, and nothing of it to another organization", async () => {
    for (const serial of ["S1", "S2", "S3"]) await scan(serial);
    const movements = await until("three movements", () => receiver.of("UNIT_MOVEMENT").length >= 3 && receiver.of("UNIT_MOVEMENT"));
    expect(movements.map((m) => m.body.data.unitIds)).toEqual([[dl("S1")], [dl("S2")], [dl("S3")]]);
    expect(movements.map((m) => m.body.data.bizStep)).toEqual(["shipping", "shipping", "shipping"]);
    expect(movements[0]?.body).toMatchObject({ webhookId, kind: "UNIT_MOVEMENT", createdAt: expect.any(String) });
    // The rival's own unit moves: it hears of that, and of nothing of brand A's.
    await scan("R1", "shipping", RIVAL_GTIN, rival);
    await until("the rival's movement", () => rivalReceiver.of("UNIT_MOVEMENT").length >= 1);
    expect(rivalReceiver.accepted.map((r) => r.raw).join("\n")).not.toContain(GTIN);
    expect(receiver.accepted.map((r) => r.raw).join("\n")).not.toContain(RIVAL_GTIN);
    expect(receiver.refused).toEqual([]);
  });

  it("gets every movement once after an outage of its own, and the deliveries show the failed attempts", async () => {
    const before = receiver.of("UNIT_MOVEMENT").length;
    receiver.failNext = 3;
    for (let i = 0; i < 6; i++) await scan(i % 2 ? "S1" : "S2", i % 2 ? "receiving" : "shipping");
    const all = await until("six more movements", () => receiver.of("UNIT_MOVEMENT").length >= before + 6 && receiver.of("UNIT_MOVEMENT"), 60_000);
    await new Promise((r) => setTimeout(r, 500)); // nothing more comes (no duplicate)
    expect(receiver.of("UNIT_MOVEMENT")).toHaveLength(before + 6);
    const after = all.slice(before).map((m) => m.body.data.bizStep);
    expect(after).toEqual(["shipping", "receiving", "shipping", "receiving", "shipping", "receiving"]);
    const ids = receiver.accepted.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const deliveries = (await data(DELIVERIES, { w: webhookId, s: "DELIVERED" }, brand)).webhookDeliveries.edges.map((e: any) => e.node);
    const retried = deliveries.filter((d: any) => d.attempts > 1);
    expect(retried.length).toBeGreaterThanOrEqual(1);
    expect(retried[0]).toMatchObject({ status: "DELIVERED", lastStatus: 204 });
  });

  it("refuses a replayed request, and replays a delivery on request as a new one naming it", async () => {
    const [first] = receiver.of("UNIT_MOVEMENT");
    if (!first) throw new Error("no delivery to replay");
    // Someone who captured a delivery sends it again: same id and signature.
    const replayed = await fetch(receiver.url, { method: "POST", headers: { "content-type": "application/json", [WEBHOOK_SIGNATURE_HEADER]: first.headers[WEBHOOK_SIGNATURE_HEADER] as string, [WEBHOOK_DELIVERY_HEADER]: first.id, [WEBHOOK_KIND_HEADER]: first.kind }, body: first.raw });
    expect(replayed.status).toBe(409);
    // A forged body with the captured signature.
    const forged = await fetch(receiver.url, { method: "POST", headers: { [WEBHOOK_SIGNATURE_HEADER]: first.headers[WEBHOOK_SIGNATURE_HEADER] as string, [WEBHOOK_DELIVERY_HEADER]: "another" }, body: first.raw.replace("shipping", "receiving") });
    expect(forged.status).toBe(400);
    expect(receiver.refused.map((r) => r.reason)).toEqual(["REPLAYED", "BAD_SIGNATURE"]);
    // The owner asks for it again: a new delivery, with the same news.
    const again = (await data(`mutation($id: ID!) { replayWebhookDelivery(id: $id) { id replayOf kind status } }`, { id: first.id }, brand)).replayWebhookDelivery;
    expect(again).toMatchObject({ replayOf: first.id, kind: "UNIT_MOVEMENT", status: "PENDING" });
    const delivered = await until("the replay", () => receiver.accepted.find((r) => r.id === again.id));
    expect(delivered.body).toMatchObject({ replayOf: first.id, data: first.body.data });
    // Not the rival's to see, list or replay.
    const foreign = await data(DELIVERIES, { w: webhookId, s: null }, rival);
    expect(foreign.webhookDeliveries).toEqual({ totalCount: 0, edges: [] });
    expect((await hub.query<any>(`mutation($id: ID!) { replayWebhookDelivery(id: $id) { id } }`, { id: first.id }, rival)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await data(`{ webhooks(first: 10) { edges { node { id } } } }`, {}, rival)).webhooks.edges.map((e: any) => e.node.id)).not.toContain(webhookId);
  });

  it("tells of alerts, order status changes and recall notices", async () => {
    // An unknown serial of brand A scanned: an alert on it.
    await scan("NEVER-COMMISSIONED");
    const alert = await until("an alert", () => receiver.of("ALERT").find((a) => a.body.data.unitId === dl("NEVER-COMMISSIONED")));
    expect(alert.body.data).toMatchObject({ kind: expect.any(String), message: expect.any(String) });
    // An order: allocated, then cancelled.
    const orderId = await hub.seed.order({ reference: "WEB-1", customer: { name: "Web Customer" }, unitCodes: [dl("S4")] }, brand);
    await data(`mutation($id: ID!) { cancelOrder(orderId: $id) { status } }`, { id: orderId }, brand);
    const statuses = await until("two order statuses", () => receiver.of("ORDER_STATUS").length >= 2 && receiver.of("ORDER_STATUS"));
    expect(statuses.map((s) => s.body.data)).toEqual([
      { orderId, reference: "WEB-1", status: "ALLOCATED", at: expect.any(String) },
      { orderId, reference: "WEB-1", status: "CANCELLED", at: expect.any(String) },
    ]);
    expect(JSON.stringify(statuses)).not.toContain("Web Customer");
    // A recall of the lot brand A holds.
    const recallId = await hub.seed.recall({ gtin: GTIN, lots: ["L1"], reason: "Webhook recall reason" });
    const notice = await until("a recall notice", () => receiver.of("RECALL_NOTICE")[0]);
    expect(notice.body.data).toMatchObject({ recallId, reason: "Webhook recall reason" });
    // The rival heard of none of it.
    const rivalNews = rivalReceiver.accepted.map((r) => r.raw).join("\n");
    for (const marker of ["NEVER-COMMISSIONED", orderId, "Webhook recall reason"]) expect(rivalNews).not.toContain(marker);
  });
});
