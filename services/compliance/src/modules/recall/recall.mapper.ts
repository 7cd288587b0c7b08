import type { RecallEntity } from "./recall.entity";
import type { RecallType } from "./recall.type";

/** Maps a stored recall to its API shape. */
export function toRecallType(row: RecallEntity): RecallType {
  return { id: row.id, gtin: row.gtin, lots: row.lots, reason: row.reason, status: row.status, issuedAt: row.issuedAt };
}
