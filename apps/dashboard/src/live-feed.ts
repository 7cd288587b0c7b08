import { stringifyDocument } from "@urql/core";
import type { Client as WsClient } from "graphql-ws";
import type { Credential } from "./session";
import { socketClient } from "./client";
import { MovementsDocument, type MovementsSubscription, type MovementFilter } from "./documents";

export type Movement = MovementsSubscription["unitMovements"];

interface GraphQLErrorLike {
  message: string;
  extensions?: Record<string, unknown>;
}

/**
 * Codes that retrying cannot fix: the feed stops and shows the message. Not LIMIT_EXCEEDED: on a live stream it means
 * the subscriber fell too far behind, and the hub says to subscribe again after the last cursor.
 */
const FATAL = new Set(["BAD_USER_INPUT", "FORBIDDEN", "UNAUTHENTICATED", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_REQUEST"]);

/** What the feed tells its view. */
export interface FeedListener {
  movement(movement: Movement): void;
  status(status: FeedStatus): void;
}

export type FeedStatus =
  | { state: "connecting" }
  | { state: "live"; resumedFrom: string | null }
  | { state: "paused"; cursor: string | null }
  | { state: "reconnecting"; cursor: string | null; attempt: number; reason: string }
  | { state: "failed"; reason: string };

/**
 * The live movement feed: one `unitMovements` subscription, resumed from the last cursor seen whenever it is
 * interrupted (a network drop, a gateway restart) or paused and resumed, so nothing is lost and nothing repeats.
 * Refusals (a bad filter, an expired credential) end it with the hub's message.
 */
export class LiveFeed {
  private client: WsClient | null = null;
  private dispose: (() => void) | null = null;
  private cursor: string | null = null;
  private attempt = 0;
  private refusals = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private paused = false;

  constructor(
    private readonly credential: Credential,
    private readonly filter: MovementFilter,
    private readonly listener: FeedListener,
  ) {}

  start(): void {
    this.listener.status({ state: "connecting" });
    this.subscribe();
  }

  pause(): void {
    this.paused = true;
    this.unsubscribe();
    this.listener.status({ state: "paused", cursor: this.cursor });
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.listener.status({ state: "connecting" });
    this.subscribe();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
  }

  private unsubscribe(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dispose?.();
    this.dispose = null;
    void this.client?.dispose();
    this.client = null;
  }

  private subscribe(): void {
    const resumedFrom = this.cursor;
    const client = socketClient(this.credential, {
      connected: () => {
        if (client !== this.client) return;
        this.attempt = 0;
        this.refusals = 0;
        this.listener.status({ state: "live", resumedFrom });
      },
    });
    this.client = client;
    this.dispose = client.subscribe<MovementsSubscription>(
      { query: stringifyDocument(MovementsDocument), variables: { after: this.cursor, filter: this.filter } },
      {
        next: (result) => {
          if (client !== this.client) return;
          if (result.errors?.length) return this.refusedOrRetry(result.errors as readonly GraphQLErrorLike[]);
          const movement = result.data?.unitMovements;
          if (!movement) return;
          this.cursor = movement.cursor;
          this.listener.movement(movement);
        },
        error: (error) => {
          if (client !== this.client) return;
          if (Array.isArray(error)) return this.refusedOrRetry(error as GraphQLErrorLike[]);
          const code = (error as { code?: number }).code;
          // 4401/4403: the credential was refused or expired, or could not be checked at that moment. One more try
          // tells which: a second refusal before the connection is accepted ends the feed (sign in again).
          if (code === 4403 || code === 4401) {
            const reason = (error as { reason?: string }).reason || "The hub refused the credential.";
            this.refusals += 1;
            return this.refusals > 1 ? this.fail(reason) : this.retry(reason);
          }
          this.retry(error instanceof Error ? error.message : `connection closed${code ? ` (${code})` : ""}`);
        },
        complete: () => {
          if (client !== this.client || this.paused || this.stopped) return;
          this.retry("the stream ended");
        },
      },
    );
  }

  /**
   * Errors on the stream: a refusal (a bad filter, no permission, a bad credential, an oversized operation) ends the
   * feed with the hub's message; anything else (the upstream ended or failed, a subgraph restarted) is resumed after
   * the last cursor, as the hub's error codes say to.
   */
  private refusedOrRetry(errors: readonly GraphQLErrorLike[]): void {
    const message = errors.map((e) => `${e.message}${e.extensions?.code ? ` (${String(e.extensions.code)})` : ""}`).join("; ");
    if (errors.some((e) => FATAL.has(String(e.extensions?.code ?? "")))) return this.fail(message);
    this.retry(message);
  }

  private retry(reason: string): void {
    if (this.stopped || this.paused) return;
    this.unsubscribe();
    this.attempt += 1;
    this.listener.status({ state: "reconnecting", cursor: this.cursor, attempt: this.attempt, reason });
    const delay = Math.min(5_000, 250 * 2 ** Math.min(this.attempt - 1, 5));
    this.timer = setTimeout(() => this.subscribe(), delay);
  }

  private fail(reason: string): void {
    this.unsubscribe();
    this.listener.status({ state: "failed", reason });
  }
}
