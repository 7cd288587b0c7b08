import type { Principal } from "@tracehub/auth";
import { createServiceDataSource, migrate } from "@tracehub/db";
import { type RunningSubgraph, startSubgraphServer } from "@tracehub/subgraph-kit";
import type { DataSource, Logger } from "typeorm";
import type { OrdersContext } from "./context";
import { migrations } from "./migrations";
import { OrderEntity } from "./modules/order/order.entity";
import { createOrderLoaders } from "./modules/order/order.loader";
import { OrderService } from "./modules/order/order.service";
import { OrderStore } from "./modules/order/order.store";
import { buildOrdersSchema } from "./schema";

export { buildOrdersSchema } from "./schema";
export { loadEnv, ENV_KEYS } from "./env";

/** The PostgreSQL schema this service owns. */
export const SCHEMA = "orders";

/** Opens (does not initialize) the orders database. */
export function createOrdersDataSource(url: string, logger?: Logger): DataSource {
  return createServiceDataSource({ url, schema: SCHEMA, entities: [OrderEntity], migrations, ...(logger ? { logger } : {}) });
}

/** Runs the orders migrations on `ds`. */
export function migrateOrders(ds: DataSource): Promise<string[]> {
  return migrate(ds, SCHEMA);
}

/** Starts the orders subgraph on an initialized, migrated data source. */
export async function createSubgraph(deps: { ds: DataSource; principalKey: string; port: number; host?: string }): Promise<RunningSubgraph> {
  const schema = await buildOrdersSchema();
  const store = new OrderStore(deps.ds.manager);
  const orders = new OrderService(store);
  return startSubgraphServer<OrdersContext>({
    name: "orders",
    schema,
    principalKey: deps.principalKey,
    port: deps.port,
    ...(deps.host ? { host: deps.host } : {}),
    context: (principal: Principal) => ({ principal, loaders: createOrderLoaders(store), orders }),
  });
}
