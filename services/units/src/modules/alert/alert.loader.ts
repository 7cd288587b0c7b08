import { loaderOfMany } from "@tracehub/subgraph-kit";
import type { AlertStore } from "./alert.store";

/** The per-request alert loaders: one statement per batch of units. */
export function createAlertLoaders(store: AlertStore) {
  return {
    alertsByUnit: loaderOfMany(
      (ids: readonly string[]) => store.ofUnits(ids),
      (alert) => alert.unitId,
    ),
  };
}

/** The alert loaders a request gets. */
export type AlertLoaders = ReturnType<typeof createAlertLoaders>;
