import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { signAccessToken } from "@tracehub/auth";
import type { Client } from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { type BenchHub, ROOT, gql, msSince, percentile } from "./harness";
import type { Result } from "./scenarios";

const CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
const GTIN = "09506000134352";
const READ_POINT = "https://id.gs1.org/414/9506000000008";

/** Writes an EPCIS 2.0 JSON-LD document of `count` commissioning ObjectEvents (one new serial each), streamed. */
async function writeImportFile(file: string, count: number): Promise<number> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await write(`{"@context":["${CONTEXT}"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-01-01T00:00:00Z","epcisBody":{"eventList":[\n`);
  const base = Date.UTC(2025, 0, 1);
  for (let i = 0; i < count; i++) {
    const event = {
      type: "ObjectEvent",
      eventTime: new Date(base + i * 1000).toISOString(),
      eventTimeZoneOffset: "+00:00",
      epcList: [`https://id.gs1.org/01/${GTIN}/21/IMP${i}`],
      action: "ADD",
      bizStep: "commissioning",
      disposition: "active",
      readPoint: { id: READ_POINT },
    };
    await write(`${i ? ",\n" : ""}${JSON.stringify(event)}`);
  }
  await write("\n]}}\n");
  out.end();
  await once(out, "finish");
  return (await import("node:fs/promises")).stat(file).then((s) => s.size);
}

/** The resident set of a process now, in MB (from /proc); null once it has ended. */
async function rssMb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? "0");
    return Math.round(kb / 102.4) / 10;
  } catch {
    return null;
  }
}

/** Copies a table's rows out and loads them into an empty twin (same columns and indexes) with COPY; answers the load's ms. */
async function copyLoad(sql: Client, table: string): Promise<{ ms: number; rows: number }> {
  const twin = `bench_copy_${table}`;
  await sql.query(`DROP TABLE IF EXISTS "units"."${twin}"`);
  await sql.query(`CREATE TABLE "units"."${twin}" (LIKE "units"."${table}" INCLUDING DEFAULTS INCLUDING INDEXES)`);
  const chunks: Buffer[] = [];
  const out = sql.query(copyTo(`COPY "units"."${table}" TO STDOUT`));
  for await (const chunk of out) chunks.push(chunk as Buffer);
  const rows = Number((await sql.query(`SELECT count(*)::int AS n FROM "units"."${table}"`)).rows[0].n);
  const started = process.hrtime.bigint();
  const load = sql.query(copyFrom(`COPY "units"."${twin}" FROM STDIN`));
  for (const chunk of chunks) if (!load.write(chunk)) await once(load, "drain");
  load.end();
  await once(load, "finish");
  const ms = msSince(started);
  await sql.query(`DROP TABLE "units"."${twin}"`);
  return { ms, rows };
}

/**
 * Issue 13: `tracehub import` of a large EPCIS file through the REST binding (streamed in chunks, each a background
 * capture job polled to its end), against COPY of the same stored rows into twins of the tables capture writes,
 * in the same run. The CLI's resident memory is sampled while it runs: flat, since the file is streamed.
 */
