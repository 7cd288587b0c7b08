import type { ExecutionResult } from "graphql";

/**
 * One client subscription's outbox: a bounded queue the shared upstream loop pushes into without waiting,
 * drained by graphql-ws as fast as the client's socket takes messages. Past `max` undelivered messages the
 * subscriber is too slow: `onOverflow` runs once (it closes the client's connection) and the sink ends, so a
 * slow consumer never holds back the others.
 */
export class SubscriberSink implements AsyncIterableIterator<ExecutionResult> {
  private readonly queue: ExecutionResult[] = [];
  private waiting: { resolve: (r: IteratorResult<ExecutionResult>) => void; reject: (e: unknown) => void } | null = null;
  private failure: unknown = null;
  private done = false;

  constructor(
    private readonly max: number,
    private readonly onOverflow: () => void,
    private readonly onEnd: () => void,
  ) {}

  /** Messages waiting for the client. */
  get pending(): number {
    return this.queue.length;
  }

  /** True once the sink delivers nothing more. */
  get ended(): boolean {
    return this.done;
  }

  /** Queues a result for the client (never waits). */
  push(result: ExecutionResult): void {
    if (this.done || this.failure) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: result, done: false });
      return;
    }
    if (this.queue.length >= this.max) {
      this.onOverflow();
      this.finish();
      return;
    }
    this.queue.push(result);
  }

  /** Ends the subscription with an error, after what is already queued. */
  fail(error: unknown): void {
    if (this.done || this.failure) return;
    this.failure = error;
    if (this.waiting && this.queue.length === 0) {
      const { reject } = this.waiting;
      this.waiting = null;
      this.finish();
      reject(error);
    }
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    const queued = this.queue.shift();
    if (queued) return { value: queued, done: false };
    if (this.failure) {
      const error = this.failure;
      this.finish();
      throw error;
    }
    if (this.done) return { value: undefined, done: true };
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.finish();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.finish();
    throw error;
  }

  /** Ends the sink quietly (the client left, or the gateway stops). */
  finish(): void {
    if (this.done) return;
    this.done = true;
    this.queue.length = 0;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve({ value: undefined, done: true });
    this.onEnd();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }
}
