import http from "node:http";
import type { AddressInfo } from "node:net";
import bwipjs from "bwip-js";
import { Pool } from "pg";
import { signAccessToken } from "@tracehub/auth";
import { PUBLIC_OPERATIONS, operationHash } from "@tracehub/gateway/public-operations";
import { type BenchHub, load, msSince } from "./harness";
import type { Result } from "./scenarios";

const GTIN = "09506000134352";

/**
 * Issue 17's figures: anonymous `verifyAuthenticity` through the gateway, and the resolver's product page, against a
 * minimal Node HTTP server answering each check with one indexed SELECT on the same database, in the same run.
 */
export async function consumerChecks(hub: BenchHub): Promise<Result> {
  const count = Number(process.env.BENCH_CONSUMER_UNITS || 100_000);
  const seconds = Number(process.env.BENCH_CONSUMER_SECONDS || 10);
  const concurrency = 32;
  await fetch(hub.gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${hub.token}` },
    body: JSON.stringify({ query: `mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Bench", brand: "Bench" }) { gtin } }` }),
  });
  await hub.sql.query(
    `INSERT INTO "units"."unit" ("id", "kind", "gtin", "serial", "lot", "expiry", "status", "disposition", "commissioned", "commissioned_at", "last_event_time", "last_effective_time", "key_digits")
     SELECT 'https://id.gs1.org/01/' || $1 || '/21/' || s, 'sgtin', $1, s::text, 'L1', '2030-12-31', 'ACTIVE', 'active', true, now(), now(), now(), substr($1, 2, 12)
     FROM generate_series(1, $2::int) s`,
    [GTIN, count],
  );
  await hub.sql.query(`VACUUM ANALYZE "units"."unit"`);
  const code = (i: number) => `https://id.gs1.org/01/${GTIN}/21/${(i % count) + 1}`;

  // Baseline: one indexed SELECT per check, behind the thinnest Node HTTP server.
  const pool = new Pool({ connectionString: hub.databaseUrl, max: 10 });
  const server = http.createServer(async (req, res) => {
    const id = decodeURIComponent((req.url ?? "/").slice(1));
    const { rows } = await pool.query(`SELECT "status", "expiry" FROM "units"."unit" WHERE "id" = $1`, [id]);
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ verdict: rows[0]?.status === "ACTIVE" ? "GENUINE" : "UNKNOWN" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseline = await load(
    seconds,
    concurrency,
    async (i) => {
      const res = await fetch(`${baseUrl}/${encodeURIComponent(code(i))}`);
      await res.text();
    },
    {},
  );
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await pool.end();

  // As a consumer app calls it: a registered public operation, by its hash alone. VerifyVerdict (the verdict and its
  // reasons) is the headline; VerifyAuthenticity (every public field, the product's facts and links) is measured too.
  const checks = async (operationName: "VerifyVerdict" | "VerifyAuthenticity") => {
    const persistedQuery = { version: 1, sha256Hash: operationHash(PUBLIC_OPERATIONS[operationName]) };
    return load(
      seconds,
      concurrency,
      async (i) => {
        const res = await fetch(hub.gatewayUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ operationName, variables: { code: code(i) }, extensions: { persistedQuery } }),
        });
        const body = (await res.json()) as { data?: { verifyAuthenticity?: { verdict: string } } };
        if (body.data?.verifyAuthenticity?.verdict !== "GENUINE") throw new Error(`check answered ${JSON.stringify(body).slice(0, 300)}`);
      },
      hub.pids,
    );
  };
  const check = await checks("VerifyVerdict");
  const fullCheck = await checks("VerifyAuthenticity");
  const root = hub.gatewayUrl.replace(/\/graphql$/, "");
  const pageLoad = await load(seconds, concurrency, async (i) => {
    const res = await fetch(`${root}/01/${GTIN}/21/${(i % count) + 1}`, { headers: { accept: "text/html" } });
    if (res.status !== 200) throw new Error(`the page answered ${res.status}`);
    await res.text();
  });
  // A sheet of 10,000 DataMatrix labels through the gateway (a brand's token), against drawing them in this process.
  const sheetCodes = Array.from({ length: 10_000 }, (_, i) => code(i));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DEV_JWT_SECRET } = require("@tracehub/gateway") as { DEV_JWT_SECRET: string };
  const created = await fetch(hub.gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${hub.token}` },
    body: JSON.stringify({ query: `mutation { createOrganization(input: { name: "Label brand", kind: BRAND_OWNER, companyPrefixes: ["9506000"] }) { id } }` }),
  });
  const org = ((await created.json()) as { data: { createOrganization: { id: string } } }).data.createOrganization.id;
  const printer = await signAccessToken({ sub: "bench-printer", org, roles: ["brand_owner"] }, { secret: process.env.JWT_SECRET || DEV_JWT_SECRET }, "1h");
  const sheetStarted = process.hrtime.bigint();
  const sheet = await fetch(`${root}/labels/sheet.svg`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${printer}` },
    body: JSON.stringify({ codes: sheetCodes, symbology: "datamatrix" }),
  });
  const svg = await sheet.text();
  const sheetSeconds = msSince(sheetStarted) / 1_000;
  if (sheet.status !== 200 || (svg.match(/<svg /g)?.length ?? 0) !== sheetCodes.length + 1) throw new Error(`the sheet answered ${sheet.status} with ${svg.length} bytes`);
  const drawStarted = process.hrtime.bigint();
  for (let i = 0; i < sheetCodes.length; i++)
    bwipjs.toSVG({ bcid: "gs1datamatrix", text: `(01)${GTIN}(21)${(i % count) + 1}`, scale: 3, paddingwidth: 4, paddingheight: 4, backgroundcolor: "FFFFFF" });
  const drawSeconds = msSince(drawStarted) / 1_000;
  return {
    "label sheet of 10,000 DataMatrix (POST /labels/sheet.svg), labels/s": Math.round(sheetCodes.length / sheetSeconds),
    "baseline: bwip-js drawing the same 10,000 in one process, labels/s": Math.round(sheetCodes.length / drawSeconds),
    "ratio (sheet / drawing alone)": Number((drawSeconds / sheetSeconds).toFixed(3)),
    scenario: `public checks of ${count.toLocaleString("en")} units, ${concurrency} concurrent anonymous clients, ${seconds} s each`,
    "verifyAuthenticity through the gateway (VerifyVerdict), checks/s": check.perSecond,
    "verifyAuthenticity p50 ms": check.p50,
    "verifyAuthenticity p99 ms": check.p99,
    "the full public answer (VerifyAuthenticity), checks/s": fullCheck.perSecond,
    "the full public answer p99 ms": fullCheck.p99,
    "resolver page (/01/…/21/…, HTML), pages/s": pageLoad.perSecond,
    "resolver page p99 ms": pageLoad.p99,
    "baseline: Node HTTP + one indexed SELECT, checks/s": baseline.perSecond,
    "baseline p99 ms": baseline.p99,
    ...(check.cpu ? { "CPU ms per check (VerifyVerdict), by process": check.cpu } : {}),
    ...(baseline.cpu ? { "CPU ms per check of the baseline (its server runs in the load process)": baseline.cpu } : {}),
    "ratio (checks/s / baseline)": Number((check.perSecond / baseline.perSecond).toFixed(3)),
    "ratio (pages/s / baseline)": Number((pageLoad.perSecond / baseline.perSecond).toFixed(3)),
  };
}
