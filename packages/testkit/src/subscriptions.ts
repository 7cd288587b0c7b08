import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";

/** How a graphql-ws connection ended. */
export interface Closed {
  code: number;
  reason: string;
}

/** A live subscription through the real graphql-ws client, with promise-based waits (no sleeps). */
export interface LiveSubscription<T> {
  /** Every `next` payload's data so far, in order. */
  readonly received: T[];
  /** Errors of `next` payloads, if any. */
  readonly resultErrors: unknown[];
  /** Resolves with the first `n` messages (waits until they arrived). Rejects when the subscription ends before. */
  take(n: number): Promise<T[]>;
  /** Resolves when the connection closes (code and reason from the server). */
  readonly closed: Promise<Closed>;
  /** Resolves with the subscription's error (an `error` message or a close), when it ends that way. */
  readonly failed: Promise<unknown>;
  /** The client's WebSocket (pause it to play a slow consumer). */
  socket(): WebSocket | null;
  /** Ends the subscription and the connection. */
  dispose(): Promise<void>;
}

/** Options for {@link subscribe}. */
export interface SubscribeOptions {
  /** Bearer token sent in `connectionParams.authorization`; omit for an anonymous connection. */
  token?: string | null;
  /** Raw connection params instead of the token. */
  connectionParams?: Record<string, unknown>;
}

/**
 * Opens a subscription on a graphql-ws endpoint with the real `graphql-ws` client (no retries: a test sees
 * every close as it happens).
 */
export function subscribe<T = Record<string, any>>(url: string, query: string, variables: Record<string, unknown> = {}, options: SubscribeOptions = {}): LiveSubscription<T> {
  const received: T[] = [];
  const resultErrors: unknown[] = [];
  let waiters: { n: number; resolve: (v: T[]) => void; reject: (e: unknown) => void }[] = [];
  let ended: unknown = null;
  let socket: WebSocket | null = null;
  let resolveClosed!: (c: Closed) => void;
  let resolveFailed!: (e: unknown) => void;
  const closed = new Promise<Closed>((r) => (resolveClosed = r));
  const failed = new Promise<unknown>((r) => (resolveFailed = r));
  const settle = () => {
    waiters = waiters.filter((w) => {
      if (received.length >= w.n) {
        w.resolve(received.slice(0, w.n));
        return false;
      }
      if (ended) {
        w.reject(ended);
        return false;
      }
      return true;
    });
  };
  const client: Client = createClient({
    url: url.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: options.connectionParams ?? (options.token ? { authorization: `Bearer ${options.token}` } : {}),
    on: {
      connected: (s) => {
        socket = s as WebSocket;
      },
      closed: (event) => {
        const e = event as { code?: number; reason?: string };
        resolveClosed({ code: e.code ?? 0, reason: String(e.reason ?? "") });
      },
    },
  });
  client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) resultErrors.push(...value.errors);
        if (value.data) received.push(value.data as T);
        settle();
      },
      error: (error) => {
        ended = error ?? new Error("subscription failed");
        resolveFailed(ended);
        settle();
      },
      complete: () => {
        ended = ended ?? new Error("subscription completed");
        settle();
      },
    },
  );
  return {
    received,
    resultErrors,
    take: (n) =>
      new Promise<T[]>((resolve, reject) => {
        waiters.push({ n, resolve, reject });
        settle();
      }),
    closed,
    failed,
    socket: () => socket,
    dispose: async () => {
      await client.dispose();
    },
  };
}
