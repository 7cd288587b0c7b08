import { gs1CheckDigit } from "@tracehub/gs1";
import { type BenchHub, gql, msSince, percentile } from "./harness";
import { PROVENANCE_QUERY, type Result, provenanceFixture } from "./scenarios";

/** What a warehouse's read points and business locations look like: SGLNs of one company prefix. */
const LOCATIONS = 1_000;
/** Products the seeded units belong to. */
const PRODUCTS = 100;
/** The business steps of a seeded unit's life, in order: one event each. */
const LIFE = [
  { bizStep: "commissioning", disposition: "active", action: "ADD" },
  { bizStep: "packing", disposition: "in_progress", action: "OBSERVE" },
  { bizStep: "shipping", disposition: "in_transit", action: "OBSERVE" },
  { bizStep: "receiving", disposition: "in_progress", action: "OBSERVE" },
  { bizStep: "storing", disposition: "active", action: "OBSERVE" },
] as const;

const UNIT_QUERY = `query($c: String!) { unit(code: $c) { id status disposition lot expiry location parent { id } } }`;
const EVENTS_OF_UNIT = `query($c: String!) { events(first: 20, filter: { code: $c }) { edges { node { eventId bizStep } } } }`;
const EVENTS_BY_STEP = `query($from: DateTimeISO!, $to: DateTimeISO!) { events(first: 100, filter: { bizSteps: ["shipping"], from: $from, to: $to }) { edges { node { eventId } } } }`;

/**
 * Issue 16's scale aim: provenance and `unit(code)` of the same unit, p50 through the gateway, on a small database
 * (the provenance fixture alone) and again after `BENCH_SCALE_UNITS` units (default 2,000,000) with
 * `BENCH_SCALE_EVENTS` events (default 10,000,000; five per unit, commissioning to storing, spread over two years of
 * event and record time, across 1,000 locations) are added beside it. The ratio large / small is the figure. The
 * common EPCIS filters (`events` by unit, by business step in a day) are timed the same way. The bulk rows go in with
 * INSERT … SELECT in chunks of a million, so the seed's own speed is reported too.
 */
