import type { SubgraphContext } from "@tracehub/subgraph-kit";
import type { SupplierLoaders } from "./modules/organization/organization.loader";
import type { OrganizationService } from "./modules/organization/organization.service";
import type { GrantService } from "./modules/grant/grant.service";

/** Per-request context of the suppliers subgraph. */
export interface SuppliersContext extends SubgraphContext {
  loaders: SupplierLoaders;
  organizations: OrganizationService;
  grants: GrantService;
}
