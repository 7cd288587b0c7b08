/**
 * Movement counts per key (business step, location) over the last hour, in one-minute buckets: memory stays
 * bounded (at most 60 buckets) however fast movements come.
 */
export class HourCounts {
  private readonly buckets = new Map<number, Map<string, number>>();

  add(at: Date, key: string, count = 1): void {
    const minute = Math.floor(at.getTime() / 60_000);
    let bucket = this.buckets.get(minute);
    if (!bucket) this.buckets.set(minute, (bucket = new Map()));
    bucket.set(key, (bucket.get(key) ?? 0) + count);
  }

  /** Counts of the last 60 minutes, largest first (at most `limit` keys). */
  top(now: Date, limit = 12): [string, number][] {
    const oldest = Math.floor(now.getTime() / 60_000) - 59;
    const totals = new Map<string, number>();
    for (const [minute, bucket] of this.buckets) {
      if (minute < oldest) {
        this.buckets.delete(minute);
        continue;
      }
      for (const [key, count] of bucket) totals.set(key, (totals.get(key) ?? 0) + count);
    }
    return [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit);
  }
}
