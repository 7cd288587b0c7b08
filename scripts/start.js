#!/usr/bin/env node
// `npm start`: PostgreSQL (DATABASE_URL, or an embedded server under .data/pg), migrations, the four
// subgraphs and the gateway as separate processes, a demo data set when the database is empty, and the
// URL and demo tokens. Ports: 4000 (gateway), 4001..4004 (subgraphs), 54329 (embedded PostgreSQL), or
// TRACEHUB_BASE_PORT + 0..5 in that order; GATEWAY_PORT, UNITS_PORT, ORDERS_PORT, SUPPLIERS_PORT,
// COMPLIANCE_PORT and EMBEDDED_PG_PORT set one alone. A failure to start is one line saying what failed and
// what to do, exit code 1, and whatever had started is stopped. Ctrl-C (SIGINT) or SIGTERM stops everything,
// embedded PostgreSQL included, and says how each process ended.
const path = require("node:path");
const { Client } = require("pg");
const { ROOT, SERVICES, StartupError, describeError, resolvePorts, checkPorts, resolveDatabase, migrateAll, spawnHub } = require("./lib");

const HOST = process.env.HOST || "127.0.0.1";
const startup = new AbortController();
/** What start-up is doing, to name it when an unexpected error ends it. */
let step = "reading the port settings";
let stopping = false;
/** The database and the hub as they start: a stop in the middle of start-up waits for them and stops them. */
let databaseStarting;
let hubStarting;

/**
 * Stops whatever has started (hub, then embedded PostgreSQL) and exits with `code` (or 1 if a process ended badly).
 * `announce` says so and how each process ended; a failed start-up has already said what went wrong, in one line.
 */
async function shutdown(code, { announce = true } = {}) {
  if (stopping) return;
  stopping = true;
  startup.abort();
  if (announce) console.log("\n[start] stopping...");
  // How each hub process ended: stopped here, or already by a start-up that failed or was interrupted.
  const ended = hubStarting ? await hubStarting.then((hub) => hub.stop(), (error) => error.ended ?? null) : null;
  const db = await databaseStarting?.catch(() => null);
  let failed = false;
  if (db) {
    await db.stop().catch((error) => {
      failed = true;
      console.error(`[start] could not stop PostgreSQL: ${describeError(error)}`);
    });
  }
  if (ended && announce) {
    // Ended by the SIGTERM sent here is fine for a process still loading (no handler yet); SIGKILL means it hung.
    const badly = Object.entries(ended).filter(([, how]) => how !== 0 && how !== "SIGTERM" && how !== "SIGINT");
    const codes = Object.entries(ended).map(([name, how]) => `${name} ${how}`).join(", ");
    if (badly.length) console.error(`[start] stopped, not cleanly (exit codes: ${codes})`);
    else console.log(`[start] stopped (exit codes: ${codes})`);
    failed ||= badly.length > 0;
  } else if (announce) {
    console.log("[start] stopped.");
  }
  process.exit(code || (failed ? 1 : 0));
}

