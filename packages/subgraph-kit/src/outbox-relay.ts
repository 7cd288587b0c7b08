import { PRINCIPAL_HEADER, type Principal, internalBinding, signPrincipal } from "@tracehub/auth";
import { BadUserInput } from "./errors";
import { type BackoffOptions, ConnectionState, isConnectionError } from "./reconnect";
import type { InternalHandler } from "./server";
import { inSpan, injectTraceContext } from "./tracing";
import { logLine } from "./log";

/** A message as the relay delivers it and a consumer receives it. */
export interface RelayedMessage {
  /** The message id: the consumer's idempotency key. */
  id: string;
  topic: string;
  /** Messages with the same key arrive in the order they were written. */
  key: string;
  payload: unknown;
  /** The trace of the request that wrote it (W3C `traceparent`), continued by its delivery; not sent in the body. */
  traceParent?: string | null;
}

/** What the relay records about each claimed message inside the claiming transaction. */
export interface RelayTx {
  delivered(id: string): Promise<void>;
  failed(id: string, error: string, retryInMs: number, dead: boolean): Promise<void>;
}

/** The outbox the relay reads (`OutboxStore` of @tracehub/db). */
export interface OutboxSource {
  withDeliverable<T>(limit: number, deliver: (messages: (RelayedMessage & { attempts: number })[], tx: RelayTx) => Promise<T>): Promise<T>;
  hasDeliverable(): Promise<boolean>;
}

/** Settings of {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  /** The sending service, for logs and the signed caller. */
  name: string;
  source: OutboxSource;
  /** Where each topic goes: the consuming service's base URL (`http://host:port`); it serves `POST /internal/<topic>`. */
  destinations: Record<string, string>;
  /** Signs each delivery for exactly that call (the consumer verifies it). */
  principalKey: string;
  /** How often an idle relay looks for work, in ms (default 250). */
  pollMs?: number;
  /** Messages claimed per round (default 50). */
  batchSize?: number;
  /** Messages of a round delivered at once (default 4; each is the head of its own key). */
  concurrency?: number;
  /** Attempts before a message is parked as dead (default 12). */
  maxAttempts?: number;
  /** Time limit of one delivery, in ms (default 5,000). */
  timeoutMs?: number;
  /** Wait before retry number `attempt` (1-based), in ms (default: 250 ms doubling to 30 s, with jitter). */
  backoffMs?: (attempt: number) => number;
  /** Polls while the database is unreachable: this backoff instead of `pollMs` (default 100 ms doubling to 5 s, jittered). */
  reconnect?: Pick<BackoffOptions, "initialMs" | "maxMs">;
}

/** The default retry schedule: 250 ms doubling, capped at 30 s, ±20% jitter so replicas do not retry in step. */
export function defaultBackoffMs(attempt: number): number {
  const base = Math.min(30_000, 250 * 2 ** Math.max(0, attempt - 1));
  return base * (0.8 + Math.random() * 0.4);
}

/** A consumer refused the message as malformed: retrying cannot help. */
class PoisonedMessage extends Error {}

