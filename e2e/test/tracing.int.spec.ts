import http from "node:http";
import type { AddressInfo } from "node:net";
import { type ReplicatedHub, startReplicatedHub, subscribe, until } from "@tracehub/testkit";

// Issue 16: OpenTelemetry traces. The hub's processes run as `npm start` runs them (separate node processes), with
// OTEL_EXPORTER_OTLP_ENDPOINT pointing at a collector played by this test: an OTLP/HTTP receiver that keeps every
// span it is sent (JSON encoding). One federated query must be one trace, from the gateway through each subgraph
// it touched down to PostgreSQL; an outbox delivery continues the trace of the request that wrote the message.
const GTIN = "09506000134352";

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  attributes: Record<string, unknown>;
}

/** An OTLP/HTTP trace receiver (`POST /v1/traces`, JSON). */
class Collector {
  readonly spans: ReceivedSpan[] = [];
  readonly contentTypes = new Set<string>();
  private server!: http.Server;
  url = "";

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (req.url !== "/v1/traces") {
          res.writeHead(404).end();
          return;
        }
        this.contentTypes.add(String(req.headers["content-type"]));
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        for (const rs of body.resourceSpans ?? []) {
          const service = (rs.resource?.attributes ?? []).find((a: any) => a.key === "service.name")?.value?.stringValue ?? "";
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              const attributes = Object.fromEntries((s.attributes ?? []).map((a: any) => [a.key, Object.values(a.value ?? {})[0]]));
              this.spans.push({ service, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId ?? "", name: s.name, attributes });
            }
          }
        }
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }
}

/** A W3C traceparent of our own, so the test knows the trace id the hub must continue. */
function traceparent(): { header: string; traceId: string; spanId: string } {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join("");
  const traceId = hex(32);
  const spanId = hex(16);
  return { header: `00-${traceId}-${spanId}-01`, traceId, spanId };
}

