/**
 * Warranty by serial, as a plain function: a unit's cover follows the seller's policy for its product, from the
 * delivery of the order it was sold on (a unit no order sold has no warranty to answer). No I/O; `warranty.rules.spec.ts` is the specification.
 */

/** Where a unit's warranty stands. */
export enum WarrantyStatus {
  COVERED = "COVERED",
  EXPIRED = "EXPIRED",
  /** Sold, not delivered yet: the warranty starts at delivery. */
  NOT_STARTED = "NOT_STARTED",
  /** The seller has no warranty policy for the product. */
  NO_POLICY = "NO_POLICY",
  /** The unit came back to the seller: the sale's warranty is void. */
  RETURNED = "RETURNED",
}

/** What decides a warranty. */
export interface WarrantyFacts {
  /** Delivery of the order that sold the unit; null while not delivered. */
  deliveredAt: Date | null;
  returned: boolean;
  /** The seller's policy for the product, in months; null when none. */
  months: number | null;
  now: Date;
}

/** The end of a warranty of `months` calendar months from `start` (the last day of a shorter month when the day does not exist). */
export function warrantyEnd(start: Date, months: number): Date {
  const end = new Date(start.getTime());
  const day = end.getUTCDate();
  end.setUTCDate(1);
  end.setUTCMonth(end.getUTCMonth() + months);
  const last = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
  end.setUTCDate(Math.min(day, last));
  return end;
}

/** The warranty's status and period. */
export function warrantyOf(facts: WarrantyFacts): { status: WarrantyStatus; startsAt: Date | null; endsAt: Date | null } {
  if (facts.returned) return { status: WarrantyStatus.RETURNED, startsAt: facts.deliveredAt, endsAt: null };
  if (facts.months === null) return { status: WarrantyStatus.NO_POLICY, startsAt: facts.deliveredAt, endsAt: null };
  if (!facts.deliveredAt) return { status: WarrantyStatus.NOT_STARTED, startsAt: null, endsAt: null };
  const endsAt = warrantyEnd(facts.deliveredAt, facts.months);
  return { status: facts.now < endsAt ? WarrantyStatus.COVERED : WarrantyStatus.EXPIRED, startsAt: facts.deliveredAt, endsAt };
}
