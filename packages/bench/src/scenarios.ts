import { requestBinding, signAccessToken, signPrincipal } from "@tracehub/auth";
import { normalizeEpcisDocument } from "@tracehub/epcis";
import { DEV_PRINCIPAL_KEY } from "@tracehub/subgraph-kit";
import { type BenchHub, gql, msSince, multiRowInsert, percentile } from "./harness";

const CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
const GTIN = "09506000134352";
const READ_POINT = "https://id.gs1.org/414/9506000000008";

function document(events: Record<string, unknown>[]) {
  return { "@context": [CONTEXT], type: "EPCISDocument", schemaVersion: "2.0", creationDate: new Date().toISOString(), epcisBody: { eventList: events } };
}

let clock = Date.UTC(2026, 0, 1);
/** Strictly increasing event times, one second apart, all in the past. */
function nextTime(): string {
  clock += 1000;
  return new Date(clock).toISOString();
}

async function commission(hub: BenchHub, count: number): Promise<string[]> {
  await gql(hub.gatewayUrl, `mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Bench" }) { gtin } }`, {}, hub.token);
  const data = await gql<{ commissionUnits: { unitIds: string[] } }>(
    hub.gatewayUrl,
    `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds } }`,
    { i: { gtin: GTIN, count, serialType: "SEQUENTIAL", eventTime: "2025-12-31T00:00:00Z" } },
    hub.token,
  );
  return data.commissionUnits.unitIds;
}

const CAPTURE = `mutation($d: JSON!) { captureEvents(document: $d) { stored duplicates rejected { eventIndex message } } }`;

/** Result lines of one scenario. */
export type Result = Record<string, string | number>;

/**
 * Capture throughput through the gateway with 1,000-event documents of ObjectEvents on commissioned units
 * (state moves, index rows, no alerts), against inserting the same stored rows with plain multi-row INSERTs.
 */
