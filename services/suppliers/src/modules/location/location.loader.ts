import { isUuid, loaderOfMany } from "@tracehub/subgraph-kit";
import { toLocationType } from "./location.mapper";
import type { LocationStore } from "./location.store";

/** The per-request loaders of locations. */
export function createLocationLoaders(store: LocationStore) {
  return {
    /** Each organization's locations, oldest first, one statement per batch. */
    locationsByOrganization: loaderOfMany(async (ids: readonly string[]) => {
      const uuids = ids.filter(isUuid);
      return uuids.length ? (await store.ofOrganizations(uuids)).map(toLocationType) : [];
    }, (l) => l.organizationId),
  };
}

/** The location loaders a request gets. */
export type LocationLoaders = ReturnType<typeof createLocationLoaders>;
