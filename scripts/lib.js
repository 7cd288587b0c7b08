// Shared by the root scripts and the benchmarks: which database to use, how to migrate, and how to run
// the four subgraphs and the gateway as separate processes.
const { spawn } = require("node:child_process");
const net = require("node:net");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const DEMO_DATABASE = "tracehub";

/** A start-up failure whose message already says what failed and how to fix it (printed as it is, on one line). */
class StartupError extends Error {
  constructor(message) {
    super(message);
    this.name = "StartupError";
  }
}

/** One line for any error: its message, else its code, else what an AggregateError (e.g. ECONNREFUSED on ::1 and 127.0.0.1) holds. */
function describeError(error) {
  if (error === undefined || error === null) return "no reason given";
  if (typeof error !== "object") return String(error).split("\n")[0].trim();
  const inner = Array.isArray(error.errors) && error.errors.length ? describeError(error.errors[0]) : "";
  return String(error.message || inner || error.code || error.name || error)
    .split("\n")[0]
    .trim();
}

/**
 * The processes of `npm start` that listen, in port order from TRACEHUB_BASE_PORT, each with the variable that
 * sets its port alone (it wins over the base). Without TRACEHUB_BASE_PORT the ports are the defaults here.
 */
const PORTS = [
  { name: "gateway", label: "gateway", variable: "GATEWAY_PORT", fallback: 4000 },
  { name: "units", label: "units", variable: "UNITS_PORT", fallback: 4001 },
  { name: "orders", label: "orders", variable: "ORDERS_PORT", fallback: 4002 },
  { name: "suppliers", label: "suppliers", variable: "SUPPLIERS_PORT", fallback: 4003 },
  { name: "compliance", label: "compliance", variable: "COMPLIANCE_PORT", fallback: 4004 },
  { name: "postgres", label: "embedded PostgreSQL", variable: "EMBEDDED_PG_PORT", fallback: 54329 },
];

function parsePort(variable, value, highest = 65535) {
  const port = Number(value);
  if (!/^\d+$/.test(String(value).trim()) || port < 1 || port > highest) {
    throw new StartupError(`${variable}=${value} is not a port: use a whole number from 1 to ${highest}`);
  }
  return port;
}

/**
 * The ports `npm start` uses: `<NAME>_PORT` (GATEWAY_PORT, UNITS_PORT, ORDERS_PORT, SUPPLIERS_PORT,
 * COMPLIANCE_PORT, EMBEDDED_PG_PORT) when set; otherwise TRACEHUB_BASE_PORT + 0..5 in that order when it is set;
 * otherwise 4000..4004 and 54329. Returns `{ gateway, units, ..., postgres }` and `hint(name)`, what to set to move
 * that port. Throws a StartupError for a value that is not a port, or two processes on one port.
 */
function resolvePorts(env = process.env) {
  const base = env.TRACEHUB_BASE_PORT ? parsePort("TRACEHUB_BASE_PORT", env.TRACEHUB_BASE_PORT, 65535 - (PORTS.length - 1)) : undefined;
  const ports = {};
  const setBy = {};
  PORTS.forEach((p, i) => {
    if (env[p.variable]) {
      ports[p.name] = parsePort(p.variable, env[p.variable]);
      setBy[p.name] = p.variable;
    } else {
      ports[p.name] = base === undefined ? p.fallback : base + i;
      setBy[p.name] = base === undefined ? null : "TRACEHUB_BASE_PORT";
    }
  });
  for (const [i, a] of PORTS.entries()) {
    const b = PORTS.slice(i + 1).find((other) => ports[other.name] === ports[a.name]);
    if (b) throw new StartupError(`${a.label} and ${b.label} would both listen on port ${ports[a.name]}: set ${a.variable} or ${b.variable} to another port`);
  }
  const hint = (name) => {
    const p = PORTS.find((x) => x.name === name);
    const how = setBy[name] === p.variable ? `set ${p.variable} to a free port` : `set TRACEHUB_BASE_PORT (now ${base ?? "unset, so 4000"}; the gateway takes it, the subgraphs and the embedded PostgreSQL the next five) or ${p.variable}`;
    return name === "postgres" ? `${how}, or set DATABASE_URL to a running PostgreSQL` : how;
  };
  return { ...ports, hint };
}