describe("OpenTelemetry traces across the federation, the database and the outbox", () => {
  let hub: ReplicatedHub;
  let brand: string;
  let unitIds: string[];
  const collector = new Collector();

  const post = async (query: string, variables: Record<string, unknown>, header: string) => {
    const res = await fetch(hub.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${brand}`, traceparent: header },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data;
  };

  beforeAll(async () => {
    await collector.start();
    hub = await startReplicatedHub({ replicas: 1, env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: "100" } });
    const org = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    await hub.seed.location(org, "9506000000015", "Dock");
    brand = await hub.token({ sub: "brand", org, roles: ["brand_owner", "fulfilment"] });
    await hub.seed.product(GTIN, "Tablets");
    unitIds = (await hub.seed.units({ gtin: GTIN, lot: "L1", count: 5 })).unitIds;
    await hub.seed.order({ reference: "T-1", customer: { name: "Customer" }, unitCodes: [unitIds[0]!] }, brand);
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await collector.stop();
  }, 60_000);

  it("makes one federated query one trace: the gateway, each subgraph it touched, and their SQL", async () => {
    const tp = traceparent();
    const data = await post(`{ units(first: 5) { edges { node { id product { name brandOwner { name } } order { reference } recalls { id } } } } }`, {}, tp.header);
    expect(data.units.edges).toHaveLength(5);
    const services = ["tracehub-gateway", "tracehub-units", "tracehub-suppliers", "tracehub-orders", "tracehub-compliance"];
    const spans = await until("the spans of every process", () => {
      const s = collector.trace(tp.traceId);
      return services.every((svc) => s.some((x) => x.service === svc && x.name === "POST /graphql")) && s;
    });
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    // The gateway's server span continues the caller's trace.
    const root = spans.find((s) => s.service === "tracehub-gateway" && s.name === "POST /graphql")!;
    expect(root.parentSpanId).toBe(tp.spanId);
    // Apollo's spans in the gateway: plan, and one fetch per subgraph call.
    expect(spans.filter((s) => s.service === "tracehub-gateway").map((s) => s.name)).toEqual(
      expect.arrayContaining(["gateway.request", "gateway.plan", "gateway.execute", "gateway.fetch"]),
    );
    const ancestors = (span: { parentSpanId: string }): string[] => {
      const chain: string[] = [];
      for (let p = byId.get(span.parentSpanId); p; p = byId.get(p.parentSpanId)) chain.push(`${p.service}:${p.name}`);
      return chain;
    };
    for (const svc of services.slice(1)) {
      const served = spans.filter((s) => s.service === svc && s.name === "POST /graphql");
      for (const s of served) {
        // Each subgraph request is a child of one of the gateway's fetches, which leads up to the gateway's request.
        expect(byId.get(s.parentSpanId)).toMatchObject({ service: "tracehub-gateway", name: "gateway.fetch" });
        expect(ancestors(s)).toContain("tracehub-gateway:POST /graphql");
      }
      // Each subgraph's SQL is in its own request's span, with the statement text.
      const sqlSpans = spans.filter((s) => s.service === svc && s.name === "pg.query");
      expect(sqlSpans.length).toBeGreaterThan(0);
      for (const q of sqlSpans) {
        expect(ancestors(q)).toContain(`${svc}:POST /graphql`);
        expect(q.attributes["db.system"]).toBe("postgresql");
        expect(String(q.attributes["db.statement"])).toMatch(/^\s*(SELECT|WITH|INSERT|UPDATE|BEGIN|COMMIT|SET|DELETE)/i);
      }
    }
    // Nothing personal or secret in any attribute: no token, no customer name, no query variables.
    const everything = JSON.stringify(collector.spans);
    expect(everything).not.toContain(brand);
    expect(everything).not.toContain("Customer");
  }, 60_000);

  it("continues a request's trace through the outbox to the service that applies the message", async () => {
    const tp = traceparent();
    const created = await post(
      `mutation($i: CreateRecallInput!) { createRecall(input: $i) { id } }`,
      { i: { gtin: GTIN, lots: ["L1"], reason: "Traced recall", classification: "CLASS_II" } },
      traceparent().header,
    );
    await post(`mutation($id: ID!) { issueRecall(id: $id) { id } }`, { id: created.createRecall.id }, tp.header);
    // Each process exports its spans in its own batches: wait for the delivery, its application in units and units' SQL.
    const spans = await until("the delivery in compliance and its application in units", () => {
      const s = collector.trace(tp.traceId);
      return (
        s.some((x) => x.service === "tracehub-units" && x.name === "POST /internal") &&
        s.some((x) => x.service === "tracehub-compliance" && x.name.startsWith("outbox.deliver")) &&
        s.some((x) => x.service === "tracehub-units" && x.name === "pg.query") &&
        s
      );
    });
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const delivery = spans.find((s) => s.service === "tracehub-compliance" && s.name.startsWith("outbox.deliver"))!;
    expect(delivery).toBeDefined();
    expect(delivery.attributes["messaging.destination.name"]).toBe("recall.issued");
    const applied = spans.find((s) => s.service === "tracehub-units" && s.name === "POST /internal")!;
    expect(byId.get(applied.parentSpanId)?.spanId).toBe(delivery.spanId);
    // The delivery hangs under the compliance request that issued the recall, which hangs under the gateway's.
    const issuing = byId.get(delivery.parentSpanId);
    expect(issuing).toMatchObject({ service: "tracehub-compliance" });
    // Units' SQL applying the message is in that trace too.
    expect(spans.some((s) => s.service === "tracehub-units" && s.name === "pg.query")).toBe(true);
  }, 60_000);

  it("continues a capture's trace into the delivery of its movement to live subscribers", async () => {
    const sub = subscribe<{ unitMovements: { eventId: string } }>(hub.wsUrl, `subscription { unitMovements { eventId units { id product { name } } } }`, {}, { token: brand });
    try {
      await until("the subscription", () => sub.socket()?.readyState === 1);
      await new Promise((r) => setTimeout(r, 300));
      const tp = traceparent();
      const scanned = await post(
        `mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`,
        { i: { codes: [unitIds[1]!], bizStep: "shipping", readPoint: "https://id.gs1.org/414/9506000000015" } },
        tp.header,
      );
      const [message] = await sub.take(1);
      expect(message?.unitMovements.eventId).toBe(scanned.recordMovement.eventId);
      // The gateway's delivery span and units' request span come in different processes' batches.
      const spans = await until("the delivery span and the units request it continues", () => {
        const s = collector.trace(tp.traceId);
        return s.some((x) => x.name === "subscription.deliver") && s.some((x) => x.service === "tracehub-units" && x.name === "POST /graphql") && s;
      });
      const byId = new Map(spans.map((s) => [s.spanId, s]));
      const delivery = spans.find((s) => s.name === "subscription.deliver")!;
      expect(delivery.service).toBe("tracehub-gateway");
      // Its parent is the units request that stored the movement, within the gateway request of the scan.
      expect(byId.get(delivery.parentSpanId)).toMatchObject({ service: "tracehub-units", name: "POST /graphql" });
      expect(Number(delivery.attributes["tracehub.subscribers"])).toBeGreaterThanOrEqual(1);
    } finally {
      await sub.dispose();
    }
  }, 60_000);

  it("exports by OTLP over HTTP, and is off when no endpoint is configured", async () => {
    expect([...collector.contentTypes]).toEqual(["application/json"]);
    const { startTracing, tracingConfigured } = await import("@tracehub/subgraph-kit/tracing");
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SDK_DISABLED: "true" })).toBe(false);
    expect(startTracing("test", {})).toBeNull();
  });
});
