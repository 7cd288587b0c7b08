/** The part of a recall that decides which units it covers. */
export interface RecallScope {
  gtin: string;
  /** Empty: every lot. */
  lots: readonly string[];
  status: string;
}

/** True when an open recall covers a unit of this GTIN and lot. A lot-scoped recall never covers a unit with no lot. */
export function recallCovers(recall: RecallScope, unit: { gtin: string; lot: string | null }): boolean {
  if (recall.status !== "OPEN" || recall.gtin !== unit.gtin) return false;
  if (recall.lots.length === 0) return true;
  return unit.lot !== null && recall.lots.includes(unit.lot);
}
