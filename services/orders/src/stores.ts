import type { DataSource, EntityManager } from "typeorm";
import { AllocationStore } from "./modules/allocation/allocation.store";
import { AnalyticsStore } from "./modules/analytics/analytics.store";
import { CustomerStore } from "./modules/customer/customer.store";
import { OrderStore } from "./modules/order/order.store";
import { ReturnStore } from "./modules/return/return.store";
import { WarrantyStore } from "./modules/warranty/warranty.store";

/** Every store of the orders service, bound to one connection or transaction. */
export function storesOf(em: EntityManager) {
  return {
    em,
    orders: new OrderStore(em),
    customers: new CustomerStore(em),
    allocations: new AllocationStore(em),
    returns: new ReturnStore(em),
    warranties: new WarrantyStore(em),
    analytics: new AnalyticsStore(em),
  };
}

/** The stores of one connection or transaction. */
export type Stores = ReturnType<typeof storesOf>;

/** The orders database: its stores outside any transaction, and transactions with stores of their own. */
export class OrdersDb {
  readonly stores: Stores;

  constructor(private readonly ds: DataSource) {
    this.stores = storesOf(ds.manager);
  }

  /** Runs `work` in one transaction, with stores bound to it: all of it commits, or none. */
  transaction<T>(work: (tx: Stores) => Promise<T>): Promise<T> {
    return this.ds.transaction((em) => work(storesOf(em)));
  }
}
