import { type ReadScope, isUuid, loaderByKey, loaderOfMany } from "@tracehub/subgraph-kit";
import { toRecallType } from "./recall.mapper";
import type { RecallStore } from "./recall.store";

/** The per-request loaders of the compliance service, limited to the recalls the caller may read: one statement per batch. */
export function createRecallLoaders(store: RecallStore, scope: ReadScope) {
  return {
    recallById: loaderByKey(async (ids: readonly string[]) => (await store.byIds(ids.filter(isUuid), scope)).map(toRecallType), (r) => r.id),
    /** Every recall of each GTIN, oldest first, for `Unit.recalls` of a unit the caller sees; scope by lot is applied by the caller. */
    recallsByGtin: loaderOfMany(async (gtins: readonly string[]) => (await store.byGtins(gtins)).map(toRecallType), (r) => r.gtin),
  };
}

/** The loaders a request gets. */
export type RecallLoaders = ReturnType<typeof createRecallLoaders>;
