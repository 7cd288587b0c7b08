import type { Principal } from "@tracehub/auth";
import { BadUserInput, Conflict, Forbidden, NotFound, uuidArgument } from "@tracehub/subgraph-kit";
import { OrganizationReason } from "../organization/organization.errors";
import { canSeeOrganization, isAdminOf } from "../organization/organization.rules";
import type { OrganizationStore } from "../organization/organization.store";
import { LocationReason } from "./location.errors";
import type { AddLocationInput } from "./location.input";
import { toLocationType } from "./location.mapper";
import { type Checked, MAX_SCOPE_GLNS, readAddress, readGln, readName, readPosition } from "./location.rules";
import type { LocationLoaders } from "./location.loader";
import type { LocationStore } from "./location.store";
import type { LocationType } from "./location.type";

/** The value of a checked input, or BAD_USER_INPUT naming `field`. */
function valid<T>(checked: Checked<T>, field: string, prefix = ""): T {
  if (!checked.ok) throw new BadUserInput(`${prefix}${checked.problem}`, { field: checked.field ?? field });
  return checked.value;
}

/** An organization's locations (GLNs). */
export class LocationService {
  constructor(
    private readonly store: LocationStore,
    private readonly organizations: OrganizationStore,
  ) {}

  /**
   * Registers a location to an organization: operators for any, admins for their own. The input is checked in full
   * before anything is written; a GLN registered already (to anyone) is CONFLICT, GLN_TAKEN.
   */
  async add(input: AddLocationInput, principal: Principal): Promise<LocationType> {
    const organizationId = uuidArgument(input.organizationId, "organizationId", "an organization id");
    if (!isAdminOf(principal, organizationId)) {
      throw new Forbidden(`Only operators and admins of organization ${organizationId} may add its locations.`, { field: "organizationId" }, OrganizationReason.NOT_ORGANIZATION_ADMIN);
    }
    const gln = valid(readGln(input.gln), "gln", "'gln' is refused: ");
    const name = valid(readName(input.name), "name");
    const address = valid(readAddress(input.address), "address");
    const position = valid(readPosition(input.latitude, input.longitude), "latitude");
    if ((await this.organizations.count(organizationId)) === 0) {
      throw new NotFound(`No organization ${organizationId}.`, { field: "organizationId" }, OrganizationReason.ORGANIZATION_NOT_FOUND);
    }
    const row = await this.store.insert({
      organizationId,
      gln,
      name,
      address,
      latitude: position?.latitude ?? null,
      longitude: position?.longitude ?? null,
      createdBy: principal.sub ?? "unknown",
    });
    if (!row) {
      const holder = await this.store.holderOf(gln);
      const whose = holder === organizationId ? "this organization" : "another organization";
      throw new Conflict(`GLN ${gln} is registered already, to ${whose}: a GLN belongs to one organization.`, { field: "gln", gln }, LocationReason.GLN_TAKEN);
    }
    return toLocationType(row);
  }

  /** An organization's locations as `principal` may see them: all for those who may see the organization, else none. */
  async of(organizationId: string, principal: Principal, loaders: LocationLoaders): Promise<LocationType[]> {
    if (!canSeeOrganization(principal, organizationId)) return [];
    return loaders.locationsByOrganization.load(organizationId);
  }

  /** The GLNs an organization's scope carries: its oldest {@link MAX_SCOPE_GLNS} locations'. */
  async scopeGlns(organizationId: string): Promise<string[]> {
    return this.store.glnsOf(organizationId, MAX_SCOPE_GLNS);
  }
}
