import { BadUserInput, type ReadScope } from "@tracehub/subgraph-kit";
import { AlertReason } from "./alert.errors";
import type { AlertStore } from "./alert.store";
import type { LiveAlertType } from "./alert.type";

/** Settings of the live clone-alert feed. */
export interface CloneAlertFeedOptions {
  /** How often an open feed looks for new alerts (ms, default 1,000). */
  pollMs?: number;
  /** How old an alert must be before it is delivered (s, default 2): its commit has surely landed. */
  graceSeconds?: number;
}

const PREFIX = "alert:";

/** The cursor of an alert id (opaque to clients). */
export function encodeAlertCursor(id: string): string {
  return Buffer.from(`${PREFIX}${id}`).toString("base64url");
}

/** The alert id of a cursor, or null when it is not one. */
export function decodeAlertCursor(cursor: string): string | null {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  return text.startsWith(PREFIX) && /^\d{1,19}$/.test(text.slice(PREFIX.length)) ? text.slice(PREFIX.length) : null;
}

/**
 * The live feed of CLONE_SUSPECTED alerts on units the caller owns or was granted (all, for readers of everything):
 * what a brand owner is told when the public checks of one of its serials point at copies. Each open feed looks for
 * new alerts every `pollMs`; `after` resumes after a cursor, so a client that reconnects misses nothing.
 */
export class CloneAlertFeed {
  private readonly pollMs: number;
  private readonly graceSeconds: number;

  constructor(
    private readonly store: AlertStore,
    options: CloneAlertFeedOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1_000;
    this.graceSeconds = options.graceSeconds ?? 2;
  }

  async open(after: string | null | undefined, scope: ReadScope): Promise<AsyncIterableIterator<LiveAlertType>> {
    let cursor: string;
    if (after !== null && after !== undefined) {
      const id = decodeAlertCursor(after);
      if (id === null) throw new BadUserInput("'after' is not an alert cursor; pass the `cursor` of an alert you received.", { field: "after" }, AlertReason.ALERT_CURSOR_INVALID);
      cursor = id;
    } else {
      cursor = await this.store.latestId();
    }
    const queue: LiveAlertType[] = [];
    let closed = false;
    let wake: (() => void) | null = null;
    let timer: NodeJS.Timeout | null = null;
    const done = (): IteratorResult<LiveAlertType> => ({ value: undefined, done: true });
    const close = () => {
      closed = true;
      if (timer) clearTimeout(timer);
      wake?.();
    };
    const iterator: AsyncIterableIterator<LiveAlertType> = {
      next: async () => {
        while (!closed && queue.length === 0) {
          const rows = await this.store.cloneAlertsAfter(cursor, scope, this.graceSeconds, 100);
          const last = rows.at(-1);
          if (last) cursor = last.id;
          for (const row of rows) {
            if (!row.visible) continue;
            const { id, visible: _visible, ...alert } = row;
            queue.push({ alert, cursor: encodeAlertCursor(id) });
          }
          if (queue.length === 0 && rows.length < 100 && !closed) {
            await new Promise<void>((resolve) => {
              wake = resolve;
              timer = setTimeout(resolve, this.pollMs);
              timer.unref();
            });
            wake = null;
          }
        }
        const next = queue.shift();
        return next && !closed ? { value: next, done: false } : done();
      },
      return: async () => {
        close();
        return done();
      },
      throw: async (error?: unknown) => {
        close();
        throw error;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
