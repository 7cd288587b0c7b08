import { type ReadScope, loaderByKey, loaderOfMany } from "@tracehub/subgraph-kit";
import { toUnitType } from "./unit.mapper";
import type { UnitStore } from "./unit.store";

/**
 * The per-request unit loaders, limited to what the caller may read (`scope`): one statement per batch of keys. A unit
 * the caller may not read loads as null, exactly like an unknown one.
 */
export function createUnitLoaders(store: UnitStore, scope: ReadScope) {
  return {
    unitById: loaderByKey(async (ids: readonly string[]) => (await store.byIds(ids, scope)).map(toUnitType), (unit) => unit.id),
    childrenByParent: loaderOfMany(async (parents: readonly string[]) => (await store.childrenOf(parents, scope)).map(toUnitType), (unit) => unit.parentId as string),
  };
}

/** The unit loaders a request gets. */
export type UnitLoaders = ReturnType<typeof createUnitLoaders>;