/** Why `port` on `host` cannot be listened on (`"in use"`, ...), or null when it can. */
function portProblem(port, host) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (error) => {
      if (error.code === "EADDRINUSE") resolve("is in use");
      else if (error.code === "EACCES") resolve("needs privileges (ports below 1024): pick a higher one");
      else if (error.code === "EADDRNOTAVAIL") resolve(`cannot be opened: ${host} is not an address of this machine (check HOST)`);
      else resolve(`cannot be opened (${describeError(error)})`);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(null)));
  });
}

/**
 * Checks that every port of `names` can be listened on before anything starts; throws a StartupError naming the
 * first that cannot, which process it is for and what to set, e.g. "port 4000 (gateway) is in use: set ...".
 */
async function checkPorts(ports, names, host = "127.0.0.1") {
  for (const name of names) {
    const label = PORTS.find((p) => p.name === name).label;
    const problem = await portProblem(ports[name], name === "postgres" ? "127.0.0.1" : host);
    if (problem === "is in use") throw new StartupError(`port ${ports[name]} (${label}) is in use: ${ports.hint(name)}`);
    if (problem) throw new StartupError(`port ${ports[name]} (${label}) ${problem}`);
  }
}

/**
 * Starts an embedded PostgreSQL (see @tracehub/db) on `port` with its data in `dataDir`. A failure is a
 * StartupError that says why, from PostgreSQL's own log (the library itself rejects without a reason when the
 * server exits during start-up); `hint` is what to set when the port is taken.
 */
async function startEmbeddedDatabase({ dataDir, port, persistent, hint = "set EMBEDDED_PG_PORT to a free port, or DATABASE_URL" }) {
  const db = require("@tracehub/db");
  const log = [];
  try {
    return await db.startEmbeddedPostgres({ dataDir, port, persistent, onLog: (line) => log.push(...String(line).split("\n")) });
  } catch (error) {
    if (log.some((line) => /could not bind .*Address already in use/i.test(line))) {
      throw new StartupError(`port ${port} (embedded PostgreSQL) is in use: ${hint}`);
    }
    // "2026-01-01 10:00:00.000 UTC [123] FATAL:  lock file ..." without the time and pid.
    const fatal = log.find((line) => /\b(FATAL|PANIC):/.test(line)) ?? log.find((line) => /\bERROR:/.test(line));
    const why = fatal ? fatal.replace(/^.*?\b(FATAL|PANIC|ERROR):\s*/, "").replace(/\s+/g, " ").trim() : describeError(error);
    const lock = /postmaster\.pid|lock file/.test(why) ? ` (is another npm start using ${dataDir}? stop it first)` : "";
    throw new StartupError(`the embedded PostgreSQL (port ${port}, data in ${dataDir}) did not start: ${why}${lock}`);
  }
}

/**
 * The database URL: DATABASE_URL when set; otherwise an embedded PostgreSQL under .data/pg (started here, kept
 * between runs) on `ports.postgres` (default: resolvePorts()), with a `tracehub` database. A failure to start it
 * is a StartupError that says why.
 */
async function resolveDatabase(ports = resolvePorts()) {
  const db = require("@tracehub/db");
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined, embedded: false };
  await checkPorts(ports, ["postgres"]);
  const pg = await startEmbeddedDatabase({ dataDir: path.join(ROOT, ".data", "pg"), port: ports.postgres, persistent: true, hint: ports.hint("postgres") });
  try {
    await db.ensureDatabase(pg.url, DEMO_DATABASE);
  } catch (error) {
    await pg.stop().catch(() => undefined);
    throw new StartupError(`the embedded PostgreSQL started but the ${DEMO_DATABASE} database could not be created: ${describeError(error)}`);
  }
  return { url: db.withDatabase(pg.url, DEMO_DATABASE), stop: pg.stop, embedded: true };
}

const SERVICES = [
  { name: "units", port: 4001, pkg: "@tracehub/units", open: "createUnitsDataSource", migrate: "migrateUnits" },
  { name: "orders", port: 4002, pkg: "@tracehub/orders", open: "createOrdersDataSource", migrate: "migrateOrders" },
  { name: "suppliers", port: 4003, pkg: "@tracehub/suppliers", open: "createSuppliersDataSource", migrate: "migrateSuppliers" },
  { name: "compliance", port: 4004, pkg: "@tracehub/compliance", open: "createComplianceDataSource", migrate: "migrateCompliance" },
];

