import { isUuid, loaderByKey, loaderOfMany } from "@tracehub/subgraph-kit";
import { toRecallType } from "./recall.mapper";
import type { RecallStore } from "./recall.store";

/** The per-request loaders of the compliance service: one statement per batch. */
export function createRecallLoaders(store: RecallStore) {
  return {
    recallById: loaderByKey(async (ids: readonly string[]) => (await store.byIds(ids.filter(isUuid))).map(toRecallType), (r) => r.id),
    /** Every recall of each GTIN, oldest first; scope by lot is applied by the caller. */
    recallsByGtin: loaderOfMany(async (gtins: readonly string[]) => (await store.byGtins(gtins)).map(toRecallType), (r) => r.gtin),
  };
}

/** The loaders a request gets. */
export type RecallLoaders = ReturnType<typeof createRecallLoaders>;
