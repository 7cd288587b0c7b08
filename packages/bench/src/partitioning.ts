import type { Client } from "pg";
import { type BenchHub, msSince, percentile } from "./harness";
import type { Result } from "./scenarios";

/** Months of events the two tables hold (one partition each in the partitioned one). */
const MONTHS = 24;

/**
 * Should `units.event` be partitioned by time? The same rows (`BENCH_PARTITION_EVENTS`, default 2,000,000 events over
 * 24 months) in two tables side by side: one plain like today's (primary key `seq`), one partitioned by month on
 * `event_time` (primary key `(seq, event_time)`, as PostgreSQL requires the partition key in it). Timed on both, p50
 * of 50 runs each: what the hub does on every read (fetch a unit's events by `seq`: 5 of them for `unit(code)`'s
 * timeline, 1,000 for a big provenance), what partitioning is for (a day's events in time order), and retention
 * (removing the oldest month: a DELETE against dropping its partition). docs/scale.md draws the conclusion.
 */
export async function partitioning(hub: BenchHub, rounds = 50): Promise<Result> {
  const events = Number(process.env.BENCH_PARTITION_EVENTS || 2_000_000);
  const sql = hub.sql;
  await sql.query(`CREATE SCHEMA "bench_part"`);
  const columns = `"seq" bigint NOT NULL, "event_id" text NOT NULL, "biz_step" text, "read_point" text, "event_time" timestamptz NOT NULL, "body" jsonb NOT NULL`;
  await sql.query(`CREATE TABLE "bench_part"."flat" (${columns}, PRIMARY KEY ("seq"))`);
  await sql.query(`CREATE TABLE "bench_part"."by_month" (${columns}, PRIMARY KEY ("seq", "event_time")) PARTITION BY RANGE ("event_time")`);
  for (let m = 0; m < MONTHS; m++) {
    await sql.query(
      `CREATE TABLE "bench_part"."by_month_${m}" PARTITION OF "bench_part"."by_month"
       FOR VALUES FROM (timestamptz '2025-01-01' + ${m} * interval '1 month') TO (timestamptz '2025-01-01' + ${m + 1} * interval '1 month')`,
    );
  }
  // Rows in capture order (seq rising with time), as the hub stores them.
  const fill = (table: string) =>
    sql.query(
      `INSERT INTO "bench_part"."${table}"
       SELECT n, 'urn:uuid:' || md5('e' || n)::uuid, (ARRAY['shipping', 'receiving', 'storing', 'packing'])[1 + n % 4], 'https://id.gs1.org/414/95060000' || lpad((n % 1000)::text, 5, '0'),
              timestamptz '2025-01-01' + ((n - 1)::float8 / $1) * (timestamptz '2027-01-01' - timestamptz '2025-01-01'),
              jsonb_build_object('type', 'ObjectEvent', 'action', 'OBSERVE', 'epcList', jsonb_build_array('https://id.gs1.org/01/09506000134352/21/' || n))
       FROM generate_series(1, $1::bigint) n`,
      [events],
    );
  await fill("flat");
  await fill("by_month");
  for (const table of ["flat", "by_month"]) {
    await sql.query(`CREATE INDEX ON "bench_part"."${table}" ("event_time")`);
    await sql.query(`VACUUM ANALYZE "bench_part"."${table}"`);
  }

  const time = async (client: Client, text: string, values: () => unknown[]) => {
    const name = `bench_part_${Math.abs(hash(text))}`;
    const times: number[] = [];
    for (let i = 0; i < rounds + 5; i++) {
      const t = process.hrtime.bigint();
      await client.query({ name, text, values: values() });
      if (i >= 5) times.push(msSince(t));
    }
    return percentile(
      times.sort((a, b) => a - b),
      50,
    );
  };
  const randomSeqs = (n: number) => Array.from({ length: n }, () => 1 + Math.floor(Math.random() * events));
  /** A unit's events: a handful spread over its life (about a month). */
  const lifeSeqs = (n: number) => {
    const start = 1 + Math.floor(Math.random() * (events - events / MONTHS));
    return Array.from({ length: n }, (_, i) => start + Math.floor((i * events) / MONTHS / n));
  };
  const day = () => {
    const d = new Date(Date.UTC(2025, 0, 1) + Math.floor(Math.random() * 700) * 86_400_000);
    return [d.toISOString(), new Date(d.getTime() + 86_400_000).toISOString()];
  };
  const reads = {
    "5 events of one unit by seq": (t: string) => time(sql, `SELECT "seq", "body" FROM "bench_part"."${t}" WHERE "seq" = ANY($1::bigint[])`, () => [lifeSeqs(5)]),
    "1,000 events by seq (a large provenance)": (t: string) => time(sql, `SELECT "seq", "body" FROM "bench_part"."${t}" WHERE "seq" = ANY($1::bigint[])`, () => [randomSeqs(1000)]),
    "a day's events, first 100 in time order": (t: string) =>
      time(sql, `SELECT "seq", "body" FROM "bench_part"."${t}" WHERE "event_time" >= $1 AND "event_time" < $2 ORDER BY "event_time" LIMIT 100`, day),
  };
  const result: Result = {
    scenario: `${events.toLocaleString("en")} events over ${MONTHS} months: one table against one partitioned by month, p50 of ${rounds} runs`,
  };
  for (const [name, run] of Object.entries(reads)) {
    const flat = await run("flat");
    const byMonth = await run("by_month");
    result[`${name}, one table, ms`] = Number(flat.toFixed(2));
    result[`${name}, partitioned, ms`] = Number(byMonth.toFixed(2));
    result[`${name}, ratio (partitioned / one table)`] = Number((byMonth / flat).toFixed(3));
  }
  // Retention: the oldest month goes.
  const deleteStarted = process.hrtime.bigint();
  const deleted = await sql.query(`DELETE FROM "bench_part"."flat" WHERE "event_time" < timestamptz '2025-02-01'`);
  const deleteMs = msSince(deleteStarted);
  const dropStarted = process.hrtime.bigint();
  await sql.query(`DROP TABLE "bench_part"."by_month_0"`);
  const dropMs = msSince(dropStarted);
  result["removing the oldest month: DELETE from one table, ms"] = Math.round(deleteMs);
  result["removing the oldest month: DROP of its partition, ms"] = Number(dropMs.toFixed(1));
  result["rows in the oldest month"] = deleted.rowCount ?? 0;
  await sql.query(`DROP SCHEMA "bench_part" CASCADE`);
  return result;
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}
