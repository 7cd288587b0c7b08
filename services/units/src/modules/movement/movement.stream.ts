import { type BackoffOptions, Backoff, BadUserInput, ConnectionState, LimitExceeded, isConnectionError } from "@tracehub/subgraph-kit";
import { Client } from "pg";
import type { DataSource, QueryRunner } from "typeorm";
import { type MovementCriteria, type StreamRow, deliveredMovement } from "./movement.rules";
import type { MovementStore } from "./movement.store";
import { MovementReason } from "./movement.errors";

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
  /** Reconnection delays of the tailer's and the listener's connections (default 100 ms doubling up to 5 s, jittered). */
  reconnect?: Pick<BackoffOptions, "initialMs" | "maxMs">;
}

/** A subscription's rows, and the position it starts after (its `after`, or the head when it was opened). */
export interface MovementFeed extends AsyncIterableIterator<StreamRow> {
  readonly startsAfter: bigint;
  /**
   * The rows already delivered to this feed and not yet taken, at once (no wait): what committed before a reader's
   * next statement, so a reader that recomputes a summary can fold them into one recomputation.
   */
  takeQueued(): StreamRow[];
}

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
class MovementSubscription implements MovementFeed, Listener {
  private readonly queue: StreamRow[] = [];
  private waiting: ((r: IteratorResult<StreamRow>) => void) | null = null;
  private failWaiting: ((e: unknown) => void) | null = null;
  private done = false;
  private overflowed = false;
  private replay: StreamRow[] = [];
  private replayFrom: bigint | null;
  private readonly floor: bigint;
  readonly startsAfter: bigint;