export async function captureThroughput(hub: BenchHub, documents = 10, perDocument = 1000, concurrency = 1): Promise<Result> {
  const units = await commission(hub, (documents + 1) * perDocument);
  const docs = Array.from({ length: documents + 1 }, (_, d) =>
    document(
      Array.from({ length: perDocument }, (_, i) => ({
        type: "ObjectEvent",
        eventTime: nextTime(),
        eventTimeZoneOffset: "+01:00",
        epcList: [units[d * perDocument + i]],
        action: "OBSERVE",
        bizStep: i % 2 ? "receiving" : "shipping",
        readPoint: { id: READ_POINT },
        bizTransactionList: [{ type: "po", bizTransaction: `urn:epcglobal:cbv:bt:9506000000008:PO-${d}-${i}` }],
      })),
    ),
  );
  // The first document warms the processes up (JIT, pools); it is not counted.
  await gql(hub.gatewayUrl, CAPTURE, { d: docs[0] }, hub.token);
  const latencies: number[] = [];
  const queue = docs.slice(1);
  const started = process.hrtime.bigint();
  // `concurrency` clients, each sending its documents one after another (scanner stations in parallel).
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let doc = queue.shift(); doc; doc = queue.shift()) {
        const t = process.hrtime.bigint();
        const res = await gql<{ captureEvents: { stored: number } }>(hub.gatewayUrl, CAPTURE, { d: doc }, hub.token);
        if (res.captureEvents.stored !== perDocument) throw new Error(`stored ${res.captureEvents.stored} of ${perDocument}`);
        latencies.push(msSince(t));
      }
    }),
  );
  const captureMs = msSince(started);
  const events = documents * perDocument;

  // Baseline: the same rows the hub stored, re-inserted with multi-row INSERTs into identical tables.
  await hub.sql.query(`CREATE SCHEMA IF NOT EXISTS bench_raw`);
  await hub.sql.query(`CREATE TABLE bench_raw.event (LIKE units.event INCLUDING ALL)`);
  await hub.sql.query(`CREATE TABLE bench_raw.event_unit (LIKE units.event_unit INCLUDING ALL)`);
  const columns = [
    "event_id",
    "hash_id",
    "type",
    "action",
    "biz_step",
    "disposition",
    "read_point",
    "biz_location",
    "event_time",
    "event_time_zone_offset",
    "error_declaration",
    "captured_by",
    "captured_by_org",
    "body",
  ];
  const stored = await hub.sql.query(
    `SELECT ${columns.map((c) => `"${c}"`).join(", ")}, "seq" FROM units.event WHERE biz_step IN ('receiving', 'shipping') ORDER BY seq OFFSET ${perDocument}`,
  );
  const links = await hub.sql.query(
    `SELECT eu.unit_id, eu.event_seq, eu.role FROM units.event_unit eu JOIN units.event e ON e.seq = eu.event_seq WHERE e.biz_step IN ('receiving', 'shipping') ORDER BY eu.event_seq OFFSET ${perDocument}`,
  );
  // The baseline gets as many connections as the hub got clients.
  const connections = await Promise.all(Array.from({ length: concurrency }, () => hub.connect()));
  const pending = Array.from({ length: documents }, (_, d) => d);
  const rawStarted = process.hrtime.bigint();
  await Promise.all(
    connections.map(async (sql) => {
      for (let d = pending.shift(); d !== undefined; d = pending.shift()) {
        await sql.query("BEGIN");
        const rows = stored.rows.slice(d * perDocument, (d + 1) * perDocument);
        await multiRowInsert(
          sql,
          "bench_raw.event",
          [...columns, "seq"],
          rows.map((r) => [...columns.map((c) => (c === "body" ? JSON.stringify(r[c]) : r[c])), r.seq]),
        );
        await multiRowInsert(
          sql,
          "bench_raw.event_unit",
          ["unit_id", "event_seq", "role"],
          links.rows.slice(d * perDocument, (d + 1) * perDocument).map((r) => [r.unit_id, r.event_seq, r.role]),
        );
        await sql.query("COMMIT");
      }
    }),
  );
  const rawMs = msSince(rawStarted);
  await Promise.all(connections.map((c) => c.end()));

  // Where the time goes: the EPCIS work alone (validate, normalize, hash) on the same documents, in this
  // process, after a warm-up on the first document so JIT state does not depend on earlier scenarios.
  normalizeEpcisDocument(docs[0]);
  const epcisStarted = process.hrtime.bigint();
  for (const doc of docs.slice(1)) normalizeEpcisDocument(doc);
  const epcisMs = msSince(epcisStarted);

  latencies.sort((a, b) => a - b);
  const captureRate = events / (captureMs / 1000);
  const rawRate = events / (rawMs / 1000);
  return {
    scenario: `capture, 1,000-event documents, through the gateway, ${concurrency} client(s)`,
    events,
    "events/s": Math.round(captureRate),
    "raw INSERT events/s": Math.round(rawRate),
    ratio: Number((captureRate / rawRate).toFixed(3)),
    "p50 ms/document": Math.round(percentile(latencies, 50)),
    "p99 ms/document": Math.round(percentile(latencies, 99)),
    "EPCIS validate+normalize+hash ms/document": Math.round(epcisMs / documents),
    "raw INSERT ms/document (wall / documents)": Math.round(rawMs / documents),
  };
}

