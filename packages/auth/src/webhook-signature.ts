import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signed webhook deliveries, as the common webhook conventions do it: the hub sends `Tracehub-Signature:
 * t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the webhook's secret>`. A receiver recomputes the
 * HMAC over the raw body it received, compares in constant time, refuses a timestamp outside its tolerance (a
 * replayed request is old), and remembers the `Tracehub-Delivery` ids it accepted (a replay within the tolerance
 * repeats an id).
 */

/** The header carrying the signature. */
export const WEBHOOK_SIGNATURE_HEADER = "tracehub-signature";
/** The header naming the delivery (unique per delivery, the same on every retry of it). */
export const WEBHOOK_DELIVERY_HEADER = "tracehub-delivery";
/** The header naming what the delivery is about (UNIT_MOVEMENT, ORDER_STATUS, RECALL_NOTICE, ALERT). */
export const WEBHOOK_KIND_HEADER = "tracehub-event";
/** How old a signature a receiver accepts, by default (seconds). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, timestamp: number, body: string | Buffer) =>
  createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");

/** The signature header's value for `body`, sent at `timestampSeconds`. */
export function webhookSignature(secret: string, body: string | Buffer, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmac(secret, timestampSeconds, body)}`;
}

/** What checking a delivery's signature found. */
export type WebhookVerification = { ok: true; timestamp: number } | { ok: false; reason: "MALFORMED" | "BAD_SIGNATURE" | "TOO_OLD" | "FROM_THE_FUTURE" };

/**
 * Checks a delivery: the signature over the raw body, and its age (within `toleranceSeconds` either way). Any of
 * several `v1=` values may match (a secret being rotated).
 */
export function verifyWebhookSignature(secret: string, header: string | null | undefined, body: string | Buffer, options: { nowMs?: number; toleranceSeconds?: number } = {}): WebhookVerification {
  if (typeof header !== "string" || header.length > 1_000) return { ok: false, reason: "MALFORMED" };
  const parts = header.split(",").map((p) => p.trim().split("="));
  const t = parts.find(([k]) => k === "t")?.[1];
  const signatures = parts.filter(([k, v]) => k === "v1" && typeof v === "string" && /^[0-9a-f]{64}$/.test(v)).map(([, v]) => v as string);
  if (!t || !/^\d{1,12}$/.test(t) || signatures.length === 0) return { ok: false, reason: "MALFORMED" };
  const timestamp = Number(t);
  const expected = Buffer.from(hmac(secret, timestamp, body), "hex");
  if (!signatures.some((s) => timingSafeEqual(Buffer.from(s, "hex"), expected))) return { ok: false, reason: "BAD_SIGNATURE" };
  const tolerance = options.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  const now = Math.floor((options.nowMs ?? Date.now()) / 1000);
  if (timestamp < now - tolerance) return { ok: false, reason: "TOO_OLD" };
  if (timestamp > now + tolerance) return { ok: false, reason: "FROM_THE_FUTURE" };
  return { ok: true, timestamp };
}
