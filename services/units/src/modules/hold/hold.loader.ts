import { loaderByKey } from "@tracehub/subgraph-kit";
import type { HoldStore } from "./hold.store";

/** The per-request hold loaders: which units an open quarantine holds, one statement per batch. */
export function createHoldLoaders(store: HoldStore) {
  return {
    heldUnit: loaderByKey(async (ids: readonly string[]) => (await store.held(ids)).map((id) => ({ id })), (u) => u.id),
  };
}

/** The hold loaders a request gets. */
export type HoldLoaders = ReturnType<typeof createHoldLoaders>;
