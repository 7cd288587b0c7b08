import { type TestHub, startHub } from "@tracehub/testkit";
import { Client } from "pg";

// Issue 16, scale: `events` with each of the common EPCIS query filters is served by an index on the filtered
// column, not by reading the event table. Each query runs through the gateway; the statements units ran for it are
// then EXPLAINed with their own parameters. Sequential scans are disabled for the EXPLAIN, so the planner picks an
// index whenever one can serve the condition: a filter that still shows up only as a row `Filter` (or a `Seq Scan`
// on the event table) has no index, and fails here. On a small table the planner would rightly prefer a sequential
// scan; on a large one it needs the index to exist, which is what this checks.
const GTIN = "09506000134352";
const DOCK = "https://id.gs1.org/414/9506000000015";
const STORE = "https://id.gs1.org/414/9506000000022";

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  "Recheck Cond"?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

describe("events filters use indexes", () => {
  let hub: TestHub;
  let operator: string;
  let sql: Client;
  let unitIds: string[];

  beforeAll(async () => {
    hub = await startHub();
    operator = await hub.token();
    const org = await hub.seed.organization({ name: "Brand A", kind: "BRAND_OWNER", companyPrefixes: ["9506000"] });
    await hub.seed.location(org, "9506000000015", "Dock");
    await hub.seed.location(org, "9506000000022", "Store");
    await hub.seed.product(GTIN, "Tablets");
    unitIds = (await hub.seed.units({ gtin: GTIN, lot: "L1", count: 4 })).unitIds;
    for (const [i, unit] of unitIds.entries()) {
      const res = await hub.query(
        `mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`,
        {
          i: {
            codes: [unit],
            bizStep: i % 2 ? "receiving" : "shipping",
            disposition: i % 2 ? "in_progress" : "in_transit",
            readPoint: i % 2 ? STORE : DOCK,
            bizLocation: i % 2 ? STORE : DOCK,
            bizTransactions: [{ type: "po", id: `urn:epcglobal:cbv:bt:9506000000015:PO-${i}` }],
          },
        },
        operator,
      );
      expect(res.errors).toBeUndefined();
    }
    sql = new Client({ connectionString: hub.databaseUrl });
    await sql.connect();
    await sql.query(`ANALYZE`);
  });
  afterAll(async () => {
    await sql?.end();
    await hub?.stop();
  });

  /** Runs `events(filter)` through the gateway and EXPLAINs every statement units ran on the event table for it. */
  async function plansOf(filter: Record<string, unknown>): Promise<PlanNode[]> {
    hub.sql.units.reset();
    const res = await hub.query<{ events: { totalCount: number } }>(
      `query($f: EventFilter) { events(first: 20, filter: $f) { totalCount edges { node { eventId } } } }`,
      { f: filter },
      operator,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.events.totalCount).toBeGreaterThan(0);
    const ran = hub.sql.units.statements
      .map((text, i) => ({ text, params: hub.sql.units.parameters[i] ?? [] }))
      .filter((s) => /^\s*(WITH|SELECT)/i.test(s.text) && /"units"\."event"(?!_)/.test(s.text));
    expect(ran.length).toBeGreaterThan(0);
    const plans: PlanNode[] = [];
    await sql.query("BEGIN");
    try {
      await sql.query("SET LOCAL enable_seqscan = off");
      for (const s of ran) {
        const { rows } = await sql.query<{ "QUERY PLAN": { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${s.text}`, s.params);
        plans.push(...nodesOf(rows[0]!["QUERY PLAN"][0]!.Plan));
      }
    } finally {
      await sql.query("ROLLBACK");
    }
    return plans;
  }

  const cases: [string, () => Record<string, unknown>, RegExp][] = [
    ["bizSteps", () => ({ bizSteps: ["shipping"] }), /biz_step/],
    ["dispositions", () => ({ dispositions: ["in_transit"] }), /disposition/],
    ["readPoints", () => ({ readPoints: [DOCK] }), /read_point/],
    ["bizLocations", () => ({ bizLocations: [STORE] }), /biz_location/],
    ["from / to (event time)", () => ({ from: "2020-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z" }), /event_time/],
    ["recordedFrom / recordedTo (record time)", () => ({ recordedFrom: "2020-01-01T00:00:00Z", recordedTo: "2100-01-01T00:00:00Z" }), /record_time/],
    ["code (one unit's events)", () => ({ code: unitIds[0] }), /unit_id/],
    ["eventIds", () => ({}), /event_id/],
    ["gtin (a product's events)", () => ({ gtin: GTIN }), /unit_id|gtin/],
    ["bizTransaction", () => ({ bizTransaction: "urn:epcglobal:cbv:bt:9506000000015:PO-1" }), /biz_transaction/],
  ];

  it.each(cases)("%s: an index condition on the column, no sequential scan of the event table", async (name, filterOf, column) => {
    let filter = filterOf();
    if (name === "eventIds") {
      const some = await hub.query<{ events: { edges: { node: { eventId: string } }[] } }>(`{ events(first: 1) { edges { node { eventId } } } }`, {}, operator);
      filter = { eventIds: [some.data!.events.edges[0]!.node.eventId] };
    }
    const nodes = await plansOf(filter);
    expect(nodes.filter((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === "event")).toEqual([]);
    const indexed = nodes.filter((n) => column.test(`${n["Index Cond"] ?? ""} ${n["Recheck Cond"] ?? ""}`));
    expect(indexed.map((n) => n["Index Name"] ?? n["Node Type"])).not.toEqual([]);
  });
});