  constructor(
    readonly criteria: MovementCriteria,
    private readonly stream: MovementStream,
    private readonly boundary: bigint,
    after: bigint | null,
    private readonly maxQueued: number,
  ) {
    this.replayFrom = after !== null && after < boundary ? after : null;
    this.floor = after !== null && after > boundary ? after : boundary;
    this.startsAfter = after ?? boundary;
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
      const page = await this.replayPage(this.replayFrom);
      if (this.done) return { value: undefined, done: true };
      const last = page.at(-1);
      this.replayFrom = last && BigInt(last.position) < this.boundary ? BigInt(last.position) : null;
      this.replay = page.map((r) => deliveredMovement(this.criteria, r)).filter((r): r is StreamRow => r !== null);
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

  takeQueued(): StreamRow[] {
    if (this.done || this.overflowed) return [];
    const rows = [...this.replay, ...this.queue];
    this.replay = [];
    this.queue.length = 0;
    return rows;
  }

  /** One replay page; a lost connection is retried (with backoff) rather than ending the subscription. */
  private async replayPage(from: bigint): Promise<StreamRow[]> {
    const backoff = this.stream.backoff();
    for (;;) {
      try {
        return await this.stream.readRange(from, this.boundary);
      } catch (error) {
        if (this.done || !isConnectionError(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, backoff.next()).unref());
        if (this.done) return [];
      }
    }
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
 *
 * Its two connections (the reads' QueryRunner and the LISTEN client) reconnect on their own with capped,
 * jittered exponential backoff when the database drops them. Subscriptions stay open meanwhile: the head is the
 * position to resume from, so the first read after the reconnection delivers everything committed since, once.
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
  private readonly tailer: ConnectionState;
  private readonly listener: ConnectionState;
  /** Set while the tailer waits out a backoff delay: wake-ups are ignored until it fires. */
  private tailerRetry: NodeJS.Timeout | null = null;
  private listenerRetry: NodeJS.Timeout | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly store: MovementStore,
    private readonly options: MovementStreamOptions,
  ) {
    this.pageSize = options.pageSize ?? 1_000;
    this.maxQueued = options.maxQueuedPerSubscription ?? 10_000;
    this.tailer = new ConnectionState("[units] movement stream: tailer", options.reconnect);
    this.listener = new ConnectionState("[units] movement stream: notification listener", options.reconnect);
  }

  /** A fresh backoff with this stream's reconnection settings. */
  backoff(): Backoff {
    return new Backoff(this.options.reconnect);
  }

  /** Reads the committed head, starts listening and polling. */
  async start(): Promise<void> {
    this.head = await this.committedHead();
    await this.listen();
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? 1_000);
  }

  /** Opens the LISTEN connection; on failure (now or later) schedules the next attempt instead of throwing. */
  private async listen(): Promise<void> {
    this.listenerRetry = null;
    if (this.stopped) return;
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: "tracehub-units-stream" });
    let lost = false;
    const fail = (error: unknown) => {
      if (lost) return;
      lost = true;
      if (this.listenClient === client) this.listenClient = null;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      // Until it is back, the idle poll keeps the stream moving (a notification is only a hint).
      this.listenerRetry = setTimeout(() => void this.listen(), this.listener.failed(error, this.at()));
      this.listenerRetry.unref();
    };
    client.on("notification", () => this.wake());
    client.on("error", fail);
    client.on("end", () => fail(new Error("the connection ended")));
    try {
      await client.connect();
      await this.store.listen(client);
    } catch (error) {
      fail(error);
      return;
    }
    if (lost) return;
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listenClient = client;
    this.listener.succeeded(this.resumingAfter(this.head));
    // The database answers again: a tailer waiting out its backoff need not wait longer.
    if (this.tailerRetry) {
      clearTimeout(this.tailerRetry);
      this.tailerRetry = null;
    }
    this.wake();
  }

  private at(): string {
    return `at position ${this.head}`;
  }

  private resumingAfter(position: bigint): string {
    return `resuming after position ${position}`;
  }

  /** The last position this process has delivered. */
  get position(): bigint {
    return this.head;
  }

  /** The head as committed in the database. */
  async committedHead(): Promise<bigint> {
    return this.store.committedHead();
  }

  /** Positions in `(from, to]`, at most one page, in order. */
  async readRange(from: bigint, to: bigint): Promise<StreamRow[]> {
    return this.store.readRange(from, to, this.pageSize);
  }

  /** Asks for a read; wake-ups that arrive during a read fold into one more read. */
  wake(): void {
    if (this.stopped || this.tailerRetry) return;
    if (this.draining) {
      this.dirty = true;
      return;
    }
    const from = this.head;
    this.draining = this.drain()
      .then(
        () => this.tailer.succeeded(this.resumingAfter(from)),
        (error: unknown) => this.tailerFailed(error),
      )
      .finally(() => {
        this.draining = null;
        if (this.dirty) {
          this.dirty = false;
          this.wake();
        }
      });
  }

  /**
   * A read failed: drop the runner (TypeORM releases it for good when its connection errors, after which every
   * query on it throws "Query runner already released") and retry with a new one after the backoff delay. The
   * head is where the retry reads from, so nothing is skipped and nothing delivered twice.
   */
  private async tailerFailed(error: unknown): Promise<void> {
    const runner = this.background;
    this.background = null;
    await runner?.release().catch(() => undefined);
    if (this.stopped) return;
    this.dirty = false;
    this.tailerRetry = setTimeout(() => {
      this.tailerRetry = null;
      this.wake();
    }, this.tailer.failed(error, this.at()));
    this.tailerRetry.unref();
  }

  /** The tailer's runner; a new one after a failure (it connects on its first query). */
  private runner(): QueryRunner {
    if (this.background && !this.background.isReleased) return this.background;
    // TypeORM released it when its connection emitted an error between two reads.
    if (this.background) this.tailer.lost(new Error("the connection was closed between two reads"), this.at());
    const runner = this.ds.createQueryRunner();
    runner.data = { background: true };
    this.background = runner;
    return runner;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await this.store.readAfter(this.runner(), this.head, this.pageSize);
      let applied = 0;
      for (const row of rows) {
        if (BigInt(row.position) !== this.head + 1n) break;
        this.head += 1n;
        applied += 1;
        for (const listener of this.listeners) {
          const delivered = deliveredMovement(listener.criteria, row);
          if (delivered) listener.push(delivered);
        }
      }
      if (applied < this.pageSize || this.stopped) return;
    }
  }

  /**
   * Opens a subscription. With `after`, it first replays the matching positions after it (a cursor beyond the
   * committed head is refused), then streams live ones; without, it starts at the head.
   */
  async subscribe(criteria: MovementCriteria, after: bigint | null): Promise<MovementFeed> {
    if (this.stopped) throw new Error("The movement stream is stopped.");
    if (after !== null && after > this.head && after > (await this.committedHead())) {
      throw new BadUserInput("'after' is a cursor the stream has not reached; pass a cursor you received.", { field: "after" }, MovementReason.MOVEMENT_CURSOR_INVALID);
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
    for (const retry of [this.tailerRetry, this.listenerRetry]) if (retry) clearTimeout(retry);
    for (const listener of [...this.listeners]) (listener as MovementSubscription).close();
    await this.draining;
    const client = this.listenClient;
    this.listenClient = null;
    await client?.end().catch(() => undefined);
    await this.background?.release().catch(() => undefined);
    this.background = null;
  }
}
