import type { SubgraphContext } from "@tracehub/subgraph-kit";
import type { AllocationService } from "./modules/allocation/allocation.service";
import type { FulfilmentService } from "./modules/fulfilment/fulfilment.service";
import type { OrderLoaders } from "./modules/order/order.loader";
import type { OrderService } from "./modules/order/order.service";
import type { ReturnService } from "./modules/return/return.service";
import type { TrackingService } from "./modules/tracking/tracking.service";
import type { WarrantyService } from "./modules/warranty/warranty.service";
import type { OrdersDb } from "./stores";

/** Per-request context of the orders subgraph. */
export interface OrdersContext extends SubgraphContext {
  loaders: OrderLoaders;
  db: OrdersDb;
  orders: OrderService;
  allocations: AllocationService;
  fulfilment: FulfilmentService;
  returns: ReturnService;
  warranties: WarrantyService;
  tracking: TrackingService;
}
