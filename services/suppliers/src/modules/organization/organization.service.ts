import { type Principal, hasAnyRole } from "@tracehub/auth";
import { BadUserInput, Conflict, type Page, decodeCursor, pageSize, toPage } from "@tracehub/subgraph-kit";
import { OrganizationReason } from "./organization.errors";
import type { CreateOrganizationInput } from "./organization.input";
import { toOrganizationType } from "./organization.mapper";
import { SEE_ALL_ORGANIZATIONS, isCompanyPrefix } from "./organization.rules";
import type { OrganizationStore } from "./organization.store";
import type { OrganizationType } from "./organization.type";

/** Organizations and their company prefixes. */
export class OrganizationService {
  constructor(private readonly store: OrganizationStore) {}

  /** A page of the organizations the principal may see, by id. */
  async list(principal: Principal, args: { first?: number | null; after?: string | null }): Promise<Page<OrganizationType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["uuid"]);
    const seeAll = hasAnyRole(principal, SEE_ALL_ORGANIZATIONS);
    if (!seeAll && !principal.org) return toPage([], size, () => [], 0);
    const only = seeAll ? null : principal.org;
    const total = await this.store.count(only);
    const rows = await this.store.page(only, after, size);
    return toPage(rows.map(toOrganizationType), size, (o) => [o.id], total);
  }

  /** Registers an organization with its company prefixes, all or nothing. */
  async create(input: CreateOrganizationInput): Promise<OrganizationType> {
    const name = input.name.trim();
    if (name.length < 1 || name.length > 200) throw new BadUserInput("'name' must be 1 to 200 characters.", { field: "name" });
    const prefixes = [...new Set(input.companyPrefixes ?? [])];
    const bad = prefixes.find((p) => !isCompanyPrefix(p));
    if (bad !== undefined) throw new BadUserInput(`'companyPrefixes' holds ${JSON.stringify(bad)}: a GS1 company prefix is 4 to 12 digits.`, { field: "companyPrefixes" });
    const created = await this.store.transaction(async (tx) => {
      const organization = await tx.insert({ name, kind: input.kind });
      const registered = new Set(prefixes.length ? await tx.registerFreePrefixes(organization.id, prefixes) : []);
      // Throwing rolls the organization back with its prefixes.
      const taken = prefixes.filter((p) => !registered.has(p)).sort();
      if (taken.length) {
        throw new Conflict(`Company prefix ${taken.join(", ")} already belongs to another organization.`, { field: "companyPrefixes" }, OrganizationReason.COMPANY_PREFIX_TAKEN);
      }
      return { ...organization, prefixes: [...registered].sort() };
    });
    return toOrganizationType(created);
  }
}
