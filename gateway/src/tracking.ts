import { ANONYMOUS } from "@tracehub/auth";
import type express from "express";
import type { Authentication } from "./authenticate";
import { GatewayErrorCode } from "./errors";
import { statusOf } from "./exports";
import { PUBLIC_OPERATIONS } from "./public-operations";

/**
 * A customer's live tracking: `GET /track/<token>/events`, a Server-Sent Events stream (a browser's `EventSource`)
 * of the public `trackOrder(token)` answer, sent first and again whenever it changes. No login, like `trackOrder`.
 * It ends when the order reaches an end (delivered, cancelled, returned), when the link is revoked, or after
 * `maxAgeMs`. All streams of one token share one poll, so a popular link costs one query per interval.
 */

/** Settings of the tracking stream. */
export interface TrackingOptions {
  /** How often the order is looked at again, in ms (default 2,000). */
  pollMs: number;
  /** Longest life of one stream, in ms (default 30 minutes); the browser reconnects. */
  maxAgeMs: number;
  /** Most open streams per client address (default 20), and in all (default 5,000). */
  maxPerAddress: number;
  maxStreams: number;
}

export const DEFAULT_TRACKING_OPTIONS: TrackingOptions = { pollMs: 2_000, maxAgeMs: 30 * 60_000, maxPerAddress: 20, maxStreams: 5_000 };

/** What the stream needs from the gateway: running an operation as an anonymous caller. */
export interface TrackingDeps {
  execute(query: string, variables: Record<string, unknown>, context: Record<string, unknown>): Promise<{ data?: Record<string, unknown> | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>;
}

const TRACK = PUBLIC_OPERATIONS.TrackOrder;

/** Statuses after which nothing more happens to a parcel. */
const FINAL = new Set(["DELIVERED", "CANCELLED", "RETURNED"]);

type Answer = { status: number; body: unknown } | { tracking: Record<string, unknown> | null };

/** One token's shared poll and its listeners. */
interface Watch {
  listeners: Set<(tracking: Record<string, unknown> | null) => void>;
  last: string | null;
  timer: NodeJS.Timeout | null;
}

/** The `/track` router. */
export function trackingRouter(router: express.Router, deps: TrackingDeps, options: Partial<TrackingOptions> = {}): express.Router {
  const settings = { ...DEFAULT_TRACKING_OPTIONS, ...options };
  const watches = new Map<string, Watch>();
  const perAddress = new Map<string, number>();
  let open = 0;

  const look = async (token: string, requestId: string): Promise<Answer> => {
    const result = await deps.execute(TRACK, { token }, { principal: ANONYMOUS, requestId });
    if (result.errors?.length) return { status: statusOf(result.errors[0]?.extensions?.code), body: { errors: result.errors } };
    return { tracking: (result.data?.trackOrder ?? null) as Record<string, unknown> | null };
  };

  const poll = (token: string, watch: Watch, requestId: string) => {
    watch.timer = setTimeout(async () => {
      let answer: Answer;
      try {
        answer = await look(token, requestId);
      } catch {
        answer = { status: 502, body: null };
      }
      if ("tracking" in answer) {
        const text = JSON.stringify(answer.tracking);
        if (text !== watch.last) {
          watch.last = text;
          for (const listener of [...watch.listeners]) listener(answer.tracking);
        }
      }
      if (watch.listeners.size > 0) poll(token, watch, requestId);
      else watches.delete(token);
    }, settings.pollMs);
    watch.timer.unref?.();
  };

  router.get("/:token/events", async (req, res, next) => {
    try {
      const authentication = res.locals.authentication as Authentication | undefined;
      if (authentication?.kind === "refused") {
        return void res.status(authentication.status).json({ errors: [{ message: authentication.message, extensions: { ...authentication.extensions, code: authentication.code } }] });
      }
      const address = req.ip ?? "unknown";
      if (open >= settings.maxStreams || (perAddress.get(address) ?? 0) >= settings.maxPerAddress) {
        return void res.status(429).set("Retry-After", "10").json({ errors: [{ message: "Too many open tracking streams; retry later.", extensions: { code: GatewayErrorCode.RateLimited, retryAfterSeconds: 10 } }] });
      }
      const token = String((req.params as Record<string, string>).token ?? "");
      const requestId = String(res.locals.requestId ?? "");
      const first = await look(token, requestId);
      if (!("tracking" in first)) return void res.status(first.status).json(first.body);
      if (!first.tracking) return void res.status(404).json({ errors: [{ message: "No order has this tracking link.", extensions: { code: GatewayErrorCode.NotFound } }] });

      open += 1;
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      res.status(200).set({ "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive", "x-accel-buffering": "no" });
      res.flushHeaders();
      let ended = false;
      const watch = watches.get(token) ?? { listeners: new Set(), last: JSON.stringify(first.tracking), timer: null };
      const send = (tracking: Record<string, unknown> | null) => {
        if (ended) return;
        if (!tracking) {
          res.write(`event: revoked\ndata: {}\n\n`);
          return end();
        }
        res.write(`event: tracking\ndata: ${JSON.stringify(tracking)}\n\n`);
        if (FINAL.has(String(tracking.status))) end();
      };
      const heartbeat = setInterval(() => res.write(`: keep-alive\n\n`), 15_000);
      heartbeat.unref?.();
      const maxAge = setTimeout(() => end(), settings.maxAgeMs);
      maxAge.unref?.();
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        clearTimeout(maxAge);
        watch.listeners.delete(send);
        open -= 1;
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left > 0) perAddress.set(address, left);
        else perAddress.delete(address);
        res.end();
      };
      res.once("close", end);
      watch.listeners.add(send);
      if (!watches.has(token)) {
        watches.set(token, watch);
        poll(token, watch, requestId);
      }
      send(first.tracking);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
