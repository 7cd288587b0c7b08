// Shared by the root scripts: which database to use, and how to open each service.
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const EMBEDDED_PORT = Number(process.env.EMBEDDED_PG_PORT || 54329);
const DEMO_DATABASE = "tracehub";

/**
 * The database URL: DATABASE_URL when set; otherwise an embedded PostgreSQL under .data/pg
 * (started here, kept between runs), with a `tracehub` database.
 */
async function resolveDatabase() {
  const db = require("@tracehub/db");
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined, embedded: false };
  const pg = await db.startEmbeddedPostgres({ dataDir: path.join(ROOT, ".data", "pg"), port: EMBEDDED_PORT, persistent: true });
  await db.ensureDatabase(pg.url, DEMO_DATABASE);
  return { url: db.withDatabase(pg.url, DEMO_DATABASE), stop: pg.stop, embedded: true };
}

const SERVICES = [
  { name: "units", port: 4001, pkg: "@tracehub/units", open: "createUnitsDataSource", migrate: "migrateUnits" },
  { name: "orders", port: 4002, pkg: "@tracehub/orders", open: "createOrdersDataSource", migrate: "migrateOrders" },
  { name: "suppliers", port: 4003, pkg: "@tracehub/suppliers", open: "createSuppliersDataSource", migrate: "migrateSuppliers" },
  { name: "compliance", port: 4004, pkg: "@tracehub/compliance", open: "createComplianceDataSource", migrate: "migrateCompliance" },
];

/** Runs every service's migrations against `url`. */
async function migrateAll(url) {
  require("reflect-metadata");
  for (const service of SERVICES) {
    const mod = require(service.pkg);
    const ds = mod[service.open](url);
    try {
      const ran = await mod[service.migrate](ds);
      console.log(`[migrate] ${service.name}: ${ran.length ? ran.join(", ") : "up to date"}`);
    } finally {
      await ds.destroy();
    }
  }
}

module.exports = { ROOT, SERVICES, resolveDatabase, migrateAll };
