import { isUuid, loaderByKey, loaderOfMany } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import type { OrderEntity } from "./order.entity";
import { toOrderType } from "./order.mapper";

const ORDER_COLUMNS = `o."id", o."organization_id" AS "organizationId", o."reference", o."customer_name" AS "customerName", o."status", o."created_at" AS "createdAt"`;

/** The per-request loaders of the orders service: one statement per batch. */
export function createOrderLoaders(ds: DataSource) {
  return {
    orderById: loaderByKey(async (ids: readonly string[]) => {
      const uuids = ids.filter(isUuid);
      const rows: OrderEntity[] = uuids.length ? await ds.query(`SELECT ${ORDER_COLUMNS} FROM "orders"."order" o WHERE o."id" = ANY($1::uuid[])`, [uuids]) : [];
      return rows.map(toOrderType);
    }, (o) => o.id),
    orderByUnitId: loaderByKey(async (unitIds: readonly string[]) => {
      const rows: (OrderEntity & { unitId: string })[] = await ds.query(
        `SELECT a."unit_id" AS "unitId", ${ORDER_COLUMNS} FROM "orders"."allocation" a JOIN "orders"."order" o ON o."id" = a."order_id" WHERE a."unit_id" = ANY($1::text[])`,
        [unitIds],
      );
      return rows.map((r) => ({ unitId: r.unitId, order: toOrderType(r) }));
    }, (hit) => hit.unitId),
    unitIdsByOrderId: loaderOfMany(
      async (orderIds: readonly string[]) =>
        (await ds.query(`SELECT "order_id" AS "orderId", "unit_id" AS "unitId" FROM "orders"."allocation" WHERE "order_id" = ANY($1::uuid[]) ORDER BY "unit_id"`, [
          orderIds.filter(isUuid),
        ])) as { orderId: string; unitId: string }[],
      (row) => row.orderId,
    ),
  };
}

/** The loaders a request gets. */
export type OrderLoaders = ReturnType<typeof createOrderLoaders>;
