import { loaderByKey, loaderOfMany } from "@tracehub/subgraph-kit";
import { toUnitType } from "./unit.mapper";
import type { UnitStore } from "./unit.store";

/** The per-request unit loaders: one statement per batch of keys. */
export function createUnitLoaders(store: UnitStore) {
  return {
    unitById: loaderByKey(async (ids: readonly string[]) => (await store.byIds(ids)).map(toUnitType), (unit) => unit.id),
    childrenByParent: loaderOfMany(async (parents: readonly string[]) => (await store.childrenOf(parents)).map(toUnitType), (unit) => unit.parentId as string),
  };
}

/** The unit loaders a request gets. */
export type UnitLoaders = ReturnType<typeof createUnitLoaders>;
