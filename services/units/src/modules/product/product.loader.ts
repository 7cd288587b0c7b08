import { loaderByKey } from "@tracehub/subgraph-kit";
import { toProductType } from "./product.mapper";
import type { ProductStore } from "./product.store";

/** The per-request product loaders: one statement per batch of GTINs. */
export function createProductLoaders(store: ProductStore) {
  return {
    productByGtin: loaderByKey(async (gtins: readonly string[]) => (await store.byGtins(gtins)).map(toProductType), (product) => product.gtin),
  };
}

/** The product loaders a request gets. */
export type ProductLoaders = ReturnType<typeof createProductLoaders>;
