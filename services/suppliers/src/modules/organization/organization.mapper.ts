import type { OrganizationRow } from "./organization.store";
import type { OrganizationKind, OrganizationType } from "./organization.type";

/** Maps a stored organization with its prefixes to the API shape. */
export function toOrganizationType(row: OrganizationRow): OrganizationType {
  return { id: row.id, name: row.name, kind: row.kind as OrganizationKind, companyPrefixes: row.prefixes, createdAt: row.createdAt };
}
