import { createHash, randomBytes } from "node:crypto";

/** A customer's tracking link, as plain functions: the token, its stored hash, and the public milestones. */

/** A new tracking token: 32 random bytes, base64url (43 characters). */
export function newTrackingToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What is stored of a token: its SHA-256 (a leaked table gives no working link). */
export function trackingHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** True when `token` has the shape of one the hub issues (anything else is not looked up). */
export function isTrackingToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** A public milestone of an order. */
export interface Milestone {
  milestone: "ORDERED" | "PICKED" | "PACKED" | "SHIPPED" | "DELIVERED" | "CANCELLED";
  at: Date;
}

/** The public milestones of an order, in time order: only what happened to the parcel, nothing about who or where. */
export function milestonesOf(order: { createdAt: Date; allocatedAt: Date | null; packedAt: Date | null; shippedAt: Date | null; deliveredAt: Date | null; cancelledAt: Date | null }): Milestone[] {
  const all: [Milestone["milestone"], Date | null][] = [
    ["ORDERED", order.createdAt],
    ["PICKED", order.allocatedAt],
    ["PACKED", order.packedAt],
    ["SHIPPED", order.shippedAt],
    ["DELIVERED", order.deliveredAt],
    ["CANCELLED", order.cancelledAt],
  ];
  return all.flatMap(([milestone, at]) => (at ? [{ milestone, at }] : [])).sort((a, b) => a.at.getTime() - b.at.getTime());
}