/** DATABASE_URL without its credentials, for messages. */
function where(url) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "DATABASE_URL (not a valid URL)";
  }
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
  const ports = resolvePorts();
  const embedded = !process.env.DATABASE_URL;
  // Every port first, so a busy one stops start-up before anything runs.
  await checkPorts(ports, ["gateway", ...SERVICES.map((s) => s.name), ...(embedded ? ["postgres"] : [])], HOST);

  step = embedded ? `starting the embedded PostgreSQL on port ${ports.postgres}` : "reading DATABASE_URL";
  databaseStarting = resolveDatabase(ports);
  const db = await databaseStarting;
  if (stopping) return;
  console.log(`[start] PostgreSQL: ${db.embedded ? `embedded on port ${ports.postgres}, data in ${path.join(ROOT, ".data", "pg")}` : `DATABASE_URL (${where(db.url)})`}`);

  step = `migrating the database at ${db.embedded ? `the embedded PostgreSQL (port ${ports.postgres})` : where(db.url)}`;
  try {
    await migrateAll(db.url);
  } catch (error) {
    const unreachable = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|timeout/i.test(`${error?.code} ${describeError(error)}`);
    throw new StartupError(`${step} failed: ${describeError(error)}${unreachable && !db.embedded ? " (is PostgreSQL running there? check DATABASE_URL)" : ""}`);
  }
  if (stopping) return;

  step = "starting the subgraphs and the gateway";
  hubStarting = spawnHub({
    databaseUrl: db.url,
    host: HOST,
    gatewayPort: ports.gateway,
    ports: Object.fromEntries(SERVICES.map((s) => [s.name, ports[s.name]])),
    signal: startup.signal,
    onExit: (name, how) => {
      console.error(`[start] ${name} stopped unexpectedly (${typeof how === "number" ? `exit code ${how}` : how}); stopping the others.`);
      void shutdown(1);
    },
  });
  let hub;
  try {
    hub = await hubStarting;
  } catch (error) {
    if (stopping) return;
    // A port taken between the check and the start: say which and what to set.
    const name = error.processName;
    if (name && /EADDRINUSE|in use/.test(error.message)) throw new StartupError(`port ${ports[name]} (${name}) is in use: ${ports.hint(name)}`);
    throw new StartupError(`${step} failed: ${describeError(error)}`);
  }
  if (stopping) return;
  const gatewayUrl = hub.gatewayUrl;

  step = "seeding the demo data";
  const { signAccessToken } = require("@tracehub/auth");
  const { DEV_JWT_SECRET } = require("@tracehub/gateway");
  const secret = process.env.JWT_SECRET || DEV_JWT_SECRET;
  const token = (claims) => signAccessToken(claims, { secret });
  if (await isEmpty(db.url)) {
    const { seedDemo } = require("@tracehub/testkit");
    await seedDemo(gatewayUrl, await token({ sub: "demo-operator", roles: ["operator"] }), (org) => token({ sub: "demo-retailer", org, roles: ["fulfilment"] }));
    console.log("[start] demo data seeded: 3 organizations, 2 products, 30 units, 1 order, 1 recall");
    // The seed's mutations are in the audit log before the hub says it is ready (the gateway sends them in the
    // background): a stop right after start-up then has nothing left to send.
    const health = gatewayUrl.replace(/\/graphql$/, "/health");
    for (const until = Date.now() + 5_000; Date.now() < until; ) {
      const pending = await fetch(health).then((r) => r.json()).then((b) => b.auditPending, () => 0);
      if (!pending) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  if (stopping) return;
  const orgs = await orgIds(db.url);
  const tokens = {
    operator: await token({ sub: "demo-operator", roles: ["operator"] }),
    "brand owner": await token({ sub: "demo-brand", org: orgs.brandOwner, roles: ["brand_owner"] }),
    "retailer (fulfilment)": await token({ sub: "demo-retailer", org: orgs.retailer, roles: ["fulfilment"] }),
    compliance: await token({ sub: "demo-compliance", roles: ["compliance"] }),
  };
  const { PUBLIC_OPERATIONS, operationHash } = require("@tracehub/gateway/public-operations");
  const verifyHash = operationHash(PUBLIC_OPERATIONS.VerifyAuthenticity);
  console.log(`
tracehub is ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${gatewayUrl}

Demo tokens (valid 12 h; send as 'Authorization: Bearer <token>'):
${Object.entries(tokens).map(([role, t]) => `  ${role.padEnd(22)} ${t}`).join("\n")}

Try:
  curl -s ${gatewayUrl} -H 'content-type: application/json' -H "authorization: Bearer ${tokens.operator}" \\
    -d '{"query":"{ units(first: 20) { edges { node { id product { gtin brandOwner { name } } order { id } recalls { id } } } } }"}'
  curl -s ${gatewayUrl} -H 'content-type: application/json' \\
    -d '{"variables":{"code":"(01)09506000134352(21)NOT-ISSUED"},"extensions":{"persistedQuery":{"version":1,"sha256Hash":"${verifyHash}"}}}'

Web app: ${gatewayUrl.replace(/\/graphql$/, "/app/")} (sign in with a token above)

Ctrl-C stops everything.`);
}

main().catch(async (error) => {
  if (stopping) return;
  console.error(`[start] ${error instanceof StartupError ? error.message : `${step} failed: ${describeError(error)}`}`);
  await shutdown(1, { announce: false });
});