/** Commissioning 100,000 units in one call, against a raw multi-row INSERT of the same units and index rows. */
export async function commissioning(hub: BenchHub, count = 100_000): Promise<Result> {
  const gtin = "04012345123456";
  await gql(hub.gatewayUrl, `mutation { upsertProduct(input: { gtin: "${gtin}", name: "Bench 100k" }) { gtin } }`, {}, hub.token);
  const started = process.hrtime.bigint();
  const res = await gql<{ commissionUnits: { count: number } }>(
    hub.gatewayUrl,
    `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { count eventId } }`,
    { i: { gtin, count, serialType: "RANDOM", lot: "BENCH-LOT", expiry: "2028-12-31" } },
    hub.token,
  );
  const hubMs = msSince(started);
  if (res.commissionUnits.count !== count) throw new Error("commissioned fewer units than asked");

  await hub.sql.query(`CREATE SCHEMA IF NOT EXISTS bench_raw`);
  await hub.sql.query(`CREATE TABLE bench_raw.unit (LIKE units.unit INCLUDING ALL)`);
  await hub.sql.query(`CREATE TABLE IF NOT EXISTS bench_raw.event_unit (LIKE units.event_unit INCLUDING ALL)`);
  const units = await hub.sql.query(
    `SELECT id, kind, gtin, serial, lot, expiry, status, disposition, commissioned, commissioned_at, last_event_time FROM units.unit WHERE gtin = $1`,
    [gtin],
  );
  const rawStarted = process.hrtime.bigint();
  await hub.sql.query("BEGIN");
  const cols = ["id", "kind", "gtin", "serial", "lot", "expiry", "status", "disposition", "commissioned", "commissioned_at", "last_event_time"];
  await multiRowInsert(
    hub.sql,
    "bench_raw.unit",
    cols,
    units.rows.map((r) => cols.map((c) => r[c])),
    5000,
  );
  await multiRowInsert(
    hub.sql,
    "bench_raw.event_unit",
    ["unit_id", "event_seq", "role"],
    units.rows.map((r) => [r.id, 1, "epc"]),
    10_000,
  );
  await hub.sql.query("COMMIT");
  const rawMs = msSince(rawStarted);
  return {
    scenario: `commissionUnits(count: ${count.toLocaleString("en")}, RANDOM) through the gateway`,
    units: count,
    seconds: Number((hubMs / 1000).toFixed(2)),
    "raw INSERT seconds": Number((rawMs / 1000).toFixed(2)),
    ratio: Number((rawMs / hubMs).toFixed(3)),
  };
}

/** The provenance query the benchmarks time. */
export const PROVENANCE_QUERY = `query($c: String!) { provenance(code: $c) { timeline { eventId bizStep eventTime inherited via } custody { location } containers { parentId level } } }`;

/**
 * One commissioned unit packed into a box, the box onto a pallet and the pallet into a container, with 1,000 events
 * spread over the four: the unit whose provenance the benchmarks time (its timeline holds every event). Returns its id.
 */
export async function provenanceFixture(hub: BenchHub): Promise<string> {
  const [unit] = await commission(hub, 1);
  const [box, pallet, container] = ["urn:epc:id:sscc:9506000.1000000001", "urn:epc:id:sscc:9506000.1000000002", "urn:epc:id:sscc:9506000.1000000003"];
  const packs = [
    [box, unit],
    [pallet, box],
    [container, pallet],
  ] as const;
  await gql(
    hub.gatewayUrl,
    CAPTURE,
    {
      d: document(
        packs.map(([parent, child]) => ({
          type: "AggregationEvent",
          eventTime: nextTime(),
          eventTimeZoneOffset: "+00:00",
          parentID: parent,
          childEPCs: [child],
          action: "ADD",
          bizStep: "packing",
        })),
      ),
    },
    hub.token,
  );
  const targets = [unit, box, pallet, container];
  const events = Array.from({ length: 1000 - packs.length - 1 }, (_, i) => ({
    type: "ObjectEvent",
    eventTime: nextTime(),
    eventTimeZoneOffset: "+00:00",
    epcList: [targets[i % 4]],
    action: "OBSERVE",
    bizStep: "storing",
    readPoint: { id: READ_POINT },
  }));
  await gql(hub.gatewayUrl, CAPTURE, { d: document(events) }, hub.token);
  return unit as string;
}

/**
 * `provenance` of a unit with 1,000 events across three levels of containers (unit in a case on a pallet
 * in a container), p50 and p99 through the gateway, against the same query sent straight to the units
 * subgraph and against the timeline's SQL alone.
 */
