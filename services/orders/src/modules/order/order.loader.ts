import { isUuid, loaderByKey, loaderOfMany } from "@tracehub/subgraph-kit";
import { toCustomerType } from "../customer/customer.rules";
import type { Stores } from "../../stores";
import { toLineType, toOrderType } from "./order.mapper";

/** The per-request loaders of the orders service: one statement per batch. */
export function createOrderLoaders(stores: Stores) {
  return {
    orderById: loaderByKey(async (ids: readonly string[]) => {
      const uuids = ids.filter(isUuid);
      return uuids.length ? (await stores.orders.ordersByIds(uuids)).map(toOrderType) : [];
    }, (o) => o.id),
    orderByUnitId: loaderByKey(
      async (unitIds: readonly string[]) => (await stores.orders.ordersByUnitIds(unitIds)).map((r) => ({ unitId: r.unitId, order: toOrderType(r) })),
      (hit) => hit.unitId,
    ),
    unitIdsByOrderId: loaderOfMany((orderIds: readonly string[]) => stores.allocations.ofOrders(orderIds.filter(isUuid)), (row) => row.orderId),
    linesByOrderId: loaderOfMany(async (orderIds: readonly string[]) => (await stores.orders.lines(orderIds.filter(isUuid))).map((r) => ({ orderId: r.orderId, line: toLineType(r) })), (row) => row.orderId),
    customerById: loaderByKey(async (ids: readonly string[]) => (await stores.customers.byIds(ids.filter(isUuid))).map(toCustomerType), (c) => c.id),
    returnsByOrderId: loaderOfMany((orderIds: readonly string[]) => stores.returns.ofOrders(orderIds.filter(isUuid)), (row) => row.orderId),
  };
}

/** The loaders a request gets. */
export type OrderLoaders = ReturnType<typeof createOrderLoaders>;
