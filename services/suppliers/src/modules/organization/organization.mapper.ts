import type { OrganizationEntity } from "./organization.entity";
import type { OrganizationKind, OrganizationType } from "./organization.type";

/** Maps a stored organization and its prefixes to the API shape. */
export function toOrganizationType(row: OrganizationEntity, companyPrefixes: string[]): OrganizationType {
  return { id: row.id, name: row.name, kind: row.kind as OrganizationKind, companyPrefixes, createdAt: row.createdAt };
}
