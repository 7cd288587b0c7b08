// Shared by the root scripts and the benchmarks: which database to use, how to migrate, and how to run
// the four subgraphs and the gateway as separate processes.
const { spawn } = require("node:child_process");
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
async function migrateAll(url, log = console.log) {
  require("reflect-metadata");
  for (const service of SERVICES) {
    const mod = require(service.pkg);
    const ds = mod[service.open](url);
    try {
      const ran = await mod[service.migrate](ds);
      log(`[migrate] ${service.name}: ${ran.length ? ran.join(", ") : "up to date"}`);
    } finally {
      await ds.destroy();
    }
  }
}

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

/**
 * Starts the four subgraphs and the gateway as separate node processes against a migrated database and
 * waits until each answers /health. `onExit(name, code)` is called when one stops on its own; `onLine(name,
 * line)`, when given, receives every output line instead of this process's stdout/stderr.
 * Returns the URLs, `child(name)` (the running process of that name), `restart(name)` (starts a process that
 * ended again, with the same settings, and waits for its /health) and `stop()`, which ends every process
 * (SIGTERM, then SIGKILL after 5 s).
 */
async function spawnHub({ databaseUrl, host = "127.0.0.1", gatewayPort = 4000, basePort = 4001, quiet = false, env = {}, onExit = () => undefined, onLine }) {
  const children = [];
  const latest = {};
  let stopping = false;
  const run = (name, script, extraEnv) => {
    // TRACEHUB_NODE_ARGS passes extra node flags to every hub process (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
    const nodeArgs = (process.env.TRACEHUB_NODE_ARGS ?? "").split(" ").filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, script], { cwd: ROOT, env: { ...process.env, ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    const prefix = (stream, out) => {
      let buf = "";
      stream.on("data", (chunk) => {
        buf += chunk;
        const lines = buf.split("\n");
        buf = lines.pop();
        if (onLine) for (const line of lines) onLine(name, line);
        if (quiet || onLine) return;
        for (const line of lines) out.write(line.startsWith("[") ? `${line}\n` : `[${name}] ${line}\n`);
      });
    };
    prefix(child.stdout, process.stdout);
    prefix(child.stderr, process.stderr);
    child.on("exit", (code, signal) => {
      if (!stopping) onExit(name, signal ?? code);
    });
    children.push({ name, child, script, extraEnv });
    latest[name] = { child, script, extraEnv };
    return child;
  };
  const services = SERVICES.map((s, i) => ({ ...s, port: basePort + i }));
  const urls = Object.fromEntries(services.map((s) => [`${s.name.toUpperCase()}_URL`, `http://${host}:${s.port}/graphql`]));
  const procs = services.map((s) => ({
    ...s,
    // Compliance delivers issued recalls to units through its outbox, so it needs units' URL.
    child: run(s.name, path.join(ROOT, "services", s.name, "dist", "main.js"), {
      DATABASE_URL: databaseUrl,
      HOST: host,
      PORT: String(s.port),
      ...(s.name === "compliance" ? { UNITS_URL: urls.UNITS_URL } : {}),
    }),
  }));
  const gateway = run("gateway", path.join(ROOT, "gateway", "dist", "main.js"), { ...urls, HOST: host, GATEWAY_PORT: String(gatewayPort) });
  const healthUrls = { ...Object.fromEntries(services.map((s) => [s.name, `http://${host}:${s.port}/health`])), gateway: `http://${host}:${gatewayPort}/health` };
  const child = (name) => {
    if (!latest[name]) throw new Error(`no hub process named ${name}`);
    return latest[name].child;
  };
  const restart = async (name) => {
    const previous = latest[name];
    if (!previous) throw new Error(`no hub process named ${name}`);
    if (previous.child.exitCode === null && previous.child.signalCode === null) throw new Error(`${name} is still running (pid ${previous.child.pid}); end it first`);
    const started = run(name, previous.script, previous.extraEnv);
    await waitForHealth(healthUrls[name], name, started);
    return started;
  };
  const stop = async () => {
    stopping = true;
    await Promise.all(
      children.map(
        ({ child }) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", resolve);
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
          }),
      ),
    );
  };
  try {
    await Promise.all(procs.map((p) => waitForHealth(`http://${host}:${p.port}/health`, p.name, p.child)));
    await waitForHealth(`http://${host}:${gatewayPort}/health`, "gateway", gateway);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gatewayUrl: `http://${host}:${gatewayPort}/graphql`,
    subgraphUrls: Object.fromEntries(services.map((s) => [s.name, `http://${host}:${s.port}/graphql`])),
    pids: Object.fromEntries(children.map(({ name, child }) => [name, child.pid])),
    child,
    restart,
    stop,
  };
}

module.exports = { ROOT, SERVICES, resolveDatabase, migrateAll, spawnHub };
