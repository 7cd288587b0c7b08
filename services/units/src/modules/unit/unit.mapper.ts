import type { UnitEntity } from "./unit.entity";
import type { UnitStatus } from "./unit.rules";
import type { UnitKindType, UnitType } from "./unit.type";

/** What the mapper reads of a stored unit (an entity, or a row of a store's own statement). */
export type UnitRecord = Omit<UnitEntity, "lastEffectiveTime" | "keyDigits">;

/** Maps a stored unit to its API shape. */
export function toUnitType(row: UnitRecord): UnitType {
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
