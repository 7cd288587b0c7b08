import type { ReadScope } from "@tracehub/subgraph-kit";
import { type AlertLoaders, createAlertLoaders } from "./modules/alert/alert.loader";
import type { AlertStore } from "./modules/alert/alert.store";
import { type ProductLoaders, createProductLoaders } from "./modules/product/product.loader";
import type { ProductStore } from "./modules/product/product.store";
import { type HoldLoaders, createHoldLoaders } from "./modules/hold/hold.loader";
import type { HoldStore } from "./modules/hold/hold.store";
import { type RecallLoaders, createRecallLoaders } from "./modules/recall/recall.loader";
import type { RecallStore } from "./modules/recall/recall.store";
import { type UnitLoaders, createUnitLoaders } from "./modules/unit/unit.loader";
import type { UnitStore } from "./modules/unit/unit.store";

/** Every per-request loader of the units subgraph, from the modules that own the data. */
export type HubLoaders = UnitLoaders & ProductLoaders & AlertLoaders & RecallLoaders & HoldLoaders;

/** The stores the loaders read through. */
export interface LoaderStores {
  units: UnitStore;
  products: ProductStore;
  alerts: AlertStore;
  recalls: RecallStore;
  holds: HoldStore;
}

/**
 * Fresh loaders (one request, or one delivered subscription event) for a caller who may read `scope`: each batches
 * its keys into one statement.
 */
export function createHubLoaders(stores: LoaderStores, scope: ReadScope): HubLoaders {
  return { ...createUnitLoaders(stores.units, scope), ...createProductLoaders(stores.products), ...createAlertLoaders(stores.alerts), ...createRecallLoaders(stores.recalls), ...createHoldLoaders(stores.holds) };
}
