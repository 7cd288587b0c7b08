import { type Principal, type PrincipalScope, hasAnyRole } from "@tracehub/auth";
import { BadUserInput, Forbidden, NotFound, type Page, decodeCursor, isUuid, normalizeGtin, pageSize, toPage, uuidArgument } from "@tracehub/subgraph-kit";
import { candidatePrefixes, owningPrefix } from "../organization/organization.rules";
import { OrganizationReason } from "../organization/organization.errors";
import { GrantReason } from "./grant.errors";
import type { GrantAccessInput } from "./grant.input";
import { MAX_GRANT_GTINS, isGrantActive, toScope } from "./grant.rules";
import type { GrantRow, GrantStore } from "./grant.store";
import type { GrantPermission, GrantType } from "./grant.type";

const checkId = (id: string, argument: string): string => uuidArgument(id, argument, "an organization or grant id");

function toType(row: GrantRow, now = new Date()): GrantType {
  return { ...row, permissions: row.permissions as GrantPermission[], active: isGrantActive(row, now) };
}

/** Grants to partner organizations, and what an organization owns and was granted. */
export class GrantService {
  constructor(private readonly store: GrantStore) {}

  /**
   * Gives a partner READ and/or CAPTURE on the grantor's products (all of them, or listed GTINs that the grantor
   * owns). Brand owners grant on their own organization's products; operators may name any grantor.
   */
  async grant(input: GrantAccessInput, principal: Principal): Promise<GrantType> {
    const operator = hasAnyRole(principal, ["operator"]);
    if (input.grantorId && !operator) throw new Forbidden("Only operators may give a grant on another organization's behalf; leave out 'grantorId'.", { field: "grantorId" });
    const grantor = input.grantorId ? checkId(input.grantorId, "grantorId") : principal.org;
    if (!grantor) throw new BadUserInput("Your credential names no organization: operators must give 'grantorId'.", { field: "grantorId" });
    const grantee = checkId(input.granteeId, "granteeId");
    if (grantee === grantor) throw new BadUserInput("'granteeId' is the granting organization itself; it already owns its products.", { field: "granteeId" });
    const permissions = [...new Set(input.permissions)];
    if (permissions.length === 0) throw new BadUserInput("'permissions' must name at least one of READ, CAPTURE.", { field: "permissions" });
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw new BadUserInput("'expiresAt' must be in the future.", { field: "expiresAt" });
    if (!(await this.store.organizationExists(grantee))) throw new NotFound(`No organization ${grantee}.`, { field: "granteeId" }, OrganizationReason.ORGANIZATION_NOT_FOUND);
    if (input.grantorId && !(await this.store.organizationExists(grantor))) throw new NotFound(`No organization ${grantor}.`, { field: "grantorId" }, OrganizationReason.ORGANIZATION_NOT_FOUND);

    let gtins: string[] | null = null;
    if (input.gtins !== null && input.gtins !== undefined) {
      if (input.gtins.length < 1 || input.gtins.length > MAX_GRANT_GTINS) {
        throw new BadUserInput(`'gtins' must list 1 to ${MAX_GRANT_GTINS.toLocaleString("en")} GTINs, or be left out to grant every product.`, { field: "gtins" });
      }
      gtins = [...new Set(input.gtins.map((g, i) => normalizeGtin(g, `gtins.${i}`)))];
      const holders = await this.store.prefixHolders([...new Set(gtins.flatMap(candidatePrefixes))]);
      const registered = new Set(holders.keys());
      const foreign = gtins.find((g) => {
        const prefix = owningPrefix(g, registered);
        return !prefix || holders.get(prefix) !== grantor;
      });
      if (foreign) throw new Forbidden(`GTIN ${foreign} is not the granting organization's: only the holder of its company prefix may grant it.`, { field: "gtins", gtin: foreign });
    } else {
      const own = await this.store.prefixesOf(grantor);
      if (own.prefixes.length === 0) throw new BadUserInput("The granting organization holds no GS1 company prefix, so it has no products to grant.", { field: "grantorId" });
    }
    const row = await this.store.insert({ grantorId: grantor, granteeId: grantee, gtins, permissions, expiresAt: input.expiresAt ?? null, createdBy: principal.sub ?? "unknown" });
    return toType(row);
  }

  /** Revokes a grant; the grantor (or an operator) may. Effective within the gateway's scope cache time. */
  async revoke(id: string, principal: Principal): Promise<GrantType> {
    const grantId = checkId(id, "id");
    const row = await this.store.byId(grantId);
    const operator = hasAnyRole(principal, ["operator"]);
    if (!row || (!operator && row.grantorId !== principal.org && row.granteeId !== principal.org)) throw new NotFound(`No grant ${grantId}.`, { field: "id" }, GrantReason.GRANT_NOT_FOUND);
    if (!operator && row.grantorId !== principal.org) throw new Forbidden("Only the organization that gave a grant may revoke it.", { field: "id" });
    return toType((await this.store.revoke(grantId)) as GrantRow);
  }

  /** Grants given or received by the caller's organization (operators and regulators: all), by id. */
  async list(principal: Principal, args: { first?: number | null; after?: string | null }): Promise<Page<GrantType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["uuid"]);
    const seeAll = hasAnyRole(principal, ["operator", "regulator"]);
    if (!seeAll && !principal.org) return toPage([], size, () => [], 0);
    const { rows, total } = await this.store.page(seeAll ? null : principal.org, after, size);
    const now = new Date();
    return toPage(rows.map((r) => toType(r, now)), size, (g) => [g.id], total);
  }

  /** What an organization owns and was granted (its locations: `LocationService.scopeGlns`). */
  async scopeOf(org: string): Promise<PrincipalScope> {
    if (!isUuid(org)) return toScope({ prefixes: [], foreignPrefixes: [] }, []);
    // One after the other: the gateway's look-up runs on one (background) connection, which takes one query at a time.
    const own = await this.store.prefixesOf(org);
    const grants = await this.store.activeGrantsTo(org);
    return toScope(own, grants);
  }
}
