import { type TestHub, startHub } from "@tracehub/testkit";

// Issue 16 (observability, a first part): every process answers /ready (its database, or for the gateway every
// subgraph, reachable) and /metrics in the Prometheus text format: the process's own figures, GraphQL requests per
// operation with their outcome and duration, the connection pool, and the gateway's live subscribers. Operation
// names are caller-chosen, so their labels are bounded.
describe("readiness and metrics on every process", () => {
  let hub: TestHub;
  let operator: string;
  const root = (url: string) => url.replace(/\/graphql$/, "");
  /** The samples of a Prometheus text page: metric name, labels and value. */
  const scrape = async (url: string) =>
    [...(await (await fetch(`${root(url)}/metrics`)).text()).matchAll(/^([a-z_:][a-z0-9_:]*)(?:\{([^}]*)\})? (\S+)$/gm)].map((m) => ({
      name: m[1] as string,
      labels: Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]])),
      value: Number(m[3]),
    }));
  type Sample = Awaited<ReturnType<typeof scrape>>[number];
  const valueOf = (samples: Sample[], name: string, labels: Record<string, string>) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

  beforeAll(async () => {
    hub = await startHub();
    operator = await hub.token({ roles: ["operator"] });
  });
  afterAll(() => hub?.stop());

  it("answers /ready on the gateway and on each subgraph", async () => {
    for (const url of [hub.url, ...Object.values(hub.subgraphUrls)]) {
      const res = await fetch(`${root(url)}/ready`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ready: true });
    }
  });

  it("counts and times GraphQL requests per operation and outcome, on the gateway and in the subgraph that served them", async () => {
    for (let i = 0; i < 3; i++) await hub.query(`query ProductLookup { product(gtin: "09506000134352") { gtin } }`, {}, operator);
    await hub.query(`query BrokenLookup { product(gtin: "123") { gtin } }`, {}, operator);
    const gateway = await scrape(hub.url);
    expect(valueOf(gateway, "tracehub_graphql_requests_total", { service: "gateway", operation: "ProductLookup", type: "query", outcome: "ok" })).toBe(3);
    expect(valueOf(gateway, "tracehub_graphql_requests_total", { service: "gateway", operation: "BrokenLookup", type: "query", outcome: "error" })).toBe(1);
    expect(valueOf(gateway, "tracehub_graphql_request_duration_seconds_count", { service: "gateway", operation: "ProductLookup", type: "query" })).toBe(3);
    expect(valueOf(gateway, "tracehub_subscribers", { service: "gateway" })).toBe(0);
    expect(valueOf(gateway, "tracehub_process_resident_memory_bytes", { service: "gateway" })).toBeGreaterThan(0);
    const units = await scrape(hub.subgraphUrls.units);
    const served = units.filter((s) => s.name === "tracehub_graphql_requests_total" && s.labels.operation?.startsWith("ProductLookup"));
    expect(served.reduce((n, s) => n + s.value, 0)).toBe(3);
    expect(valueOf(units, "tracehub_db_pool_connections", { service: "units" })).toBeGreaterThan(0);
    expect(valueOf(units, "tracehub_db_pool_waiting_requests", { service: "units" })).toBe(0);
  });

  it("labels at most 200 operation names, counting the rest as other", async () => {
    const names = Array.from({ length: 230 }, (_, i) => `Flood${i}`);
    for (const name of names) await hub.query(`query ${name} { product(gtin: "09506000134352") { gtin } }`, {}, operator);
    const gateway = await scrape(hub.url);
    const labelled = new Set(gateway.filter((s) => s.name === "tracehub_graphql_requests_total").map((s) => s.labels.operation));
    expect(labelled.size).toBe(201);
    expect(valueOf(gateway, "tracehub_graphql_requests_total", { operation: "other", outcome: "ok" })).toBeGreaterThan(0);
  });

  it("counts captured events, and shows the movement stream's lag and each outbox's backlog and age", async () => {
    const gtin = "09506000134352";
    const org = await hub.seed.organization({ name: "Metrics Brand", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    const brand = await hub.token({ sub: "m", org, roles: ["brand_owner", "compliance"] });
    await hub.seed.product(gtin, "Metered");
    const before = valueOf(await scrape(hub.subgraphUrls.units), "tracehub_capture_events_total", { service: "units" }) ?? 0;
    const { unitIds } = await hub.seed.units({ gtin, lot: "M1", count: 3 });
    for (const code of unitIds) {
      const res = await hub.query(`mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`, { i: { codes: [code], bizStep: "inspecting" } }, brand);
      expect(res.errors).toBeUndefined();
    }
    const units = await scrape(hub.subgraphUrls.units);
    // One commissioning event and three scans.
    expect(valueOf(units, "tracehub_capture_events_total", { service: "units" })).toBe(before + 4);
    const lag = valueOf(units, "tracehub_movement_stream_lag_positions", { service: "units" });
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(5);
    // An issued recall writes an outbox message; once it is delivered the backlog is empty again.
    const draft = await hub.query<any>(`mutation { createRecall(input: { gtin: "${gtin}", lots: ["M1"], classification: CLASS_II, reason: "Metrics" }) { id } }`, {}, brand);
    await hub.query(`mutation($id: ID!) { issueRecall(id: $id) { id } }`, { id: draft.data.createRecall.id }, brand);
    for (const service of ["compliance", "orders"] as const) {
      const samples = await scrape(hub.subgraphUrls[service]);
      for (const name of ["tracehub_outbox_pending_messages", "tracehub_outbox_dead_messages", "tracehub_outbox_oldest_pending_seconds"]) {
        expect(valueOf(samples, name, { service })).toBeGreaterThanOrEqual(0);
      }
    }
    let pending: number | undefined = 1;
    for (const until = Date.now() + 10_000; pending !== 0 && Date.now() < until; await new Promise((r) => setTimeout(r, 1_100))) {
      pending = valueOf(await scrape(hub.subgraphUrls.compliance), "tracehub_outbox_pending_messages", { service: "compliance" });
    }
    expect(pending).toBe(0);
    expect(valueOf(await scrape(hub.subgraphUrls.compliance), "tracehub_outbox_oldest_pending_seconds", { service: "compliance" })).toBe(0);
  });
});
