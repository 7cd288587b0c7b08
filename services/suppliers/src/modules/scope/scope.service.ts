import type { PrincipalScope } from "@tracehub/auth";
import { isUuid } from "@tracehub/subgraph-kit";
import type { GrantService } from "../grant/grant.service";
import type { LocationService } from "../location/location.service";

/**
 * The scope facts the gateway signs into an organization's principals (the internal `scope` look-up): the company
 * prefixes it holds and the grants it received (grant/), and the GLNs of its locations (location/).
 */
export class ScopeService {
  constructor(
    private readonly grants: GrantService,
    private readonly locations: LocationService,
  ) {}

  /** An organization's scope; an id that is not a UUID has an empty one. */
  async scopeOf(org: string): Promise<PrincipalScope> {
    if (!isUuid(org)) return { prefixes: [], foreignPrefixes: [], grants: [], glns: [] };
    // One after the other: the look-up runs on one (background) connection, which takes one query at a time.
    const scope = await this.grants.scopeOf(org);
    const glns = await this.locations.scopeGlns(org);
    return { ...scope, glns };
  }
}