export async function provenance(hub: BenchHub, rounds = 200): Promise<Result> {
  const unit = await provenanceFixture(hub);
  const query = PROVENANCE_QUERY;
  const check = await gql<{ provenance: { timeline: unknown[] } }>(hub.gatewayUrl, query, { c: unit }, hub.token);
  const timelineLength = check.provenance.timeline.length;
  if (timelineLength < 1000) throw new Error(`timeline has ${timelineLength} events`);

  const time = async (fn: () => Promise<unknown>) => {
    const out: number[] = [];
    for (let i = 0; i < 10; i++) await fn();
    for (let i = 0; i < rounds; i++) {
      const t = process.hrtime.bigint();
      await fn();
      out.push(msSince(t));
    }
    return out.sort((a, b) => a - b);
  };
  const viaGateway = await time(() => gql(hub.gatewayUrl, query, { c: unit }, hub.token));
  const direct = await time(() =>
    gql(hub.subgraphUrls.units as string, query, { c: unit }, "", {
      "x-tracehub-principal": signPrincipal(
        { sub: "bench", org: null, roles: ["operator"], anonymous: false },
        process.env.PRINCIPAL_SIGNING_KEY || DEV_PRINCIPAL_KEY,
        requestBinding({ query, variables: { c: unit } }),
      ),
    }),
  );
  return {
    scenario: "provenance of a unit with 1,000 events across three container levels",
    "timeline events": timelineLength,
    "gateway p50 ms": Number(percentile(viaGateway, 50).toFixed(1)),
    "gateway p99 ms": Number(percentile(viaGateway, 99).toFixed(1)),
    "units subgraph direct p50 ms": Number(percentile(direct, 50).toFixed(1)),
    "units subgraph direct p99 ms": Number(percentile(direct, 99).toFixed(1)),
    "ratio (direct p50 / gateway p50)": Number((percentile(direct, 50) / percentile(viaGateway, 50)).toFixed(3)),
  };
}

/**
 * What tenancy costs a listing: `units(first: 100)` through the gateway as a brand owner who owns half of 20,000
 * units (its read scope is applied in SQL), against the same query as an operator (no scope) in the same run.
 */
export async function scopedUnits(hub: BenchHub, rounds = 200): Promise<Result> {
  const perBrand = 10_000;
  const org = await gql<{ createOrganization: { id: string } }>(
    hub.gatewayUrl,
    `mutation { createOrganization(input: { name: "Bench Brand", kind: BRAND_OWNER, companyPrefixes: ["9506000"] }) { id } }`,
    {},
    hub.token,
  );
  const otherGtin = "00614141123452";
  await commission(hub, perBrand);
  await gql(hub.gatewayUrl, `mutation { upsertProduct(input: { gtin: "${otherGtin}", name: "Other" }) { gtin } }`, {}, hub.token);
  await gql(
    hub.gatewayUrl,
    `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { count } }`,
    { i: { gtin: otherGtin, count: perBrand, serialType: "SEQUENTIAL" } },
    hub.token,
  );
  // Read at run time, like harness.ts: @tracehub/gateway is not one of this package's dependencies.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DEV_JWT_SECRET } = require("@tracehub/gateway") as { DEV_JWT_SECRET: string };
  const brand = await signAccessToken({ sub: "bench-brand", org: org.createOrganization.id, roles: ["brand_owner"] }, { secret: process.env.JWT_SECRET || DEV_JWT_SECRET }, "2h");
  const query = `{ units(first: 100) { totalCount edges { node { id status } } } }`;
  const scoped = await gql<{ units: { totalCount: number } }>(hub.gatewayUrl, query, {}, brand);
  const all = await gql<{ units: { totalCount: number } }>(hub.gatewayUrl, query, {}, hub.token);
  if (scoped.units.totalCount !== perBrand || all.units.totalCount !== 2 * perBrand) throw new Error(`counts ${scoped.units.totalCount}/${all.units.totalCount}`);
  const time = async (token: string) => {
    const out: number[] = [];
    for (let i = 0; i < 10; i++) await gql(hub.gatewayUrl, query, {}, token);
    for (let i = 0; i < rounds; i++) {
      const t = process.hrtime.bigint();
      await gql(hub.gatewayUrl, query, {}, token);
      out.push(msSince(t));
    }
    return out.sort((a, b) => a - b);
  };
  // Interleaved halves, so drift in the machine's load falls on both alike.
  const unscopedA = await time(hub.token);
  const scopedA = await time(brand);
  const unscopedB = await time(hub.token);
  const scopedB = await time(brand);
  const unscopedMs = [...unscopedA, ...unscopedB].sort((a, b) => a - b);
  const scopedMs = [...scopedA, ...scopedB].sort((a, b) => a - b);
  return {
    scenario: "units(first: 100) with totalCount, as a brand owner of 10,000 of 20,000 units vs an operator",
    "scoped (brand owner) p50 ms": Number(percentile(scopedMs, 50).toFixed(1)),
    "scoped (brand owner) p99 ms": Number(percentile(scopedMs, 99).toFixed(1)),
    "unscoped (operator) p50 ms": Number(percentile(unscopedMs, 50).toFixed(1)),
    "unscoped (operator) p99 ms": Number(percentile(unscopedMs, 99).toFixed(1)),
    "ratio (unscoped p50 / scoped p50)": Number((percentile(unscopedMs, 50) / percentile(scopedMs, 50)).toFixed(3)),
  };
}

