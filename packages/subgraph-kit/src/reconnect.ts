import { logLine } from "./log";

/** Settings of a {@link Backoff}. */
export interface BackoffOptions {
  /** The first delay (ms, default 100). */
  initialMs?: number;
  /** No delay is longer than this (ms, default 5,000). */
  maxMs?: number;
  /** Where randomness comes from (tests pin it). */
  random?: () => number;
}

/**
 * Exponential backoff, capped, with "equal jitter": attempt n waits between half and all of
 * min(max, initial * 2^n). Half is fixed so a retry never comes at once; the random half spreads the retries of
 * many processes that lost the database at the same moment.
 */
export class Backoff {
  private attempt = 0;
  readonly initialMs: number;
  readonly maxMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 100;
    this.maxMs = options.maxMs ?? 5_000;
    this.random = options.random ?? Math.random;
    if (!(this.initialMs > 0) || !(this.maxMs >= this.initialMs)) throw new Error(`Backoff needs 0 < initialMs <= maxMs (got ${this.initialMs} and ${this.maxMs}).`);
  }

  /** The delay before the next attempt; each call doubles the ceiling until it reaches the cap. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }

  /** How many delays were handed out since the last success. */
  get attempts(): number {
    return this.attempt;
  }

  /** Back to the first delay (after a success). */
  reset(): void {
    this.attempt = 0;
  }
}

// SQLSTATE classes and codes that mean "the connection, not the statement": 08 connection exception, 57P01..03
// (administrator/crash shutdown, cannot connect now), 53300 too many connections.
const CONNECTION_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;
const CONNECTION_ERRNO = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
const CONNECTION_MESSAGE = /Connection terminated|connection error and is not queryable|Query runner already released|timeout exceeded when trying to connect|Client was closed/i;

/**
 * True when `error` says the database connection is gone (so the same statement on a new connection may work),
 * not that the statement itself failed. Looks through TypeORM's QueryFailedError to the driver's error.
 */
export function isConnectionError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 3; depth += 1) {
    const { code, message, name } = e as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === "string" && (CONNECTION_SQLSTATE.test(code) || CONNECTION_ERRNO.has(code))) return true;
    if (name === "QueryRunnerAlreadyReleasedError") return true;
    if (typeof message === "string" && CONNECTION_MESSAGE.test(message)) return true;
    e = (e as { driverError?: unknown; cause?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/** "1.2 s" for logs. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Whether one long-lived connection works, for logs that say when it changed (one line when it is lost, one
 * when it is back), not every failed attempt in between. Holds the connection's reconnection backoff.
 */
export class ConnectionState {
  private down: { since: number } | null = null;
  readonly backoff: Backoff;

  /** `what` starts each log line, e.g. "[units] movement stream: tailer". */
  constructor(
    private readonly what: string,
    reconnect: Pick<BackoffOptions, "initialMs" | "maxMs"> = {},
    private readonly log: (line: string) => void = (line) => logLine("warn", line),
  ) {
    this.backoff = new Backoff(reconnect);
  }

  get isDown(): boolean {
    return this.down !== null;
  }

  /** Records that the connection is gone; logs only the change from up to down. `where` adds context ("at position 42"). */
  lost(error: unknown, where = ""): void {
    if (this.down) return;
    this.down = { since: Date.now() };
    const reason = error instanceof Error ? error.message : String(error);
    this.log(`${this.what} lost its database connection${where ? ` ${where}` : ""} (${reason}); reconnecting with backoff from ${seconds(this.backoff.initialMs)} up to ${seconds(this.backoff.maxMs)}`);
  }

  /** Records a failed attempt and returns the delay before the next one. */
  failed(error: unknown, where = ""): number {
    this.lost(error, where);
    return this.backoff.next();
  }

  /** Records a success; logs only the change from down to up. */
  succeeded(where = ""): void {
    if (!this.down) return;
    this.log(`${this.what} back after ${seconds(Date.now() - this.down.since)} (${this.backoff.attempts} failed attempt(s))${where ? `; ${where}` : ""}`);
    this.down = null;
    this.backoff.reset();
  }
}

/**
 * Runs a read again when it failed because its pooled connection was dropped. A pool notices a dead idle
 * connection only when the server's goodbye is processed; a statement sent in that instant fails although the
 * next connection works. Only for statements that change nothing (a retried write could apply twice).
 */
export async function retryOnConnectionLoss<T>(read: () => Promise<T>, attempts = 3): Promise<T> {
  const backoff = new Backoff({ initialMs: 20, maxMs: 200 });
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= attempts || !isConnectionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoff.next()));
    }
  }
}
