import type { UnitEntity } from "./unit.entity";
import type { UnitStatus } from "./unit.rules";
import type { UnitKindType, UnitType } from "./unit.type";

/**
 * What the mapper reads of a stored unit (an entity, or a row of a store's own statement), and until when the
 * reader may follow it (null: now; a time: it left the reader's custody then).
 */
export type UnitRecord = Omit<UnitEntity, "lastEffectiveTime" | "keyDigits"> & { visibleUntil?: Date | null };

/**
 * Maps a stored unit to its API shape. A reader whose custody of the unit ended sees who it is and its status (a
 * recall shows), but not where it went or what it was packed into afterwards.
 */
export function toUnitType(row: UnitRecord): UnitType {
  const until = row.visibleUntil ?? null;
  if (until !== null) {
    return { ...toUnitType({ ...row, visibleUntil: null }), disposition: null, readPoint: null, bizLocation: null, location: null, lastEventTime: null, parentId: null, visibleUntil: until };
  }
  return {
    id: row.id,
    kind: row.kind.toUpperCase() as UnitKindType,
    gtin: row.gtin,
    serial: row.serial,
    lot: row.lot,
    expiry: row.expiry,
    productionDate: row.productionDate,
    status: row.status as UnitStatus,
    disposition: row.disposition,
    readPoint: row.readPoint,
    bizLocation: row.bizLocation,
    location: row.bizLocation ?? row.readPoint,
    commissioned: row.commissioned,
    commissionedAt: row.commissionedAt,
    lastEventTime: row.lastEventTime,
    parentId: row.parentId,
  };
}
