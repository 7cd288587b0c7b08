import type { SubgraphContext } from "@tracehub/subgraph-kit";
import type { Loaders } from "./loaders";
import type { ApiKeyService } from "./modules/apikey/apikey.service";
import type { AuditService } from "./modules/audit/audit.service";
import type { GrantService } from "./modules/grant/grant.service";
import type { LocationService } from "./modules/location/location.service";
import type { MemberService } from "./modules/member/member.service";
import type { OrganizationService } from "./modules/organization/organization.service";

/** Per-request context of the suppliers subgraph. */
export interface SuppliersContext extends SubgraphContext {
  loaders: Loaders;
  organizations: OrganizationService;
  grants: GrantService;
  locations: LocationService;
  apiKeys: ApiKeyService;
  audit: AuditService;
  members: MemberService;
}
