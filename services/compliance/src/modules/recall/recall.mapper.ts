import type { RecallRow } from "./recall.store";
import type { RecallClass, RecallStatus, RecallType } from "./recall.type";

/** Maps a stored recall to its API shape. */
export function toRecallType(row: RecallRow): RecallType {
  return { ...row, classification: row.classification as RecallClass, status: row.status as RecallStatus };
}
