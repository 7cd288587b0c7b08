import type { RunningSubgraph } from "./server";
import { startTracing } from "./tracing";

/** The settings every subgraph process reads. */
export interface SubgraphProcessEnv {
  DATABASE_URL: string;
  PORT: number;
  HOST: string;
  PRINCIPAL_SIGNING_KEY: string;
  METRICS_TOKEN?: string | undefined;
}

/** The parts of a service that a process entry point wires together; `start` also gets the service's own settings. */
export interface SubgraphProcessParts<TDs extends { destroy(): Promise<void> }, TEnv extends SubgraphProcessEnv = SubgraphProcessEnv> {
  name: string;
  loadEnv: () => TEnv;
  openDataSource: (url: string) => TDs;
  migrate: (ds: TDs) => Promise<string[]>;
  start: (deps: { ds: TDs; principalKey: string; port: number; host: string; metricsToken: string | null; env: TEnv }) => Promise<RunningSubgraph>;
}

/** The entry point's addition to a listen error: which setting moves the port. */
function listenAdvice(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "EADDRINUSE" || code === "EACCES") return ": set PORT to a free port";
  if (code === "EADDRNOTAVAIL") return ": set HOST to an address of this machine";
  return "";
}

function fail(name: string, error: unknown): never {
  console.error(`[${name}] ${error instanceof Error ? error.message : String(error)}${listenAdvice(error)}`);
  process.exit(1);
}

/** Reads the environment once; a bad configuration ends the process with every problem listed. */
function loadEnvOrExit<TEnv extends SubgraphProcessEnv>(parts: { name: string; loadEnv: () => TEnv }): TEnv {
  try {
    return parts.loadEnv();
  } catch (error) {
    fail(parts.name, error);
  }
}

/**
 * A subgraph process: read the environment once, migrate, serve, and stop cleanly on SIGINT/SIGTERM. The signal
 * handlers are in place from the start: a signal during start-up stops the process as soon as it is up (Ctrl-C on
 * `npm start` reaches every process at once), and the second of SIGINT and SIGTERM changes nothing.
 */
export async function runSubgraphProcess<TDs extends { destroy(): Promise<void> }, TEnv extends SubgraphProcessEnv = SubgraphProcessEnv>(
  parts: SubgraphProcessParts<TDs, TEnv>,
): Promise<void> {
  const env = loadEnvOrExit(parts);
  // Traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (off by default); flushed at a clean stop.
  const stopTracing = startTracing(parts.name);
  const ds = parts.openDataSource(env.DATABASE_URL);
  const starting = (async () => {
    const ran = await parts.migrate(ds);
    if (ran.length) console.log(`[${parts.name}] migrations applied: ${ran.join(", ")}`);
    return parts.start({ ds, principalKey: env.PRINCIPAL_SIGNING_KEY, port: env.PORT, host: env.HOST, metricsToken: env.METRICS_TOKEN ?? null, env });
  })();
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`[${parts.name}] ${signal}: closing subscribers, draining requests`);
    // A start-up that fails is reported (and ends the process) below.
    starting.then(
      (running) =>
        running
          .stop()
          .then(() => ds.destroy())
          .then(() => stopTracing?.())
          .then(
            () => process.exit(0),
            (error: unknown) => fail(parts.name, error),
          ),
      () => undefined,
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    const running = await starting;
    if (!stopping) console.log(`[${parts.name}] ready at ${running.url}`);
  } catch (error) {
    await ds.destroy().catch(() => undefined);
    fail(parts.name, error);
  }
}

/** A migration process: read the environment, run pending migrations, exit. */
export async function runMigrationProcess<TDs extends { destroy(): Promise<void> }>(
  parts: Pick<SubgraphProcessParts<TDs>, "name" | "loadEnv" | "openDataSource" | "migrate">,
): Promise<void> {
  const env = loadEnvOrExit(parts);
  const ds = parts.openDataSource(env.DATABASE_URL);
  try {
    const ran = await parts.migrate(ds);
    console.log(`[${parts.name}] ${ran.length ? `applied ${ran.join(", ")}` : "up to date"}`);
  } catch (error) {
    fail(parts.name, error);
  } finally {
    await ds.destroy().catch(() => undefined);
  }
}
