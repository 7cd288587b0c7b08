import type { LocationRow } from "./location.store";
import type { LocationType } from "./location.type";

/** Maps a stored location to the API shape. */
export function toLocationType(row: LocationRow): LocationType {
  return {
    id: row.id,
    organizationId: row.organizationId,
    gln: row.gln,
    name: row.name,
    address: row.address,
    latitude: row.latitude === null ? null : Number(row.latitude),
    longitude: row.longitude === null ? null : Number(row.longitude),
    createdAt: row.createdAt,
  };
}
