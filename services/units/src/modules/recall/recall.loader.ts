import { isUuid, loaderByKey } from "@tracehub/subgraph-kit";
import type { RecallStore } from "./recall.store";

/** The per-request recall loaders: which recalls units knows as issued, one statement per batch. */
export function createRecallLoaders(store: RecallStore) {
  return {
    issuedRecall: loaderByKey((ids: readonly string[]) => store.issued(ids.filter(isUuid)), (r) => r.id),
  };
}

/** The recall loaders a request gets. */
export type RecallLoaders = ReturnType<typeof createRecallLoaders>;