/**
 * Delivers a service's outbox to the services that consume each topic, at least once, in order per key: it
 * claims the oldest undelivered message of each key (row-locked, so replicas share the work), posts it signed to
 * the consumer's internal endpoint, and marks it delivered in the same transaction. A failed delivery is retried
 * with backoff; a message the consumer refuses as malformed, or one that failed `maxAttempts` times, is parked as
 * dead (visible to operators) and holds back only its own key. Nothing is lost when the relay dies between
 * commit and delivery (the message is still undelivered) or between delivery and mark (it is delivered again and
 * the consumer's inbox skips it).
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private again = false;
  private readonly caller: Principal;
  /** Whether the database answers: one log line per outage, and the next poll after a backoff while it does not. */
  private readonly database: ConnectionState;
  private retryInMs: number | null = null;

  constructor(private readonly options: OutboxRelayOptions) {
    this.caller = Object.freeze({ sub: `outbox:${options.name}`, org: null, roles: ["operator"], anonymous: false }) as Principal;
    this.database = new ConnectionState(`[${options.name}] outbox relay`, options.reconnect);
  }

  /** Starts delivering; returns at once. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.kick();
  }

  /** Looks for work now (e.g. right after this process enqueued a message). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.loop().finally(() => {
      this.running = null;
      this.schedule(this.retryInMs ?? (this.again ? 0 : (this.options.pollMs ?? 250)));
      this.retryInMs = null;
      this.again = false;
    });
  }

  /** Stops after the round in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Delivers what is deliverable now, round after round; returns how many messages it delivered. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.round();
      total += n.delivered;
      if (n.claimed === 0) return total;
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.kick(), ms);
    this.timer.unref?.();
  }

  private async loop(): Promise<void> {
    try {
      const pending = await this.options.source.hasDeliverable();
      this.database.succeeded();
      if (!pending) return;
      await this.drain();
    } catch (error) {
      if (isConnectionError(error)) {
        this.retryInMs = this.database.failed(error);
        return;
      }
      logLine("error", `[${this.options.name}] outbox relay: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private round(): Promise<{ claimed: number; delivered: number }> {
    const maxAttempts = this.options.maxAttempts ?? 12;
    const backoff = this.options.backoffMs ?? defaultBackoffMs;
    return this.options.source.withDeliverable(this.options.batchSize ?? 50, async (messages, tx) => {
      let delivered = 0;
      // The claimed messages are the heads of distinct keys, so they may be delivered at once (a few at a time):
      // order within a key still holds. Outcomes are recorded one after the other on the claiming transaction.
      const failures = await mapLimit(messages, this.options.concurrency ?? 4, async (message) => {
        try {
          await this.deliver(message);
          return null;
        } catch (error) {
          return error ?? new Error("delivery failed");
        }
      });
      for (const [index, message] of messages.entries()) {
        const failure = failures[index] ?? null;
        // A failure to record the outcome ends the round: its transaction rolls back and the message is delivered
        // again later, which the consumer's inbox turns into a no-op.
        if (failure === null) {
          await tx.delivered(message.id);
          delivered++;
          continue;
        }
        const attempt = message.attempts + 1;
        const dead = failure instanceof PoisonedMessage || attempt >= maxAttempts;
        const text = failure instanceof Error ? failure.message : String(failure);
        if (dead) logLine("error", `[${this.options.name}] outbox message ${message.id} (${message.topic}) is dead after ${attempt} attempt(s): ${text}`);
        await tx.failed(message.id, text, backoff(attempt), dead);
      }
      return { claimed: messages.length, delivered };
    });
  }

  /** One delivery, in a span that continues the trace of the request that wrote the message (when it was traced). */
  private deliver(message: RelayedMessage): Promise<void> {
    const attributes = { "messaging.system": "tracehub-outbox", "messaging.destination.name": message.topic, "messaging.message.id": message.id };
    return inSpan(`outbox.deliver ${message.topic}`, attributes, () => this.post(message), { traceparent: message.traceParent ?? null });
  }

  private async post(message: RelayedMessage): Promise<void> {
    const base = this.options.destinations[message.topic];
    if (!base) throw new PoisonedMessage(`no destination is configured for topic '${message.topic}'`);
    const body: RelayedMessage = { id: message.id, topic: message.topic, key: message.key, payload: message.payload };
    const headers: Record<string, string> = {
      "content-type": "application/json",
      [PRINCIPAL_HEADER]: signPrincipal(this.caller, this.options.principalKey, internalBinding(message.topic, body)),
    };
    injectTraceContext(headers);
    const response = await fetch(`${base.replace(/\/graphql\/?$/, "").replace(/\/$/, "")}/internal/${message.topic}`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
    });
    if (response.ok) return;
    const text = await response.text().catch(() => "");
    if (response.status === 400) throw new PoisonedMessage(`the consumer refused it: ${text.slice(0, 500)}`);
    throw new Error(`the consumer answered ${response.status}: ${text.slice(0, 500)}`);
  }
}

/** Runs `work` on every item, at most `limit` at once; answers in the items' order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i] as T);
    }),
  );
  return out;
}

/** An outbox message id: a UUID (the inbox stores it as one). */
const MESSAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs SQL inside one transaction (a TypeORM DataSource's `transaction`). */
export type Transactional<TEm> = <T>(work: (em: TEm) => Promise<T>) => Promise<T>;

/**
 * An internal endpoint that applies each relayed message exactly once: in one transaction it records the message
 * id in the consumer's inbox (`accept` answers false for one seen before) and applies it. A redelivery is answered
 * `{ applied: false }` and changes nothing.
 */
export function exactlyOnceHandler<TEm>(options: {
  transaction: Transactional<TEm>;
  accept: (em: TEm, messageId: string, topic: string) => Promise<boolean>;
  apply: (em: TEm, message: RelayedMessage) => Promise<unknown>;
}): InternalHandler {
  return async (body) => {
    const message = body as Partial<RelayedMessage> | null;
    if (!message || typeof message.id !== "string" || !MESSAGE_ID.test(message.id) || typeof message.topic !== "string" || typeof message.key !== "string") {
      throw new BadUserInput("The body is not a relayed outbox message (id: a UUID, topic, key, payload).");
    }
    const relayed = message as RelayedMessage;
    return options.transaction(async (em) => {
      if (!(await options.accept(em, relayed.id, relayed.topic))) return { applied: false };
      await options.apply(em, relayed);
      return { applied: true };
    });
  };
}
