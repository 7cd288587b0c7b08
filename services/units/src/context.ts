import type { SubgraphContext } from "@tracehub/subgraph-kit";
import type { UnitLoaders } from "./modules/unit/unit.loader";
import type { ProductService } from "./modules/product/product.service";
import type { UnitService } from "./modules/unit/unit.service";
import type { AuthenticityService } from "./modules/authenticity/authenticity.service";

/** Per-request context of the units subgraph. */
export interface UnitsContext extends SubgraphContext {
  loaders: UnitLoaders;
  units: UnitService;
  products: ProductService;
  authenticity: AuthenticityService;
}
