import { isUuid, loaderByKey, loaderOfMany } from "@tracehub/subgraph-kit";
import { toRecallType } from "./recall.mapper";
import type { RecallReader, RecallStore } from "./recall.store";

/** The per-request loaders of the compliance service, limited to the recalls the caller may read: one statement per batch. */
export function createRecallLoaders(store: RecallStore, reader: RecallReader) {
  return {
    recallById: loaderByKey(async (ids: readonly string[]) => (await store.byIds(ids.filter(isUuid), reader)).map(toRecallType), (r) => r.id),
    /** Every recall in force of each GTIN, oldest first, for `Unit.recalls` of a unit the caller sees; the rest of the scope is applied by the caller. */
    recallsByGtin: loaderOfMany(async (gtins: readonly string[]) => (await store.byGtins(gtins)).map(toRecallType), (r) => r.gtin),
  };
}

/** The loaders a request gets. */
export type RecallLoaders = ReturnType<typeof createRecallLoaders>;
