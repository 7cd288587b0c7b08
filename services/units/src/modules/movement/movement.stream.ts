import { BadUserInput, LimitExceeded } from "@tracehub/subgraph-kit";
import { Client } from "pg";
import type { DataSource, QueryRunner } from "typeorm";
import { MOVEMENTS_CHANNEL, type MovementCriteria, type StreamRow, matchesMovement } from "./movement.rules";

/** Settings of a {@link MovementStream}. */
export interface MovementStreamOptions {
  /** Where to LISTEN (a dedicated connection; the pool is not used for it). */
  databaseUrl: string;
  /** Read the table this often even without a notification (ms, default 1,000): a lost NOTIFY only delays. */
  pollIntervalMs?: number;
  /** Rows per read (default 1,000). */
  pageSize?: number;
  /** Most undelivered live events one subscription may hold before it is ended (default 10,000). */
  maxQueuedPerSubscription?: number;
}

const COLUMNS = `"position"::text AS "position", "event_seq"::text AS "eventSeq", "event_id" AS "eventId", "type", "action",
  "biz_step" AS "bizStep", "disposition", "read_point" AS "readPoint", "biz_location" AS "bizLocation", "event_time" AS "eventTime",
  "record_time" AS "recordTime", "error_declaration" AS "errorDeclaration", "captured_by_org" AS "capturedByOrg",
  "unit_ids" AS "unitIds", "container_ids" AS "containerIds", "lots"`;

interface Listener {
  criteria: MovementCriteria;
  push(row: StreamRow): void;
}

/**
 * One live subscription: replays `(after, boundary]` from the table in pages, then delivers the rows the
 * tailer pushed after `boundary`. It is registered with the tailer and `boundary` is taken in the same
 * synchronous step, so every position lands exactly once: at most `boundary` from the table, above it from
 * the queue.
 */
class MovementSubscription implements AsyncIterableIterator<StreamRow>, Listener {
  private readonly queue: StreamRow[] = [];
  private waiting: ((r: IteratorResult<StreamRow>) => void) | null = null;
  private failWaiting: ((e: unknown) => void) | null = null;
  private done = false;
  private overflowed = false;
  private replay: StreamRow[] = [];
  private replayFrom: bigint | null;
  private readonly floor: bigint;

  constructor(
    readonly criteria: MovementCriteria,
    private readonly stream: MovementStream,
    private readonly boundary: bigint,
    after: bigint | null,
    private readonly maxQueued: number,
  ) {
    this.replayFrom = after !== null && after < boundary ? after : null;
    this.floor = after !== null && after > boundary ? after : boundary;
  }

