import type { Principal } from "@tracehub/auth";
import { OutboxStore, createServiceDataSource, migrate } from "@tracehub/db";
import { OutboxRelay, type RunningSubgraph, observability, outboxGauges, startSubgraphServer } from "@tracehub/subgraph-kit";
import type { DataSource, Logger } from "typeorm";
import type { OrdersContext } from "./context";
import { migrations } from "./migrations";
import { AllocationService } from "./modules/allocation/allocation.service";
import { ORDER_EVENTS } from "./modules/fulfilment/fulfilment.rules";
import { ORDER_STATUS_TOPIC } from "./modules/order/order.rules";
import { FulfilmentService } from "./modules/fulfilment/fulfilment.service";
import { createOrderLoaders } from "./modules/order/order.loader";
import { OrderService } from "./modules/order/order.service";
import { ReturnService } from "./modules/return/return.service";
import { UnitsClient } from "./modules/stock/stock.client";
import { TrackingService } from "./modules/tracking/tracking.service";
import { WarrantyService } from "./modules/warranty/warranty.service";
import { buildOrdersSchema } from "./schema";
import { OrdersDb } from "./stores";

export { buildOrdersSchema } from "./schema";
export { loadEnv, ENV_KEYS } from "./env";
export { ORDER_EVENTS } from "./modules/fulfilment/fulfilment.rules";

/** The PostgreSQL schema this service owns. */
export const SCHEMA = "orders";

/** Opens (does not initialize) the orders database. */
export function createOrdersDataSource(url: string, logger?: Logger): DataSource {
  return createServiceDataSource({ url, schema: SCHEMA, entities: [], migrations, ...(logger ? { logger } : {}) });
}

/** Runs the orders migrations on `ds`. */
export function migrateOrders(ds: DataSource): Promise<string[]> {
  return migrate(ds, SCHEMA);
}

/** What the orders subgraph needs to run. */
export interface OrdersDeps {
  ds: DataSource;
  principalKey: string;
  /** When set, `/metrics` answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string | null;
  port: number;
  host?: string;
  /** The units subgraph's URL: orders reads unit facts from its internal endpoints and delivers order events there (default `http://127.0.0.1:4001/graphql`). */
  unitsUrl?: string;
  /** Outbox relay tuning (tests). */
  outbox?: { pollMs?: number };
}

/** Starts the orders subgraph on an initialized, migrated data source, with its outbox relay. */
export async function createSubgraph(deps: OrdersDeps): Promise<RunningSubgraph> {
  const schema = await buildOrdersSchema();
  const unitsUrl = deps.unitsUrl ?? "http://127.0.0.1:4001/graphql";
  const outbox = new OutboxStore(deps.ds, SCHEMA);
  const relay = new OutboxRelay({
    name: "orders",
    source: outbox,
    destinations: { [ORDER_EVENTS]: unitsUrl, [ORDER_STATUS_TOPIC]: unitsUrl },
    principalKey: deps.principalKey,
    ...(deps.outbox?.pollMs !== undefined ? { pollMs: deps.outbox.pollMs } : {}),
  });
  const db = new OrdersDb(deps.ds);
  const units = new UnitsClient(unitsUrl, deps.principalKey);
  const kick = () => relay.kick();
  let allocations: AllocationService | null = null;
  const orders = new OrderService(db, (picked, principal, tx) => (allocations as AllocationService).checkCreation(picked, principal, tx));
  allocations = new AllocationService(db, orders, units);
  const fulfilment = new FulfilmentService(db, orders, units, kick);
  const returns = new ReturnService(db, orders, units, kick);
  const warranties = new WarrantyService(db);
  const tracking = new TrackingService(db, orders);
  relay.start();
  const operations = observability("orders", deps.ds, deps.metricsToken);
  outboxGauges(operations.metrics, () => outbox.counts());
  return startSubgraphServer<OrdersContext>({
    ...operations,
    name: "orders",
    schema,
    principalKey: deps.principalKey,
    port: deps.port,
    ...(deps.host ? { host: deps.host } : {}),
    onStop: () => relay.stop(),
    health: async () => ({ outbox: await outbox.counts() }),
    context: (principal: Principal) => ({
      principal,
      loaders: createOrderLoaders(db.stores),
      db,
      orders,
      allocations: allocations as AllocationService,
      fulfilment,
      returns,
      warranties,
      tracking,
    }),
  });
}
