/** Analytics arithmetic as plain functions. No I/O. */

/** The value at quantile `q` (0..1) of sorted numbers, by nearest rank; null for none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

/** The mean; null for none. */
export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Returned over sold, 0 when nothing sold. */
export function rate(returned: number, sold: number): number {
  return sold === 0 ? 0 : returned / sold;
}

/** Most days one analytics query spans. */
export const MAX_SPAN_DAYS = 366;

/** Null when [from, to) is a valid span of at most {@link MAX_SPAN_DAYS}; otherwise why not. */
export function spanProblem(from: Date, to: Date): string | null {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return "'from' and 'to' must be times";
  if (to <= from) return "'to' must be after 'from'";
  if (to.getTime() - from.getTime() > MAX_SPAN_DAYS * 86_400_000) return `the span may be at most ${MAX_SPAN_DAYS} days`;
  return null;
}
