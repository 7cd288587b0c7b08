#!/usr/bin/env node
// `npm start`: PostgreSQL (DATABASE_URL, or an embedded server under .data/pg), migrations, the four
// subgraphs and the gateway as separate processes, a demo data set when the database is empty, and the
// URL and demo tokens. Ctrl-C stops everything, embedded PostgreSQL included.
const { spawn } = require("node:child_process");
const path = require("node:path");
const { Client } = require("pg");
const { ROOT, SERVICES, resolveDatabase, migrateAll } = require("./lib");

const GATEWAY_PORT = Number(process.env.GATEWAY_PORT || 4000);
const HOST = process.env.HOST || "127.0.0.1";
const children = [];
let db;
let stopping = false;

async function waitForHealth(url, name, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} during start-up (see its log above)`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not answer ${url} within ${timeoutMs / 1000} s`);
}

function run(name, script, env) {
  const child = spawn(process.execPath, [script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = (stream, out) => {
    let buf = "";
    stream.on("data", (chunk) => {
      buf += chunk;
      const lines = buf.split("\n");
      buf = lines.pop();
      for (const line of lines) out.write(line.startsWith("[") ? `${line}\n` : `[${name}] ${line}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${name} stopped unexpectedly (${signal ?? `exit ${code}`}); shutting down.`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log("\n[start] stopping...");
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", resolve);
          child.kill("SIGTERM");
          setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
        }),
    ),
  );
  if (db) await db.stop().catch((e) => console.error(`[start] could not stop PostgreSQL: ${e.message}`));
  console.log("[start] stopped.");
  process.exit(code);
}

async function isEmpty(url) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT (SELECT count(*) FROM "suppliers"."organization") + (SELECT count(*) FROM "units"."product") AS n`);
    return Number(rows[0].n) === 0;
  } finally {
    await client.end();
  }
}

async function orgIds(url) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT "id", "kind" FROM "suppliers"."organization" ORDER BY "created_at"`);
    return { brandOwner: rows.find((r) => r.kind === "BRAND_OWNER")?.id ?? null, retailer: rows.find((r) => r.kind === "RETAILER")?.id ?? null };
  } finally {
    await client.end();
  }
}

async function main() {
  const started = Date.now();
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  db = await resolveDatabase();
  console.log(`[start] PostgreSQL: ${db.embedded ? `embedded, data in ${path.join(ROOT, ".data", "pg")}` : "DATABASE_URL"}`);
  await migrateAll(db.url);

  const shared = { DATABASE_URL: db.url, HOST };
  const procs = SERVICES.map((s) => ({
    ...s,
    child: run(s.name, path.join(ROOT, "services", s.name, "dist", "main.js"), { ...shared, PORT: String(s.port) }),
  }));
  const urls = Object.fromEntries(SERVICES.map((s) => [`${s.name.toUpperCase()}_URL`, `http://${HOST}:${s.port}/graphql`]));
  const gateway = run("gateway", path.join(ROOT, "gateway", "dist", "main.js"), { ...urls, HOST, GATEWAY_PORT: String(GATEWAY_PORT) });
  await Promise.all(procs.map((p) => waitForHealth(`http://${HOST}:${p.port}/health`, p.name, p.child)));
  await waitForHealth(`http://${HOST}:${GATEWAY_PORT}/health`, "gateway", gateway);
  const gatewayUrl = `http://${HOST}:${GATEWAY_PORT}/graphql`;

  const { signAccessToken } = require("@tracehub/auth");
  const { DEV_JWT_SECRET } = require("@tracehub/gateway");
  const secret = process.env.JWT_SECRET || DEV_JWT_SECRET;
  const token = (claims) => signAccessToken(claims, { secret });
  if (await isEmpty(db.url)) {
    const { seedDemo } = require("@tracehub/testkit");
    await seedDemo(gatewayUrl, await token({ sub: "demo-operator", roles: ["operator"] }), (org) => token({ sub: "demo-retailer", org, roles: ["fulfilment"] }));
    console.log("[start] demo data seeded: 3 organizations, 2 products, 30 units, 1 order, 1 recall");
  }
  const orgs = await orgIds(db.url);
  const tokens = {
    operator: await token({ sub: "demo-operator", roles: ["operator"] }),
    "brand owner": await token({ sub: "demo-brand", org: orgs.brandOwner, roles: ["brand_owner"] }),
    "retailer (fulfilment)": await token({ sub: "demo-retailer", org: orgs.retailer, roles: ["fulfilment"] }),
    compliance: await token({ sub: "demo-compliance", roles: ["compliance"] }),
  };
  console.log(`
tracehub is ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${gatewayUrl}

Demo tokens (valid 12 h; send as 'Authorization: Bearer <token>'):
${Object.entries(tokens).map(([role, t]) => `  ${role.padEnd(22)} ${t}`).join("\n")}

Try:
  curl -s ${gatewayUrl} -H 'content-type: application/json' -H "authorization: Bearer ${tokens.operator}" \\
    -d '{"query":"{ units(first: 20) { edges { node { id product { gtin brandOwner { name } } order { id } recalls { id } } } } }"}'
  curl -s ${gatewayUrl} -H 'content-type: application/json' \\
    -d '{"query":"{ verifyAuthenticity(code: \\"(01)09506000134352(21)NOT-ISSUED\\") { verdict message } }"}'

Ctrl-C stops everything.`);
}

main().catch(async (error) => {
  console.error(`[start] ${error instanceof Error ? error.message : error}`);
  await shutdown(1);
});
