import type { UnitFacts } from "../stock/stock.client";

/**
 * Whether a scanned unit may be allocated to an order line, as a plain function of what units says of it and what
 * orders knows. No I/O; `allocation.rules.spec.ts` is the specification.
 */

/** Why a scan was refused. */
export enum AllocationRefusalCode {
  /** The hub never commissioned this unit (a fake or a mistyped code). */
  UNKNOWN_UNIT = "UNKNOWN_UNIT",
  /** The order has no line for the unit's GTIN. */
  GTIN_NOT_ON_ORDER = "GTIN_NOT_ON_ORDER",
  /** The line of the unit's GTIN is full. */
  LINE_COMPLETE = "LINE_COMPLETE",
  /** The unit is on this order already (a repeated scan). */
  ALREADY_ON_THIS_ORDER = "ALREADY_ON_THIS_ORDER",
  /** Another order holds the unit. */
  ALREADY_ALLOCATED = "ALREADY_ALLOCATED",
  RECALLED = "RECALLED",
  ON_HOLD = "ON_HOLD",
  EXPIRED = "EXPIRED",
  DESTROYED = "DESTROYED",
  DECOMMISSIONED = "DECOMMISSIONED",
  /** Sold already (through this hub or recorded by a point of sale). */
  ALREADY_SOLD = "ALREADY_SOLD",
  /** On its way somewhere and not received yet. */
  IN_TRANSIT = "IN_TRANSIT",
  /** Returned, stolen or otherwise not sellable as it stands. */
  NOT_SELLABLE = "NOT_SELLABLE",
  /** The seller does not hold the unit now. */
  NOT_IN_CUSTODY = "NOT_IN_CUSTODY",
}

/** A refusal: the code and a sentence for the picker. */
export interface Refusal {
  code: AllocationRefusalCode;
  message: string;
}

/** What orders knows of the scanned unit. */
export interface AllocationContext {
  /** The GTIN-14 the code names. */
  gtin: string;
  /** The order's line for that GTIN, with how many units it holds; null when there is none. */
  line: { quantity: number; allocated: number } | null;
  /** The order the unit is allocated to, if any: "this" or another order's reference. */
  allocatedTo: "this" | { reference: string } | null;
  /** Today (UTC, ISO date). */
  today: string;
}

const refuse = (code: AllocationRefusalCode, message: string): Refusal => ({ code, message });

/**
 * Null when the unit may be allocated; otherwise the first reason it may not, checked in this order: the unit
 * exists; it is not on this order already (a repeated scan, even of the unit that filled its line); the order wants
 * its GTIN and has room; no other order holds it; it is not recalled, on hold, expired, destroyed, decommissioned,
 * sold, in transit or otherwise unsellable; and the seller holds it now.
 */
export function allocationRefusal(facts: UnitFacts | undefined, ctx: AllocationContext): Refusal | null {
  if (!facts || !facts.commissioned) return refuse(AllocationRefusalCode.UNKNOWN_UNIT, "The hub never commissioned this unit: it may be counterfeit, or the code was mistyped.");
  if (ctx.allocatedTo === "this") return refuse(AllocationRefusalCode.ALREADY_ON_THIS_ORDER, "This unit is already allocated to this order.");
  if (!ctx.line) return refuse(AllocationRefusalCode.GTIN_NOT_ON_ORDER, `The order has no line for GTIN ${ctx.gtin}.`);
  if (ctx.line.allocated >= ctx.line.quantity) return refuse(AllocationRefusalCode.LINE_COMPLETE, `The line for GTIN ${ctx.gtin} has all ${ctx.line.quantity} unit(s) it needs.`);
  if (ctx.allocatedTo) return refuse(AllocationRefusalCode.ALREADY_ALLOCATED, `This unit is allocated to order ${ctx.allocatedTo.reference}.`);
  if (facts.recalled || facts.status === "RECALLED") return refuse(AllocationRefusalCode.RECALLED, "This unit is recalled: it must not be sold.");
  if (facts.onHold) return refuse(AllocationRefusalCode.ON_HOLD, "This unit is on hold (an open quarantine covers it).");
  if (facts.status === "EXPIRED" || (facts.expiry !== null && facts.expiry < ctx.today)) {
    return refuse(AllocationRefusalCode.EXPIRED, `This unit expired${facts.expiry ? ` on ${facts.expiry}` : ""}.`);
  }
  switch (facts.status) {
    case "DESTROYED":
      return refuse(AllocationRefusalCode.DESTROYED, "This unit was destroyed.");
    case "DECOMMISSIONED":
    case "CONSUMED":
      return refuse(AllocationRefusalCode.DECOMMISSIONED, `This unit is out of circulation (${facts.status}).`);
    case "SOLD":
      return refuse(AllocationRefusalCode.ALREADY_SOLD, "This unit was sold already.");
    case "IN_TRANSIT":
      return refuse(AllocationRefusalCode.IN_TRANSIT, "This unit is in transit: receive it before picking it.");
    case "ACTIVE":
      break;
    default:
      return refuse(AllocationRefusalCode.NOT_SELLABLE, `This unit is not sellable as it stands (${facts.status}).`);
  }
  if (!facts.held) return refuse(AllocationRefusalCode.NOT_IN_CUSTODY, "Your organization does not hold this unit now.");
  return null;
}
