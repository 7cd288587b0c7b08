import { isUuid, loaderByKey, loaderOfMany } from "@tracehub/subgraph-kit";
import { toNoteType, toQuarantineType } from "./quarantine.service";
import type { QuarantineReader, QuarantineStore } from "./quarantine.store";

/** The per-request quarantine loaders (one statement per batch), limited to what the caller may see. */
export function createQuarantineLoaders(store: QuarantineStore, reader: QuarantineReader) {
  return {
    quarantineById: loaderByKey(async (ids: readonly string[]) => (await store.byIds(ids.filter(isUuid), reader)).map((r) => toQuarantineType(r)), (q) => q.id),
    notesByQuarantine: loaderOfMany(async (ids: readonly string[]) => (await store.notesOf(ids)).map((n) => ({ ...toNoteType(n), quarantineId: n.quarantineId })), (n) => n.quarantineId),
  };
}

/** The quarantine loaders a request gets. */
export type QuarantineLoaders = ReturnType<typeof createQuarantineLoaders>;
