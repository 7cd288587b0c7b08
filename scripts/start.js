#!/usr/bin/env node
// `npm start`: PostgreSQL (DATABASE_URL, or an embedded server under .data/pg), migrations, the four
// subgraphs and the gateway as separate processes, a demo data set when the database is empty, and the
// URL and demo tokens. Ctrl-C stops everything, embedded PostgreSQL included.
const path = require("node:path");
const { Client } = require("pg");
const { ROOT, resolveDatabase, migrateAll, spawnHub } = require("./lib");

const GATEWAY_PORT = Number(process.env.GATEWAY_PORT || 4000);
const HOST = process.env.HOST || "127.0.0.1";
let db;
let stopping = false;

let hub;

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log("\n[start] stopping...");
  if (hub) await hub.stop();
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

  hub = await spawnHub({
    databaseUrl: db.url,
    host: HOST,
    gatewayPort: GATEWAY_PORT,
    onExit: (name, how) => {
      console.error(`[start] ${name} stopped unexpectedly (${how}); shutting down.`);
      void shutdown(1);
    },
  });
  const gatewayUrl = hub.gatewayUrl;

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