export async function importThroughRest(hub: BenchHub): Promise<Result> {
  const count = Number(process.env.BENCH_IMPORT_EVENTS || 1_000_000);
  const chunk = Number(process.env.BENCH_IMPORT_CHUNK || 5_000);
  await gql(hub.gatewayUrl, `mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Bench" }) { gtin } }`, {}, hub.token);
  const dir = await mkdtemp(path.join(os.tmpdir(), "tracehub-import-"));
  try {
    const file = path.join(dir, "events.jsonld");
    const bytes = await writeImportFile(file, count);
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [path.join(ROOT, "packages", "cli", "dist", "bin.js"), "import", file, "--chunk", String(chunk), "--json", "--state-dir", path.join(dir, "state")], {
      env: { ...process.env, TRACEHUB_URL: hub.gatewayUrl.replace(/\/graphql$/, ""), TRACEHUB_TOKEN: hub.token },
      stdio: ["ignore", "pipe", "ignore"],
    });
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    const samples: number[] = [];
    const sampler = setInterval(() => {
      void rssMb(child.pid as number).then((mb) => {
        if (mb !== null) samples.push(mb);
      });
    }, 500);
    const [code] = (await once(child, "exit")) as [number];
    clearInterval(sampler);
    const seconds = msSince(started) / 1000;
    if (code !== 0) throw new Error(`tracehub import exited ${code}: ${stdout.slice(0, 500)}`);
    const summary = JSON.parse(stdout) as { stored: number; duplicate: number; rejected: number };
    const tables = ["event", "event_unit", "unit", "movement_stream"];
    let copyMs = 0;
    const copied: string[] = [];
    for (const table of tables) {
      const c = await copyLoad(hub.sql, table);
      copyMs += c.ms;
      copied.push(`${table} ${c.rows}`);
    }
    const perSecond = count / seconds;
    const copyPerSecond = count / (copyMs / 1000);
    const early = samples.slice(0, Math.max(1, Math.floor(samples.length / 10)));
    return {
      scenario: `tracehub import of ${count.toLocaleString("en")} events (${(bytes / 1e6).toFixed(0)} MB JSON-LD, chunks of ${chunk}) through POST /epcis/capture`,
      "stored / duplicate / rejected": `${summary.stored} / ${summary.duplicate} / ${summary.rejected}`,
      "import: elapsed": `${seconds.toFixed(1)} s`,
      "import: events/s": Math.round(perSecond),
      "baseline: COPY of the stored rows": `${(copyMs / 1000).toFixed(1)} s (${copied.join(", ")})`,
      "baseline: events/s": Math.round(copyPerSecond),
      "ratio (import / COPY)": (perSecond / copyPerSecond).toFixed(3),
      "CLI resident memory: first tenth / peak": `${Math.max(...early)} MB / ${Math.max(...samples)} MB (${samples.length} samples)`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One HTTP server answering 204 on `/r/<i>` and noting when each delivery of each movement arrived. */
async function receivers(onDelivery: (endpoint: number, body: { data: { eventId: string; recordTime: string } }, at: number) => void): Promise<{ url: (i: number) => string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = Date.now();
      const endpoint = Number((req.url ?? "").split("/")[2]);
      try {
        onDelivery(endpoint, JSON.parse(Buffer.concat(chunks).toString("utf8")), at);
      } catch {
        // a body the bench did not expect: counted as missing
      }
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  return { url: (i) => `http://127.0.0.1:${port}/r/${i}`, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * Issue 13: a webhook fan-out of 1,000 movements to 100 endpoints (100,000 deliveries), latency from each event's
 * record time (set in the capture transaction, so commit is after it) to its arrival, against the same fan-out
 * posted directly by a loop with the same concurrency the moment each capture answered (no queue, no database):
 * what the hub's durable delivery costs over the network work itself.
 */
export async function webhookFanOut(hub: BenchHub): Promise<Result> {
  const endpoints = Number(process.env.BENCH_WEBHOOK_ENDPOINTS || 100);
  const movements = Number(process.env.BENCH_WEBHOOK_MOVEMENTS || 1_000);
  const perCapture = 10;
  const concurrency = 32;
  await gql(hub.gatewayUrl, `mutation { upsertProduct(input: { gtin: "${GTIN}", name: "Bench" }) { gtin } }`, {}, hub.token);
  const units = (
    await gql<{ commissionUnits: { unitIds: string[] } }>(hub.gatewayUrl, `mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { unitIds } }`, {
      i: { gtin: GTIN, count: movements, serialType: "SEQUENTIAL", eventTime: "2025-12-31T00:00:00Z" },
    }, hub.token)
  ).commissionUnits.unitIds;
  // Webhooks belong to organizations (at most 50 each): regulators, who read every movement.
  const perOrg = 50;
  const orgTokens: string[] = [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DEV_JWT_SECRET } = require("@tracehub/gateway") as { DEV_JWT_SECRET: string };
  for (let o = 0; o < Math.ceil(endpoints / perOrg); o++) {
    const org = (await gql<{ createOrganization: { id: string } }>(hub.gatewayUrl, `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, { i: { name: `Agency ${o}`, kind: "REGULATOR" } }, hub.token))
      .createOrganization.id;
    orgTokens.push(await signAccessToken({ sub: `agency-${o}`, org, roles: ["regulator"] }, { secret: process.env.JWT_SECRET || DEV_JWT_SECRET }, "2h"));
  }
  const arrivals: number[] = [];
  let received = 0;
  const server = await receivers((_endpoint, body, at) => {
    received++;
    const recorded = Date.parse(body.data.recordTime);
    if (Number.isFinite(recorded)) arrivals.push(at - recorded);
  });
  try {
    const hooks: { id: string; token: string }[] = [];
    for (let i = 0; i < endpoints; i++) {
      const token = orgTokens[Math.floor(i / perOrg)] as string;
      const registered = await gql<{ registerWebhook: { webhook: { id: string } } }>(hub.gatewayUrl, `mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { webhook { id } } }`, { i: { url: server.url(i), kinds: ["UNIT_MOVEMENT"] } }, token);
      hooks.push({ id: registered.registerWebhook.webhook.id, token });
    }
    const capture = `mutation($d: JSON!) { captureEvents(document: $d) { stored } }`;
    const started = Date.now();
    for (let m = 0; m < movements; m += perCapture) {
      const eventList = units.slice(m, m + perCapture).map((u, k) => ({
        type: "ObjectEvent",
        eventTime: new Date(Date.UTC(2026, 0, 1) + (m + k) * 1000).toISOString(),
        eventTimeZoneOffset: "+00:00",
        epcList: [u],
        action: "OBSERVE",
        bizStep: "shipping",
        disposition: "in_transit",
        readPoint: { id: READ_POINT },
      }));
      await gql(hub.gatewayUrl, capture, { d: { "@context": [CONTEXT], type: "EPCISDocument", schemaVersion: "2.0", creationDate: new Date().toISOString(), epcisBody: { eventList } } }, hub.token);
    }
    const capturedIn = (Date.now() - started) / 1000;
    const total = endpoints * movements;
    const deadline = Date.now() + 600_000;
    while (received < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const hubSeconds = (Date.now() - started) / 1000;
    arrivals.sort((a, b) => a - b);
    const hubP50 = percentile(arrivals, 50);
    const hubP99 = percentile(arrivals, 99);
    const hubReceived = received;

    // Baseline: the same fan-out straight from a loop, each movement posted to every endpoint as its capture answers
    // (the webhooks stopped first, so that only the loop posts).
    for (const hook of hooks) await gql(hub.gatewayUrl, `mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: hook.id }, hook.token);
    received = 0;
    arrivals.length = 0;
    const baseStarted = Date.now();
    const queue: { url: string; body: string }[] = [];
    let inFlight = 0;
    let resolveDone: () => void = () => undefined;
    const drained = new Promise<void>((r) => (resolveDone = r));
    let producing = true;
    const pump = () => {
      while (inFlight < concurrency && queue.length) {
        const job = queue.shift() as { url: string; body: string };
        inFlight++;
        void fetch(job.url, { method: "POST", headers: { "content-type": "application/json" }, body: job.body })
          .then((r) => r.body?.cancel())
          .finally(() => {
            inFlight--;
            pump();
            if (!producing && inFlight === 0 && queue.length === 0) resolveDone();
          });
      }
    };
    for (let m = 0; m < movements; m += perCapture) {
      const eventList = units.slice(m, m + perCapture).map((u, k) => ({
        type: "ObjectEvent",
        eventTime: new Date(Date.UTC(2026, 1, 1) + (m + k) * 1000).toISOString(),
        eventTimeZoneOffset: "+00:00",
        epcList: [u],
        action: "OBSERVE",
        bizStep: "receiving",
        disposition: "in_progress",
        readPoint: { id: READ_POINT },
      }));
      await gql(hub.gatewayUrl, capture, { d: { "@context": [CONTEXT], type: "EPCISDocument", schemaVersion: "2.0", creationDate: new Date().toISOString(), epcisBody: { eventList } } }, hub.token);
      const recordTime = new Date().toISOString();
      for (let k = 0; k < eventList.length; k++) for (let i = 0; i < endpoints; i++) queue.push({ url: server.url(i), body: JSON.stringify({ data: { eventId: `${m + k}`, recordTime } }) });
      pump();
    }
    producing = false;
    if (inFlight > 0 || queue.length > 0) await drained;
    const baseSeconds = (Date.now() - baseStarted) / 1000;
    arrivals.sort((a, b) => a - b);
    const baseP99 = percentile(arrivals, 99);
    return {
      scenario: `webhook fan-out: ${movements.toLocaleString("en")} movements to ${endpoints} endpoints (${total.toLocaleString("en")} deliveries), ${perCapture} events per capture`,
      "hub: delivered": `${hubReceived} of ${total} in ${hubSeconds.toFixed(1)} s (captures took ${capturedIn.toFixed(1)} s)`,
      "hub: record time to arrival, p50 / p99": `${hubP50} ms / ${hubP99} ms`,
      "baseline (direct posts, no queue): all posted in": `${baseSeconds.toFixed(1)} s (${received} delivered)`,
      "baseline: capture answer to arrival, p99": `${baseP99} ms`,
      "ratio (hub p99 / baseline p99)": (hubP99 / baseP99).toFixed(2),
    };
  } finally {
    await server.close();
  }
}