/**
 * Each process's V8 limits, the same in `npm start`, docker-compose.yml and deploy/kubernetes (a test checks they
 * agree): the old-generation heap limit in MiB (the process collects garbage harder instead of growing past it), and
 * the young generation's semi-space in MiB. V8's default semi-space is 16 MiB: the gateway and units, which parse
 * and build the large documents (a 1,000-event capture, a provenance), keep it (at 4 MiB capture fell from 0.275 to
 * 0.227 of raw INSERT); the three small subgraphs take 4 MiB, which their idle RSS pays for otherwise (BENCHMARKS.md,
 * "Memory").
 */
const HEAP_LIMITS_MB = { gateway: 448, units: 448, orders: 256, suppliers: 224, compliance: 224 };
const SEMI_SPACE_MB = { gateway: 16, units: 16, orders: 4, suppliers: 4, compliance: 4 };

/** The node flags of a hub process: its heap limits (see HEAP_LIMITS_MB). */
function heapFlags(name) {
  const limit = HEAP_LIMITS_MB[name];
  return limit ? [`--max-old-space-size=${limit}`, `--max-semi-space-size=${SEMI_SPACE_MB[name]}`] : [];
}

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

/** The last lines a process printed, kept to explain why it ended during start-up. */
const KEPT_LINES = 20;

