/**
 * Custody as plain functions: how the hand-overs of a batch of events change who has which unit. No I/O;
 * `custody.rules.spec.ts` is the specification.
 */

/** A period a party has (had) a unit, as stored. */
export interface OpenCustody {
  rowId: string;
  unitId: string;
  gln: string;
}

/** An event that hands units over: its log position, time, destination parties (GLNs) and every unit it touched. */
export interface HandOver {
  seq: string;
  eventTime: string;
  glns: readonly string[];
  units: readonly string[];
}

/** What a batch changes: stored periods that end, and new periods (which may end within the batch). */
export interface CustodyChanges {
  closes: { rowId: string; toTime: string; toSeq: string }[];
  opens: { unitId: string; gln: string; fromTime: string; fromSeq: string; toTime: string | null; toSeq: string | null }[];
}

/**
 * Applies hand-overs in log order: each unit touched by a hand-over is from then on with the destination parties;
 * a party it was with before that is not among them loses it at that event. A party that already has the unit keeps
 * its period (no new row).
 */
export function custodyChanges(handOvers: readonly HandOver[], open: readonly OpenCustody[]): CustodyChanges {
  const changes: CustodyChanges = { closes: [], opens: [] };
  /** unit → gln → where its open period is (a stored row, or a new one of this batch). */
  const current = new Map<string, Map<string, { rowId: string } | { index: number }>>();
  for (const o of open) {
    const of = current.get(o.unitId) ?? new Map();
    of.set(o.gln, { rowId: o.rowId });
    current.set(o.unitId, of);
  }
  const sorted = [...handOvers].sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : BigInt(a.seq) > BigInt(b.seq) ? 1 : 0));
  for (const h of sorted) {
    const glns = [...new Set(h.glns)];
    if (glns.length === 0) continue;
    for (const unitId of new Set(h.units)) {
      const of = current.get(unitId) ?? new Map<string, { rowId: string } | { index: number }>();
      for (const [gln, period] of [...of.entries()]) {
        if (glns.includes(gln)) continue;
        if ("rowId" in period) changes.closes.push({ rowId: period.rowId, toTime: h.eventTime, toSeq: h.seq });
        else Object.assign(changes.opens[period.index] as object, { toTime: h.eventTime, toSeq: h.seq });
        of.delete(gln);
      }
      for (const gln of glns) {
        if (of.has(gln)) continue;
        changes.opens.push({ unitId, gln, fromTime: h.eventTime, fromSeq: h.seq, toTime: null, toSeq: null });
        of.set(gln, { index: changes.opens.length - 1 });
      }
      current.set(unitId, of);
    }
  }
  return changes;
}

/** Per stream position: which parties (GLN) had which of its units (indexes into the position's unit list). */
export type StreamCustody = Record<string, number[]>;

/**
 * Who had each unit of each event of a batch, for the movement stream: the parties holding it before the event and
 * after it (so the event that hands a unit away still reaches the party it leaves). Events in log order; `open` is
 * the custody stored before the batch.
 */
export function streamCustody(entries: readonly { seq: string; units: readonly string[] }[], handOvers: readonly HandOver[], open: readonly OpenCustody[]): Map<string, StreamCustody> {
  const current = new Map<string, Set<string>>();
  for (const o of open) (current.get(o.unitId) ?? current.set(o.unitId, new Set()).get(o.unitId))?.add(o.gln);
  const handOverBySeq = new Map(handOvers.map((h) => [h.seq, h]));
  const out = new Map<string, StreamCustody>();
  const sorted = [...entries].sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : BigInt(a.seq) > BigInt(b.seq) ? 1 : 0));
  for (const entry of sorted) {
    const handOver = handOverBySeq.get(entry.seq);
    const glns = handOver ? [...new Set(handOver.glns)] : [];
    const custody: StreamCustody = {};
    entry.units.forEach((unitId, index) => {
      const before = current.get(unitId) ?? new Set<string>();
      const holders = new Set(before);
      if (glns.length) {
        for (const gln of glns) holders.add(gln);
        current.set(unitId, new Set(glns));
      }
      for (const gln of holders) (custody[gln] ??= []).push(index);
    });
    out.set(entry.seq, custody);
  }
  return out;
}
