import type { SubgraphContext } from "@tracehub/subgraph-kit";
import type { AuthenticityService } from "./modules/authenticity/authenticity.service";
import type { CaptureService } from "./modules/capture/capture.service";
import type { EventService } from "./modules/event/event.service";
import type { MovementService } from "./modules/movement/movement.service";
import type { ProductService } from "./modules/product/product.service";
import type { ProvenanceService } from "./modules/provenance/provenance.service";
import type { UnitLoaders } from "./modules/unit/unit.loader";
import type { UnitService } from "./modules/unit/unit.service";

/** Per-request context of the units subgraph. */
export interface UnitsContext extends SubgraphContext {
  loaders: UnitLoaders;
  units: UnitService;
  products: ProductService;
  events: EventService;
  capture: CaptureService;
  provenance: ProvenanceService;
  authenticity: AuthenticityService;
  movements: MovementService;
}
