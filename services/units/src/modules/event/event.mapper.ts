import type { EventEntity } from "./event.entity";
import type { EventType } from "./event.type";

/** Maps a stored event to its API summary. */
export function toEventType(row: EventEntity): EventType {
  return {
    eventId: row.eventId,
    type: row.type,
    action: row.action,
    bizStep: row.bizStep,
    disposition: row.disposition,
    readPoint: row.readPoint,
    bizLocation: row.bizLocation,
    eventTime: row.eventTime,
    eventTimeZoneOffset: row.eventTimeZoneOffset,
    recordTime: row.recordTime,
  };
}
