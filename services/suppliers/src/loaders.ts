import { createLocationLoaders } from "./modules/location/location.loader";
import type { LocationStore } from "./modules/location/location.store";
import { createSupplierLoaders } from "./modules/organization/organization.loader";
import type { OrganizationStore } from "./modules/organization/organization.store";

/** Every per-request loader of the suppliers service: organizations (by id, by GTIN) and their locations. */
export function createLoaders(stores: { organizations: OrganizationStore; locations: LocationStore }) {
  return { ...createSupplierLoaders(stores.organizations), ...createLocationLoaders(stores.locations) };
}

/** The loaders a request gets. */
export type Loaders = ReturnType<typeof createLoaders>;