export async function scaleReads(hub: BenchHub, rounds = 100): Promise<Result> {
  const units = Number(process.env.BENCH_SCALE_UNITS || 2_000_000);
  const events = Number(process.env.BENCH_SCALE_EVENTS || 10_000_000);
  const unit = await provenanceFixture(hub);
  const day = { from: "2025-06-01T00:00:00Z", to: "2025-06-02T00:00:00Z" };
  const reads: [string, string, Record<string, unknown>][] = [
    ["provenance", PROVENANCE_QUERY, { c: unit }],
    ["unit(code)", UNIT_QUERY, { c: unit }],
    ["events of one unit", EVENTS_OF_UNIT, { c: unit }],
    ["events of one business step in a day", EVENTS_BY_STEP, day],
  ];
  const timeAll = async () => {
    const out: Record<string, number> = {};
    for (const [name, query, variables] of reads) {
      for (let i = 0; i < 10; i++) await gql(hub.gatewayUrl, query, variables, hub.token);
      const times: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const t = process.hrtime.bigint();
        await gql(hub.gatewayUrl, query, variables, hub.token);
        times.push(msSince(t));
      }
      out[name] = percentile(
        times.sort((a, b) => a - b),
        50,
      );
    }
    return out;
  };
  const small = await timeAll();

  const seedStarted = process.hrtime.bigint();
  const gtins = Array.from({ length: PRODUCTS }, (_, i) => {
    const body = `0950600${String(200_000 + i).padStart(6, "0")}`;
    return body + gs1CheckDigit(body);
  });
  const locations = Array.from({ length: LOCATIONS }, (_, i) => {
    const body = `950600${String(10_000 + i).padStart(6, "0")}`;
    return `https://id.gs1.org/414/${body}${gs1CheckDigit(body)}`;
  });
  await hub.sql.query(`CREATE TEMP TABLE "bench_gtin" ("i" int PRIMARY KEY, "gtin" text NOT NULL)`);
  await hub.sql.query(`INSERT INTO "bench_gtin" SELECT i - 1, g FROM unnest($1::text[]) WITH ORDINALITY AS t(g, i)`, [gtins]);
  await hub.sql.query(`CREATE TEMP TABLE "bench_location" ("i" int PRIMARY KEY, "gln" text NOT NULL)`);
  await hub.sql.query(`INSERT INTO "bench_location" SELECT i - 1, g FROM unnest($1::text[]) WITH ORDINALITY AS t(g, i)`, [locations]);
  await hub.sql.query(`CREATE TEMP TABLE "bench_step" ("i" int PRIMARY KEY, "biz_step" text, "disposition" text, "action" text)`);
  await hub.sql.query(`INSERT INTO "bench_step" SELECT i - 1, s, d, a FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(s, d, a, i)`, [
    LIFE.map((l) => l.bizStep),
    LIFE.map((l) => l.disposition),
    LIFE.map((l) => l.action),
  ]);
  const chunk = 1_000_000;
  const unitId = (u: string) => `'https://id.gs1.org/01/' || g."gtin" || '/21/S' || ${u}`;
  for (let lo = 1; lo <= units; lo += chunk) {
    const hi = Math.min(units, lo + chunk - 1);
    await hub.sql.query(
      `INSERT INTO "units"."unit" ("id", "kind", "gtin", "serial", "lot", "expiry", "status", "disposition", "biz_location", "commissioned", "commissioned_at", "last_event_time", "last_effective_time", "key_digits")
       SELECT ${unitId("u")}, 'sgtin', g."gtin", 'S' || u, 'L' || (u / 10000), date '2028-01-01' + (u % 700), 'ACTIVE', 'active', l."gln", true,
              timestamptz '2024-12-01' + (u::float8 / $3) * interval '700 days', timestamptz '2024-12-01' + (u::float8 / $3) * interval '700 days' + interval '4 days',
              timestamptz '2024-12-01' + (u::float8 / $3) * interval '700 days' + interval '4 days', substr(g."gtin", 2, 12)
       FROM generate_series($1::int, $2::int) u JOIN "bench_gtin" g ON g."i" = u % ${PRODUCTS} JOIN "bench_location" l ON l."i" = u % ${LOCATIONS}`,
      [lo, hi, units],
    );
  }
  const perUnit = Math.max(1, Math.round(events / units));
  const totalEvents = units * perUnit;
  for (let lo = 0; lo < totalEvents; lo += chunk) {
    const hi = Math.min(totalEvents, lo + chunk) - 1;
    // Event n is step n % perUnit of unit n / perUnit + 1; its time is the unit's commissioning plus a day per step.
    await hub.sql.query(
      `WITH stored AS (
         INSERT INTO "units"."event" ("event_id", "hash_id", "type", "action", "biz_step", "disposition", "read_point", "biz_location", "event_time",
                                      "event_time_zone_offset", "record_time", "captured_by", "body")
         SELECT 'urn:uuid:' || md5('bench-event-' || n)::uuid, 'ni:///sha-256;' || md5('bench-hash-' || n) || md5('bench-' || n) || '?ver=CBV2.0', 'ObjectEvent',
                s."action", s."biz_step", s."disposition", l."gln", l."gln", t.at, '+00:00', t.at + interval '1 minute', 'bench',
                jsonb_build_object('type', 'ObjectEvent', 'eventTime', t.at, 'eventTimeZoneOffset', '+00:00', 'epcList', jsonb_build_array(${unitId("k.u")}),
                  'action', s."action", 'bizStep', s."biz_step", 'disposition', s."disposition", 'readPoint', jsonb_build_object('id', l."gln"),
                  'bizLocation', jsonb_build_object('id', l."gln"))
         FROM generate_series($1::bigint, $2::bigint) n
         CROSS JOIN LATERAL (SELECT (n / $3) + 1 AS u, (n % $3)::int AS step) k
         JOIN "bench_gtin" g ON g."i" = k.u % ${PRODUCTS}
         JOIN "bench_location" l ON l."i" = (k.u + k.step * 7) % ${LOCATIONS}
         JOIN "bench_step" s ON s."i" = k.step % ${LIFE.length}
         CROSS JOIN LATERAL (SELECT timestamptz '2024-12-01' + (k.u::float8 / $4) * interval '700 days' + k.step * interval '1 day' AS at) t
         RETURNING "seq", "body"->'epcList'->>0 AS "unit_id")
       INSERT INTO "units"."event_unit" ("unit_id", "event_seq", "role") SELECT "unit_id", "seq", 'epc' FROM stored`,
      [lo, hi, perUnit, units],
    );
    console.log(`  [scale] ${(hi + 1).toLocaleString("en")} of ${totalEvents.toLocaleString("en")} events stored (${Math.round(msSince(seedStarted) / 1000)} s)`);
  }
  await hub.sql.query(`VACUUM ANALYZE "units"."unit"`);
  await hub.sql.query(`VACUUM ANALYZE "units"."event"`);
  await hub.sql.query(`VACUUM ANALYZE "units"."event_unit"`);
  const seedSeconds = msSince(seedStarted) / 1000;
  const size = await hub.sql.query<{ events: string; units: string; bytes: string }>(
    `SELECT (SELECT count(*) FROM "units"."event")::text AS "events", (SELECT count(*) FROM "units"."unit")::text AS "units",
            (pg_total_relation_size('"units"."event"') + pg_total_relation_size('"units"."event_unit"') + pg_total_relation_size('"units"."unit"'))::text AS "bytes"`,
  );
  const large = await timeAll();
  // The filters must find what was seeded, or the timing says nothing.
  const shipped = await gql<{ events: { edges: unknown[] } }>(hub.gatewayUrl, EVENTS_BY_STEP, day, hub.token);
  if (shipped.events.edges.length === 0) throw new Error("events by business step found none of the seeded events");
  const row = size.rows[0]!;
  const result: Result = {
    scenario: `reads on a small database, then with ${Number(row.units).toLocaleString("en")} units and ${Number(row.events).toLocaleString("en")} events, p50 through the gateway`,
    "seeded units": units,
    "seeded events": totalEvents,
    "seed seconds (INSERT … SELECT, chunks of 1,000,000, then VACUUM ANALYZE)": Number(seedSeconds.toFixed(1)),
    "seeded events/s": Math.round(totalEvents / seedSeconds),
    "units + events + links on disk, GB": Number((Number(row.bytes) / 1024 ** 3).toFixed(2)),
  };
  for (const [name] of reads) {
    result[`${name}, small database, p50 ms`] = Number(small[name]!.toFixed(1));
    result[`${name}, large database, p50 ms`] = Number(large[name]!.toFixed(1));
    result[`${name}, ratio (large / small)`] = Number((large[name]! / small[name]!).toFixed(3));
  }
  return result;
}