function waitForHealth(url, name, child, { timeoutMs = 30_000, signal, lastLines = () => [] } = {}) {
  const deadline = Date.now() + timeoutMs;
  const exitedEarly = () => {
    const how = child.signalCode ? `on ${child.signalCode}` : `with code ${child.exitCode}`;
    // Its own last error line says why (e.g. "[gateway] port 4000 on 127.0.0.1 is in use (EADDRINUSE): ...").
    const lines = lastLines();
    const said = [...lines].reverse().find((line) => /error|fail|in use|cannot|could not|EADDR|EACCES/i.test(line)) ?? lines[lines.length - 1];
    return Object.assign(new Error(`${name} exited ${how} during start-up${said ? `: ${said.replace(/^\[[^\]]+\]\s*/, "")}` : ""}`), { processName: name });
  };
  return (async () => {
    while (Date.now() < deadline) {
      if (signal?.aborted) throw new Error(`start-up of ${name} was interrupted`);
      if (child.exitCode !== null || child.signalCode !== null) throw exitedEarly();
      try {
        const res = await fetch(url, { signal: globalThis.AbortSignal.timeout(2_000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw Object.assign(new Error(`${name} did not answer ${url} within ${timeoutMs / 1000} s`), { processName: name });
  })();
}

/** Why a child ended: its exit code, or the signal that ended it. */
function exitOf(child) {
  return child.signalCode ?? child.exitCode;
}

/**
 * Starts the four subgraphs and the gateway as separate node processes against a migrated database and
 * waits until each answers /health. Ports: `gatewayPort`, and `ports.<subgraph>` or else `basePort` + 0..3 in
 * SERVICES order. `upstreams.<subgraph>`, when given, is the URL the other processes use to reach that subgraph
 * (a load balancer in front of its replicas) instead of this hub's own. `onExit(name, code)` is called when one stops on its own after start-up; `onLine(name, line)`,
 * when given, receives every output line instead of this process's stdout/stderr. `signal` (an AbortSignal)
 * interrupts the start-up: the processes started so far are stopped and the promise rejects.
 * When a process ends during start-up, every process is stopped and the error names it (`processName`), quotes its
 * last error line and says how each process ended (`ended`, as from `stop()`). Returns the URLs, `pids`, `child(name)` (the running process of that name), `restart(name)` (starts a
 * process that ended again, with the same settings, and waits for its /health) and `stop()`, which ends every
 * process (SIGTERM, then SIGKILL after 5 s) and resolves with how each ended (`{ units: 0, ... }`: an exit code,
 * or the signal that ended it).
 */
async function spawnHub({ databaseUrl, host = "127.0.0.1", gatewayPort = 4000, basePort = 4001, ports = {}, upstreams = {}, quiet = false, env = {}, onExit = () => undefined, onLine, signal }) {
  const children = [];
  const latest = {};
  const lastLines = {};
  let started = false;
  let stopping = false;
  const run = (name, script, extraEnv) => {
    // TRACEHUB_NODE_ARGS passes extra node flags to every hub process (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof");
    // they come after the heap limits, so a flag given there wins.
    const nodeArgs = [...heapFlags(name), ...(process.env.TRACEHUB_NODE_ARGS ?? "").split(" ").filter(Boolean)];
    const child = spawn(process.execPath, [...nodeArgs, script], { cwd: ROOT, env: { ...process.env, ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    const kept = (lastLines[name] = []);
    const prefix = (stream, out) => {
      let buf = "";
      stream.on("data", (chunk) => {
        buf += chunk;
        const lines = buf.split("\n");
        buf = lines.pop();
        kept.push(...lines.filter((line) => line.trim()));
        kept.splice(0, Math.max(0, kept.length - KEPT_LINES));
        if (onLine) for (const line of lines) onLine(name, line);
        if (quiet || onLine) return;
        for (const line of lines) out.write(line.startsWith("[") ? `${line}\n` : `[${name}] ${line}\n`);
      });
    };
    prefix(child.stdout, process.stdout);
    prefix(child.stderr, process.stderr);
    child.on("exit", (code, sig) => {
      // During start-up an early exit is the start-up's error (waitForHealth), not a separate event.
      if (started && !stopping) onExit(name, sig ?? code);
    });
    children.push({ name, child, script, extraEnv });
    latest[name] = { child, script, extraEnv };
    return child;
  };
  const services = SERVICES.map((s, i) => ({ ...s, port: ports[s.name] ?? basePort + i }));
  // Where each process reaches the others: its own siblings, or what `upstreams` names (e.g. a load balancer in
  // front of every replica of that service).
  const urls = Object.fromEntries(services.map((s) => [`${s.name.toUpperCase()}_URL`, upstreams[s.name] ?? `http://${host}:${s.port}/graphql`]));
  const healthUrls = { ...Object.fromEntries(services.map((s) => [s.name, `http://${host}:${s.port}/health`])), gateway: `http://${host}:${gatewayPort}/health` };
  const child = (name) => {
    if (!latest[name]) throw new Error(`no hub process named ${name}`);
    return latest[name].child;
  };
  const healthy = (name, proc) => waitForHealth(healthUrls[name], name, proc, { signal, lastLines: () => lastLines[name] ?? [] });
  const restart = async (name) => {
    const previous = latest[name];
    if (!previous) throw new Error(`no hub process named ${name}`);
    if (previous.child.exitCode === null && previous.child.signalCode === null) throw new Error(`${name} is still running (pid ${previous.child.pid}); end it first`);
    const again = run(name, previous.script, previous.extraEnv);
    await healthy(name, again);
    return again;
  };
  const stop = async () => {
    stopping = true;
    const ended = await Promise.all(
      children.map(
        ({ name, child }) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve([name, exitOf(child)]);
            child.once("exit", () => resolve([name, exitOf(child)]));
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
          }),
      ),
    );
    // The latest process of each name (a restarted one replaces the one that ended).
    return Object.fromEntries(ended.filter(([name], i) => latest[name].child === children[i].child));
  };
  if (signal?.aborted) throw new Error("start-up was interrupted");
  const procs = services.map((s) => ({
    ...s,
    // Compliance and orders deliver to units through their outboxes, so they need units' URL.
    child: run(s.name, path.join(ROOT, "services", s.name, "dist", "main.js"), {
      DATABASE_URL: databaseUrl,
      HOST: host,
      PORT: String(s.port),
      ...(s.name === "compliance" || s.name === "orders" ? { UNITS_URL: urls.UNITS_URL } : {}),
      // Units' webhook worker asks suppliers what each organization may see.
      ...(s.name === "units" ? { SUPPLIERS_URL: urls.SUPPLIERS_URL } : {}),
    }),
  }));
  const gateway = run("gateway", path.join(ROOT, "gateway", "dist", "main.js"), { ...urls, HOST: host, GATEWAY_PORT: String(gatewayPort) });
  try {
    await Promise.all(procs.map((p) => healthy(p.name, p.child)));
    await healthy("gateway", gateway);
  } catch (error) {
    const ended = await stop();
    throw Object.assign(error instanceof Error ? error : new Error(describeError(error)), { ended });
  }
  started = true;
  return {
    gatewayUrl: `http://${host}:${gatewayPort}/graphql`,
    subgraphUrls: Object.fromEntries(services.map((s) => [s.name, `http://${host}:${s.port}/graphql`])),
    pids: Object.fromEntries(children.map(({ name, child }) => [name, child.pid])),
    child,
    restart,
    stop,
  };
}

module.exports = { ROOT, SERVICES, HEAP_LIMITS_MB, SEMI_SPACE_MB, heapFlags, StartupError, describeError, resolvePorts, checkPorts, startEmbeddedDatabase, resolveDatabase, migrateAll, spawnHub };
