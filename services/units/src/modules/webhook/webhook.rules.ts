/**
 * Webhooks, the pure part: which URLs may receive deliveries, what each kind of news is keyed by (so it is turned
 * into a delivery once per webhook), and when a failed delivery is tried again.
 */

/** What a webhook can be told about. */
export enum WebhookKind {
  /** A movement of units the organization may see (its filter applies). */
  UNIT_MOVEMENT = "UNIT_MOVEMENT",
  /** An order of the organization changed status. */
  ORDER_STATUS = "ORDER_STATUS",
  /** A recall now affects units the organization holds. */
  RECALL_NOTICE = "RECALL_NOTICE",
  /** An event raised an alert on a unit the organization may see. */
  ALERT = "ALERT",
  /** Events matching one of the organization's named EPCIS queries (a query subscription): EPCIS query documents. */
  EPCIS_QUERY = "EPCIS_QUERY",
}

/** Where a delivery stands. */
export enum DeliveryStatus {
  PENDING = "PENDING",
  DELIVERED = "DELIVERED",
  /** Every attempt failed: it stays on record, and can be replayed. */
  FAILED = "FAILED",
}

/** Attempts before a delivery is given up as FAILED (about a day of backing off). */
export const MAX_ATTEMPTS = 20;
/** How long a receiver has to answer one delivery. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Most webhooks per organization. */
export const MAX_WEBHOOKS_PER_ORG = 50;

/**
 * The wait before attempt `attempt + 1` after `attempt` failed: 1 s doubling up to an hour, jittered by ±20 % so
 * that many webhooks failing together do not retry together.
 */
export function retryDelayMs(attempt: number, random = Math.random()): number {
  const base = Math.min(3_600_000, 1_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + random * 0.4));
}

/** A Retry-After the receiver sent, in ms, within reason (1 s to an hour); null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  const seconds = /^\d{1,6}$/.test(header.trim()) ? Number(header.trim()) : (Date.parse(header) - nowMs) / 1000;
  if (!Number.isFinite(seconds)) return null;
  return Math.min(3_600_000, Math.max(1_000, Math.round(seconds * 1000)));
}

/** Why a URL cannot receive deliveries, or null when it can. */
export function urlProblem(raw: string, allowPrivate: boolean): string | null {
  if (raw.length > 2_000) return "is longer than 2,000 characters";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not an absolute URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be http or https";
  if (url.username || url.password) return "must not carry credentials (the signature authenticates the hub)";
  if (url.hash) return "must not have a fragment";
  if (!allowPrivate) {
    if (url.protocol !== "https:") return "must be https";
    if (isPrivateHost(url.hostname)) return "names a loopback, private or link-local address; deliveries go to public hosts only";
  }
  return null;
}

/** Loopback, private, link-local and unspecified hosts (by name or literal address). */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) return true;
  const v4 = host.split(".");
  if (v4.length === 4 && v4.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) {
    const [a, b] = v4.map(Number) as [number, number];
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (host.includes(":")) return host === "::" || host === "::1" || host.startsWith("fc") || host.startsWith("fd") || host.startsWith("fe80") || host.startsWith("::ffff:");
  return false;
}

/** The key of one piece of news for one webhook: the same news never makes two deliveries. */
export const eventKey = {
  movement: (position: string) => `movement:${position}`,
  recallNotice: (position: string) => `recall-notice:${position}`,
  alert: (position: string, unitId: string, kind: string) => `alert:${position}:${kind}:${unitId}`,
  orderStatus: (orderId: string, status: string, messageId: string) => `order:${orderId}:${status}:${messageId}`,
  replay: (deliveryId: string, n: number) => `replay:${deliveryId}:${n}`,
  epcisQuery: (firstPosition: string, lastPosition: string) => `epcis:${firstPosition}-${lastPosition}`,
};

/**
 * The body of a delivery: what it is about, and the news; for a query subscription, the EPCIS query document itself,
 * as the REST binding's subscriptions deliver it.
 */
export function deliveryBody(delivery: { id: string; webhookId: string; kind: string; payload: unknown; createdAt: Date; replayOf: string | null }): string {
  if (delivery.kind === WebhookKind.EPCIS_QUERY) return JSON.stringify(delivery.payload);
  return JSON.stringify({
    id: delivery.id,
    webhookId: delivery.webhookId,
    kind: delivery.kind,
    createdAt: delivery.createdAt.toISOString(),
    ...(delivery.replayOf ? { replayOf: delivery.replayOf } : {}),
    data: delivery.payload,
  });
}
