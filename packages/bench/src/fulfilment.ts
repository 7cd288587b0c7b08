import { signAccessToken } from "@tracehub/auth";
import type { Client } from "pg";
import { type BenchHub, gql, msSince, percentile } from "./harness";
import type { Result } from "./scenarios";

const GTIN = "09506000134352";

/** Runs `work` for every item on `concurrency` workers, each taking the next item; returns each item's time in ms. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T, worker: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = next++; i < items.length; i = next++) {
        const started = process.hrtime.bigint();
        await work(items[i] as T, worker);
        times.push(msSince(started));
      }
    }),
  );
  return times.sort((a, b) => a - b);
}

/** Writes `count` ACTIVE units of lot `lot`, owned by the 9506000 prefix and never handed over (so its owner holds them). */
async function seedUnits(sql: Client, lot: string, from: number, count: number): Promise<string[]> {
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO "units"."unit" ("id", "kind", "gtin", "serial", "lot", "expiry", "status", "disposition", "commissioned", "commissioned_at", "last_event_time", "last_effective_time", "key_digits")
     SELECT 'https://id.gs1.org/01/' || $1 || '/21/' || $2 || s, 'sgtin', $1, $2 || s, $2, '2030-12-31', 'ACTIVE', 'active', true, now(), now(), now(), substr($1, 2, 12)
     FROM generate_series($3::int, $3::int + $4::int - 1) s ORDER BY s RETURNING "id"`,
    [GTIN, lot, from, count],
  );
  return rows.map((r) => r.id);
}

/**
 * The same checks as `allocateUnit`, as one SQL statement per scan: the unit is commissioned, ACTIVE, not expired,
 * on no open hold and in no issued recall, held by the seller (never handed over, its prefix), the order has room on
 * the unit's line, and no order holds it; then the allocation. $1 unit id, $2 order id.
 */
const ONE_STATEMENT_SCAN = `WITH u AS (
    SELECT u."id", u."gtin" FROM "units"."unit" u
    WHERE u."id" = $1 AND u."commissioned" AND u."status" = 'ACTIVE' AND (u."expiry" IS NULL OR u."expiry" >= current_date)
      AND NOT EXISTS (SELECT 1 FROM "units"."hold" h WHERE h."status" = 'OPEN' AND h."gtin" = u."gtin" AND (cardinality(h."lots") = 0 OR u."lot" = ANY(h."lots")))
      AND NOT EXISTS (SELECT 1 FROM "units"."recall_unit" ru JOIN "units"."recall" r ON r."id" = ru."recall_id" AND r."status" = 'ISSUED' WHERE ru."unit_id" = u."id")
      AND NOT EXISTS (SELECT 1 FROM "units"."custody" c WHERE c."unit_id" = u."id" AND c."to_time" IS NULL)
      AND u."key_digits" LIKE '9506000%'),
  l AS (
    SELECT 1 FROM "orders"."order_line" l, u WHERE l."order_id" = $2::uuid AND l."gtin" = u."gtin"
      AND l."quantity" > (SELECT count(*) FROM "orders"."allocation" a WHERE a."order_id" = $2::uuid AND a."gtin" = l."gtin"))
  INSERT INTO "orders"."allocation" ("order_id", "unit_id", "gtin") SELECT $2::uuid, u."id", u."gtin" FROM u WHERE EXISTS (SELECT 1 FROM l)
  ON CONFLICT ("unit_id") WHERE "released_at" IS NULL DO NOTHING RETURNING "unit_id"`;

/**
 * Issue 12's figures: allocation scans from concurrent pickers through the gateway, against the same checks as one
 * SQL statement per scan on the same database; and shipping many orders, until every unit shows IN_TRANSIT in units,
 * against one UPDATE of the same rows.
 */
export async function fulfilmentAtScale(hub: BenchHub): Promise<Result> {
  const orders = Number(process.env.BENCH_FULFIL_ORDERS || 1_000);
  const perOrder = 10;
  const pickers = 10;
  const scans = orders * perOrder;
  await gql(hub.gatewayUrl, `mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Bench" }) { gtin } }`, {}, hub.token);
  const { createOrganization } = await gql<{ createOrganization: { id: string } }>(
    hub.gatewayUrl,
    `mutation { createOrganization(input: { name: "Bench shop", kind: BRAND_OWNER, companyPrefixes: ["9506000"] }) { id } }`,
    {},
    hub.token,
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DEV_JWT_SECRET } = require("@tracehub/gateway") as { DEV_JWT_SECRET: string };
  const secret = process.env.JWT_SECRET || DEV_JWT_SECRET;
  const shop = await signAccessToken({ sub: "bench-manager", org: createOrganization.id, roles: ["fulfilment"] }, { secret }, "2h");
  // Each picker is a person with a token of their own.
  const pickerTokens = await Promise.all(Array.from({ length: pickers }, (_, i) => signAccessToken({ sub: `bench-picker-${i}`, org: createOrganization.id, roles: ["fulfilment"] }, { secret }, "2h")));
  const hubUnits = await seedUnits(hub.sql, "HUB", 1, scans);
  const sqlUnits = await seedUnits(hub.sql, "SQL", 1, scans);
  await hub.sql.query(`VACUUM ANALYZE "units"."unit"`);
  const create = async (reference: string) =>
    (
      await gql<{ createOrder: { id: string } }>(
        hub.gatewayUrl,
        `mutation($i: CreateOrderInput!) { createOrder(input: $i) { id } }`,
        { i: { reference, customer: { name: `Customer ${reference}` }, lines: [{ gtin: GTIN, quantity: perOrder }] } },
        shop,
      )
    ).createOrder.id;
  const hubOrders: string[] = [];
  const sqlOrders: string[] = [];
  await pool(
    Array.from({ length: orders }, (_, i) => i),
    pickers,
    async (i) => {
      hubOrders[i] = await create(`HUB-${i}`);
      sqlOrders[i] = await create(`SQL-${i}`);
    },
  );

  // Each picker fills its orders one scan at a time; the ten pickers run at once.
  const hubScans = hubUnits.map((unit, i) => ({ unit, order: hubOrders[Math.floor(i / perOrder)] as string }));
  const started = process.hrtime.bigint();
  const hubTimes = await pool(hubScans, pickers, async (scan, worker) => {
    const { allocateUnit } = await gql<{ allocateUnit: { allocated: boolean; refusal: { code: string } | null } }>(
      hub.gatewayUrl,
      `mutation($o: ID!, $c: String!) { allocateUnit(orderId: $o, code: $c) { allocated refusal { code } } }`,
      { o: scan.order, c: scan.unit },
      pickerTokens[worker] as string,
    );
    if (!allocateUnit.allocated) throw new Error(`scan refused: ${allocateUnit.refusal?.code}`);
  });
  const hubSeconds = msSince(started) / 1000;

  const clients = await Promise.all(Array.from({ length: pickers }, () => hub.connect()));
  const sqlScans = sqlUnits.map((unit, i) => ({ unit, order: sqlOrders[Math.floor(i / perOrder)] as string }));
  const sqlStarted = process.hrtime.bigint();
  const sqlTimes = await pool(sqlScans, pickers, async (scan, worker) => {
    const { rowCount } = await (clients[worker] as Client).query(ONE_STATEMENT_SCAN, [scan.unit, scan.order]);
    if (rowCount !== 1) throw new Error(`baseline scan of ${scan.unit} allocated nothing`);
  });
  const sqlSeconds = msSince(sqlStarted) / 1000;
  await Promise.all(clients.map((c) => c.end()));

  // Pack every order (the hub assigns each an SSCC), wait for units to record it, then ship them all and time until
  // every unit is IN_TRANSIT in units (the outbox delivering each order's event).
  await pool(hubOrders, pickers, async (o) => {
    await gql(hub.gatewayUrl, `mutation($o: ID!) { packOrder(orderId: $o) { status } }`, { o }, shop);
  });
  const countWhere = async (condition: string) =>
    (await hub.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "units"."unit" WHERE "lot" = 'HUB' AND ${condition}`)).rows[0]?.n ?? 0;
  while ((await countWhere(`"parent_id" IS NOT NULL`)) < scans) await new Promise((r) => setTimeout(r, 100));
  const shipStarted = process.hrtime.bigint();
  const shipTimes = await pool(hubOrders, pickers, async (o) => {
    await gql(hub.gatewayUrl, `mutation($o: ID!) { shipOrder(orderId: $o) { status } }`, { o }, shop);
  });
  const shipAnsweredSeconds = msSince(shipStarted) / 1000;
  while ((await countWhere(`"status" = 'IN_TRANSIT'`)) < scans) await new Promise((r) => setTimeout(r, 50));
  const shipSeconds = msSince(shipStarted) / 1000;
  const updateStarted = process.hrtime.bigint();
  await hub.sql.query(`UPDATE "units"."unit" SET "status" = 'IN_TRANSIT', "disposition" = 'in_transit' WHERE "lot" = 'SQL'`);
  const updateSeconds = msSince(updateStarted) / 1000;

  return {
    scenario: `${scans.toLocaleString("en")} allocation scans by ${pickers} concurrent pickers (${orders.toLocaleString("en")} orders of ${perOrder}), then shipping the ${orders.toLocaleString("en")} orders`,
    "allocateUnit through the gateway, scans/s": Math.round(scans / hubSeconds),
    "allocateUnit p50 ms": Number(percentile(hubTimes, 50).toFixed(1)),
    "allocateUnit p99 ms": Number(percentile(hubTimes, 99).toFixed(1)),
    "baseline: one SQL statement per scan, scans/s": Math.round(scans / sqlSeconds),
    "baseline p99 ms": Number(percentile(sqlTimes, 99).toFixed(2)),
    "ratio (hub scans/s / baseline scans/s)": Number((sqlSeconds / hubSeconds).toFixed(3)),
    "shipOrder answered, all orders, s": Number(shipAnsweredSeconds.toFixed(2)),
    "shipOrder p99 ms": Number(percentile(shipTimes, 99).toFixed(1)),
    "until every unit IN_TRANSIT in units, s": Number(shipSeconds.toFixed(2)),
    "baseline: one UPDATE of as many units, s": Number(updateSeconds.toFixed(3)),
  };
}
