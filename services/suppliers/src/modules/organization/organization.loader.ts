import { isUuid, loaderByKey } from "@tracehub/subgraph-kit";
import { toOrganizationType } from "./organization.mapper";
import { candidatePrefixes, owningPrefix } from "./organization.rules";
import type { OrganizationStore } from "./organization.store";

/** The per-request loaders of the suppliers service. */
export function createSupplierLoaders(store: OrganizationStore) {
  return {
    organizationById: loaderByKey(async (ids: readonly string[]) => {
      const uuids = ids.filter(isUuid);
      return uuids.length ? (await store.byIds(uuids)).map(toOrganizationType) : [];
    }, (o) => o.id),
    /** The brand owner of each GTIN: longest registered company prefix, one statement per batch. */
    brandOwnerByGtin: loaderByKey(
      async (gtins: readonly string[]) => {
        const rows = await store.holdersOf([...new Set(gtins.flatMap(candidatePrefixes))]);
        const byPrefix = new Map(rows.map((r) => [r.heldPrefix, r]));
        const registered = new Set(byPrefix.keys());
        return gtins.flatMap((gtin) => {
          const prefix = owningPrefix(gtin, registered);
          const row = prefix ? byPrefix.get(prefix) : undefined;
          return row ? [{ gtin, organization: toOrganizationType(row) }] : [];
        });
      },
      (hit) => hit.gtin,
    ),
  };
}

/** The loaders a request gets. */
export type SupplierLoaders = ReturnType<typeof createSupplierLoaders>;