  push(row: StreamRow): void {
    if (this.done || this.overflowed) return;
    if (BigInt(row.position) <= this.floor) return;
    if (this.waiting && this.replayFrom === null) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = null;
      resolve({ value: row, done: false });
      return;
    }
    if (this.queue.length >= this.maxQueued) {
      this.overflowed = true;
      this.queue.length = 0;
      const fail = this.failWaiting;
      this.waiting = this.failWaiting = null;
      fail?.(this.overflowError());
      return;
    }
    this.queue.push(row);
  }

  private overflowError(): LimitExceeded {
    return new LimitExceeded(`This subscription fell more than ${this.maxQueued} events behind and was ended; subscribe again with 'after' set to the last cursor you received.`, {
      limit: this.maxQueued,
    });
  }

  async next(): Promise<IteratorResult<StreamRow>> {
    if (this.done) return { value: undefined, done: true };
    while (this.replayFrom !== null && this.replay.length === 0) {
      const page = await this.stream.readRange(this.replayFrom, this.boundary);
      if (this.done) return { value: undefined, done: true };
      const last = page.at(-1);
      this.replayFrom = last && BigInt(last.position) < this.boundary ? BigInt(last.position) : null;
      this.replay = page.filter((r) => matchesMovement(this.criteria, r));
    }
    const fromReplay = this.replay.shift();
    if (fromReplay) return { value: fromReplay, done: false };
    if (this.overflowed) {
      this.close();
      throw this.overflowError();
    }
    const queued = this.queue.shift();
    if (queued) return { value: queued, done: false };
    return new Promise<IteratorResult<StreamRow>>((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = (e) => {
        this.close();
        reject(e);
      };
    });
  }

  async return(): Promise<IteratorResult<StreamRow>> {
    this.close();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<StreamRow>> {
    this.close();
    throw error;
  }

  /** Ends the subscription (the stream is stopping, or the consumer left). */
  close(): void {
    if (this.done) return;
    this.done = true;
    this.queue.length = 0;
    this.replay = [];
    this.stream.unregister(this);
    const resolve = this.waiting;
    this.waiting = this.failWaiting = null;
    resolve?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<StreamRow> {
    return this;
  }
}

/**
 * The movement stream tailer of one units process. It keeps the head (the last position it delivered), and on
 * each wake-up (a NOTIFY on {@link MOVEMENTS_CHANNEL}, or the idle poll) reads the positions after it from
 * `units.movement_stream` once, applies them strictly in order (head + 1 only; a gap, which the counter makes
 * impossible, would be waited out), and hands every row to the subscriptions whose criteria it matches.
 */
export class MovementStream {
  private head = 0n;
  private readonly listeners = new Set<Listener>();
  private listenClient: Client | null = null;
  /** The tailer's own connection, marked as background work (not a request's cost in SQL counts). */
  private background: QueryRunner | null = null;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private dirty = false;
  private stopped = false;
  private readonly pageSize: number;
  private readonly maxQueued: number;

  constructor(
    private readonly ds: DataSource,
    private readonly options: MovementStreamOptions,
  ) {
    this.pageSize = options.pageSize ?? 1_000;
    this.maxQueued = options.maxQueuedPerSubscription ?? 10_000;
  }

  /** Reads the committed head, starts listening and polling. */
  async start(): Promise<void> {
    this.background = this.ds.createQueryRunner();
    this.background.data = { background: true };
    this.head = await this.committedHead();
    await this.listen();
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? 1_000);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: "tracehub-units-stream" });
    client.on("notification", () => this.wake());
    client.on("error", () => {
      // The poll keeps the stream moving; reconnect the hint channel.
      if (this.listenClient === client) this.listenClient = null;
      void client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.listen().catch(() => undefined), 500).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${MOVEMENTS_CHANNEL}`);
    if (this.stopped) {
      await client.end();
      return;
    }
    this.listenClient = client;
    this.wake();
  }

  /** The last position this process has delivered. */
  get position(): bigint {
    return this.head;
  }

  /** The head as committed in the database. */
  async committedHead(): Promise<bigint> {
    const [row] = (await this.ds.query(`SELECT "last"::text AS "last" FROM "units"."stream_head" WHERE "id" = 1`)) as { last: string }[];
    return BigInt(row?.last ?? "0");
  }

  /** Positions in `(from, to]`, at most one page, in order. */
  async readRange(from: bigint, to: bigint): Promise<StreamRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM "units"."movement_stream" WHERE "position" > $1 AND "position" <= $2 ORDER BY "movement_stream"."position" LIMIT $3`, [
      from.toString(),
      to.toString(),
      this.pageSize,
    ]);
  }

  /** Asks for a read; wake-ups that arrive during a read fold into one more read. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.dirty = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => console.error(`[units] movement stream read failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.draining = null;
        if (this.dirty) {
          this.dirty = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows: StreamRow[] = await (this.background ?? this.ds).query(`SELECT ${COLUMNS} FROM "units"."movement_stream" WHERE "position" > $1 ORDER BY "movement_stream"."position" LIMIT $2`, [
        this.head.toString(),
        this.pageSize,
      ]);
      let applied = 0;
      for (const row of rows) {
        if (BigInt(row.position) !== this.head + 1n) break;
        this.head += 1n;
        applied += 1;
        for (const listener of this.listeners) if (matchesMovement(listener.criteria, row)) listener.push(row);
      }
      if (applied < this.pageSize || this.stopped) return;
    }
  }

  /**
   * Opens a subscription. With `after`, it first replays the matching positions after it (a cursor beyond the
   * committed head is refused), then streams live ones; without, it starts at the head.
   */
  async subscribe(criteria: MovementCriteria, after: bigint | null): Promise<AsyncIterableIterator<StreamRow>> {
    if (this.stopped) throw new Error("The movement stream is stopped.");
    if (after !== null && after > this.head && after > (await this.committedHead())) {
      throw new BadUserInput("'after' is a cursor the stream has not reached; pass a cursor you received.", { field: "after" });
    }
    // Registration and the boundary in one synchronous step: nothing can be pushed in between.
    const subscription = new MovementSubscription(criteria, this, this.head, after, this.maxQueued);
    this.listeners.add(subscription);
    return subscription;
  }

  /** Forgets a subscription. */
  unregister(listener: Listener): void {
    this.listeners.delete(listener);
  }

  /** How many subscriptions are open. */
  get subscriptionCount(): number {
    return this.listeners.size;
  }

  /** Stops listening and polling and ends every subscription. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const listener of [...this.listeners]) (listener as MovementSubscription).close();
    await this.draining;
    const client = this.listenClient;
    this.listenClient = null;
    await client?.end().catch(() => undefined);
    await this.background?.release().catch(() => undefined);
    this.background = null;
  }
}
