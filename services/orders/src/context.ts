import type { SubgraphContext } from "@tracehub/subgraph-kit";
import type { OrderLoaders } from "./modules/order/order.loader";
import type { OrderService } from "./modules/order/order.service";

/** Per-request context of the orders subgraph. */
export interface OrdersContext extends SubgraphContext {
  loaders: OrderLoaders;
  orders: OrderService;
}
