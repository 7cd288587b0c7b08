import type { UnitEntity } from "./unit.entity";
import type { UnitStatus, UnitType } from "./unit.type";

/** Maps a stored unit to its API shape. */
export function toUnitType(row: UnitEntity): UnitType {
  return {
    id: row.id,
    gtin: row.gtin,
    serial: row.serial,
    lot: row.lot,
    expiry: row.expiry,
    status: row.status as UnitStatus,
    disposition: row.disposition,
    location: row.location,
    commissionedAt: row.commissionedAt,
  };
}
