import type { RecallRow } from "./recall.store";
import type { RecallType } from "./recall.type";

/** Maps a stored recall to its API shape. */
export function toRecallType(row: RecallRow): RecallType {
  return { id: row.id, gtin: row.gtin, lots: row.lots, reason: row.reason, status: row.status, issuedAt: row.issuedAt };
}
