import { isUuid, loaderByKey, loaderOfMany } from "@tracehub/subgraph-kit";
import { toOrderType } from "./order.mapper";
import type { OrderStore } from "./order.store";

/** The per-request loaders of the orders service: one statement per batch. */
export function createOrderLoaders(store: OrderStore) {
  return {
    orderById: loaderByKey(async (ids: readonly string[]) => {
      const uuids = ids.filter(isUuid);
      return uuids.length ? (await store.ordersByIds(uuids)).map(toOrderType) : [];
    }, (o) => o.id),
    orderByUnitId: loaderByKey(
      async (unitIds: readonly string[]) => (await store.ordersByUnitIds(unitIds)).map((r) => ({ unitId: r.unitId, order: toOrderType(r) })),
      (hit) => hit.unitId,
    ),
    unitIdsByOrderId: loaderOfMany((orderIds: readonly string[]) => store.allocationsOf(orderIds.filter(isUuid)), (row) => row.orderId),
  };
}

/** The loaders a request gets. */
export type OrderLoaders = ReturnType<typeof createOrderLoaders>;
