import type { UnitFacts } from "../stock/stock.client";

/**
 * A return checked against the sale, as a plain function. No I/O; `return.rules.spec.ts` is the specification.
 */

/** What the hub concludes of a returned item. */
export enum ReturnVerdictCode {
  /** The unit sent back is one this order sold, within the window. */
  VERIFIED = "VERIFIED",
  /** The unit exists but this order did not sell it, nor anything of its GTIN. */
  NOT_SOLD_ON_THIS_ORDER = "NOT_SOLD_ON_THIS_ORDER",
  /** Same product as one sold on this order, another serial: the item was swapped. */
  DIFFERENT_UNIT = "DIFFERENT_UNIT",
  /** The hub never commissioned this unit: a counterfeit or a made-up code. */
  UNKNOWN_UNIT = "UNKNOWN_UNIT",
  /** This unit of this order was taken back already. */
  ALREADY_RETURNED = "ALREADY_RETURNED",
  /** The return window closed. */
  OUTSIDE_RETURN_WINDOW = "OUTSIDE_RETURN_WINDOW",
  /** The unit is the one sold, and it is recalled: it is taken back, and can only be quarantined or destroyed. */
  RECALLED = "RECALLED",
}

/** Verdicts under which the item is taken back. */
export const ACCEPTED_VERDICTS: ReadonlySet<ReturnVerdictCode> = new Set([ReturnVerdictCode.VERIFIED, ReturnVerdictCode.RECALLED]);

/** What orders knows of the order and the code returned. */
export interface ReturnContext {
  /** The canonical id of the returned unit. */
  unitId: string;
  gtin: string;
  /** Units the order sold. */
  soldUnitIds: ReadonlySet<string>;
  /** GTINs of the units it sold. */
  soldGtins: ReadonlySet<string>;
  /** Whether this unit of this order was taken back before. */
  returnedBefore: boolean;
  deliveredAt: Date;
  windowDays: number;
  now: Date;
}

/** The verdict and, unless VERIFIED, why, in words (GS1 Lightweight Verification's `verificationFailureReason`). */
export interface Verdict {
  verdict: ReturnVerdictCode;
  reason: string | null;
}

const DAY_MS = 86_400_000;

/** The end of the return window. */
export function windowEnd(deliveredAt: Date, windowDays: number): Date {
  return new Date(deliveredAt.getTime() + windowDays * DAY_MS);
}

/**
 * The verdict on a returned item: an item this order did not sell is UNKNOWN_UNIT (never commissioned),
 * DIFFERENT_UNIT (same GTIN as a unit sold, another serial) or NOT_SOLD_ON_THIS_ORDER; one it sold is
 * ALREADY_RETURNED, OUTSIDE_RETURN_WINDOW, RECALLED or VERIFIED, in that order.
 */
export function returnVerdict(facts: UnitFacts | undefined, ctx: ReturnContext): Verdict {
  if (!ctx.soldUnitIds.has(ctx.unitId)) {
    if (!facts || !facts.commissioned) return { verdict: ReturnVerdictCode.UNKNOWN_UNIT, reason: "The hub never commissioned this unit: it is not genuine, or the code is wrong." };
    if (ctx.soldGtins.has(ctx.gtin)) {
      return { verdict: ReturnVerdictCode.DIFFERENT_UNIT, reason: "This order sold this product, but not this unit: the serial differs from every unit shipped on it." };
    }
    return { verdict: ReturnVerdictCode.NOT_SOLD_ON_THIS_ORDER, reason: "This order did not sell this product." };
  }
  if (ctx.returnedBefore) return { verdict: ReturnVerdictCode.ALREADY_RETURNED, reason: "This unit of this order was returned already." };
  const end = windowEnd(ctx.deliveredAt, ctx.windowDays);
  if (ctx.now.getTime() > end.getTime()) {
    return { verdict: ReturnVerdictCode.OUTSIDE_RETURN_WINDOW, reason: `The return window of ${ctx.windowDays} day(s) closed at ${end.toISOString()}.` };
  }
  if (facts?.recalled || facts?.status === "RECALLED") return { verdict: ReturnVerdictCode.RECALLED, reason: "This unit is recalled: it is taken back and must not be restocked." };
  return { verdict: ReturnVerdictCode.VERIFIED, reason: null };
}

/** What becomes of a received return. */
export enum ReturnDecision {
  RESTOCK = "RESTOCK",
  QUARANTINE = "QUARANTINE",
  DESTROY = "DESTROY",
}

/** Where a return is. */
export enum ReturnStatus {
  REFUSED = "REFUSED",
  AWAITING_ITEM = "AWAITING_ITEM",
  RECEIVED = "RECEIVED",
  RESTOCKED = "RESTOCKED",
  QUARANTINED = "QUARANTINED",
  DESTROYED = "DESTROYED",
}

/** The status a decision leaves a return in. */
export const STATUS_AFTER: Record<ReturnDecision, ReturnStatus> = {
  [ReturnDecision.RESTOCK]: ReturnStatus.RESTOCKED,
  [ReturnDecision.QUARANTINE]: ReturnStatus.QUARANTINED,
  [ReturnDecision.DESTROY]: ReturnStatus.DESTROYED,
};

/** Null when `decision` may be taken on a received return of this verdict; otherwise why not. */
export function decisionRefusal(verdict: string, decision: ReturnDecision): string | null {
  if (verdict === ReturnVerdictCode.RECALLED && decision === ReturnDecision.RESTOCK) return "a recalled unit cannot be restocked: quarantine or destroy it";
  return null;
}