/**
 * A lot recall of `affected` units among `total` (BENCH_RECALL_UNITS, BENCH_RECALL_AFFECTED; default 500,000 and
 * 100,000; the issue's figure is 5,000,000 and 1,000,000). The units are written straight into the units table
 * (commissioning them through the API would take most of the run), spread over lots so that one lot holds the
 * affected ones. Through the gateway, as the brand's operator:
 * - the draft's preview (`createRecall { affectedCount }`) and the first page of `affectedUnits(first: 100)`, p50,
 *   against the same count and the same page in SQL on one connection;
 * - issuing it until every affected unit is RECALLED (the relay records the recall, then units' marking worker
 *   marks them through capture, a batch per transaction, 5,000 units per event), in units per second, against one
 *   `UPDATE units.unit SET status = 'RECALLED' WHERE gtin AND lot` of the same rows in the same run.
 */
export async function recallAtScale(hub: BenchHub): Promise<Result> {
  const total = Number(process.env.BENCH_RECALL_UNITS || 500_000);
  const affected = Number(process.env.BENCH_RECALL_AFFECTED || 100_000);
  const gtin = GTIN;
  await gql(hub.gatewayUrl, `mutation { upsertProduct(input: { gtin: "${gtin}", name: "Bench" }) { gtin } }`, {}, hub.token);
  const seedStarted = process.hrtime.bigint();
  // Lot "RECALL" for the affected units, lots "L0".."L9" for the rest.
  await hub.sql.query(
    `INSERT INTO "units"."unit" ("id", "kind", "gtin", "serial", "lot", "status", "disposition", "commissioned", "commissioned_at", "last_event_time", "last_effective_time", "key_digits")
     SELECT 'https://id.gs1.org/01/' || $1 || '/21/' || s, 'sgtin', $1, s::text, CASE WHEN s <= $3 THEN 'RECALL' ELSE 'L' || (s % 10) END,
       'ACTIVE', 'active', true, '2025-12-31T00:00:00Z', '2025-12-31T00:00:00Z', '2025-12-31T00:00:00Z', substr($1, 2, 12)
     FROM generate_series(1, $2::int) s`,
    [gtin, total, affected],
  );
  // What autovacuum does after a bulk load: statistics, and the visibility map that index-only scans read.
  await hub.sql.query(`VACUUM ANALYZE "units"."unit"`);
  const seedSeconds = msSince(seedStarted) / 1000;

  const timeIt = async (n: number, run: () => Promise<unknown>) => {
    const out: number[] = [];
    for (let i = 0; i < 3; i++) await run();
    for (let i = 0; i < n; i++) {
      const t = process.hrtime.bigint();
      await run();
      out.push(msSince(t));
    }
    return out.sort((a, b) => a - b);
  };
  let draftId = "";
  const previewMs = await timeIt(20, async () => {
    const created = await gql<{ createRecall: { id: string; affectedCount: number } }>(
      hub.gatewayUrl,
      `mutation($i: CreateRecallInput!) { createRecall(input: $i) { id affectedCount } }`,
      { i: { gtin, lots: ["RECALL"], classification: "CLASS_I", reason: "bench" } },
      hub.token,
    );
    if (created.createRecall.affectedCount !== affected) throw new Error(`preview counted ${created.createRecall.affectedCount}, not ${affected}`);
    draftId = created.createRecall.id;
  });
  const pageMs = await timeIt(20, () =>
    gql(hub.gatewayUrl, `query($id: ID!) { recall(id: $id) { affectedUnits(first: 100) { totalCount edges { node { id status lot } } } } }`, { id: draftId }, hub.token),
  );

  // Baselines of the reads: the same count, and the same first page, in SQL on one connection.
  const sqlCountMs = await timeIt(20, () =>
    hub.sql.query(`SELECT count(*) FROM "units"."unit" WHERE "gtin" = $1 AND "lot" = 'RECALL' AND "commissioned" AND "status" NOT IN ('DESTROYED', 'DECOMMISSIONED', 'CONSUMED')`, [
      gtin,
    ]),
  );
  const sqlPageMs = await timeIt(20, () =>
    hub.sql.query(
      `SELECT "id", "status", "lot" FROM "units"."unit" WHERE "gtin" = $1 AND "lot" = 'RECALL' AND "commissioned" AND "status" NOT IN ('DESTROYED', 'DECOMMISSIONED', 'CONSUMED') ORDER BY "id" LIMIT 101`,
      [gtin],
    ),
  );

  // Baseline: the same rows marked by one UPDATE, then put back.
  const baselineStarted = process.hrtime.bigint();
  await hub.sql.query(`UPDATE "units"."unit" SET "status" = 'RECALLED', "disposition" = 'recalled' WHERE "gtin" = $1 AND "lot" = 'RECALL'`, [gtin]);
  const baselineSeconds = msSince(baselineStarted) / 1000;
  await hub.sql.query(`UPDATE "units"."unit" SET "status" = 'ACTIVE', "disposition" = 'active' WHERE "gtin" = $1 AND "lot" = 'RECALL'`, [gtin]);
  await hub.sql.query(`VACUUM ANALYZE "units"."unit"`);

  const issueStarted = process.hrtime.bigint();
  await gql(hub.gatewayUrl, `mutation($id: ID!) { issueRecall(id: $id) { status } }`, { id: draftId }, hub.token);
  for (;;) {
    const { rows } = await hub.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "units"."recall_unit" WHERE "recall_id" = $1::uuid`, [draftId]);
    if ((rows[0]?.n ?? 0) >= affected) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const issueSeconds = msSince(issueStarted) / 1000;
  const { rows: check } = await hub.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "units"."unit" WHERE "lot" = 'RECALL' AND "status" = 'RECALLED'`);
  if (check[0]?.n !== affected) throw new Error(`${check[0]?.n} units RECALLED, not ${affected}`);
  return {
    scenario: `a lot recall of ${affected.toLocaleString("en")} units among ${total.toLocaleString("en")} (units written by SQL in ${seedSeconds.toFixed(1)} s)`,
    "createRecall preview (affectedCount) p50 ms": Number(percentile(previewMs, 50).toFixed(1)),
    "createRecall preview p99 ms": Number(percentile(previewMs, 99).toFixed(1)),
    "baseline: the same count in SQL p50 ms": Number(percentile(sqlCountMs, 50).toFixed(1)),
    "ratio (SQL count p50 / preview p50)": Number((percentile(sqlCountMs, 50) / percentile(previewMs, 50)).toFixed(3)),
    "affectedUnits(first: 100) of the draft p50 ms": Number(percentile(pageMs, 50).toFixed(1)),
    "baseline: the same first page in SQL p50 ms": Number(percentile(sqlPageMs, 50).toFixed(1)),
    "issue until all RECALLED, s": Number(issueSeconds.toFixed(2)),
    "issue rate, units/s": Math.round(affected / issueSeconds),
    "baseline: one UPDATE of the same rows, s": Number(baselineSeconds.toFixed(2)),
    "baseline rate, units/s": Math.round(affected / baselineSeconds),
    "ratio (issue rate / baseline rate)": Number((baselineSeconds / issueSeconds).toFixed(3)),
  };
}
