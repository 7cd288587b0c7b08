import { type Principal, hasAnyRole } from "@tracehub/auth";
import { BadUserInput, Conflict, type Page, decodeCursor, pageSize, toPage } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import type { CreateOrganizationInput } from "./organization.input";
import { fetchOrganizations } from "./organization.loader";
import { isCompanyPrefix } from "./organization.rules";
import type { OrganizationType } from "./organization.type";

/** Who may read every organization; everyone else sees only their own. */
const SEE_ALL = ["operator", "regulator"] as const;

/** True when `principal` may read organization `id`. */
export function canSeeOrganization(principal: Principal, id: string): boolean {
  return hasAnyRole(principal, SEE_ALL) || principal.org === id;
}

/** Organizations and their company prefixes. */
export class OrganizationService {
  constructor(private readonly ds: DataSource) {}

  /** A page of the organizations the principal may see, by id. */
  async list(principal: Principal, args: { first?: number | null; after?: string | null }): Promise<Page<OrganizationType>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["uuid"]);
    const seeAll = hasAnyRole(principal, SEE_ALL);
    if (!seeAll && !principal.org) return toPage([], size, () => [], 0);
    const scope = seeAll ? "TRUE" : `"id" = $1::uuid`;
    const params: unknown[] = seeAll ? [] : [principal.org];
    const [count] = (await this.ds.query(`SELECT count(*)::int AS n FROM "suppliers"."organization" WHERE ${scope}`, params)) as { n: number }[];
    const afterClause = after ? ` AND "id" > $${params.length + 1}::uuid` : "";
    const ids = (
      (await this.ds.query(
        `SELECT "id" FROM "suppliers"."organization" WHERE ${scope}${afterClause} ORDER BY "id" LIMIT ${size + 1}`,
        after ? [...params, String(after[0])] : params,
      )) as { id: string }[]
    ).map((r) => r.id);
    const orgs = await fetchOrganizations(this.ds, ids);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    return toPage(ids.flatMap((id) => byId.get(id) ?? []), size, (o) => [o.id], count?.n ?? 0);
  }

  /** Registers an organization with its company prefixes, all or nothing. */
  async create(input: CreateOrganizationInput): Promise<OrganizationType> {
    const name = input.name.trim();
    if (name.length < 1 || name.length > 200) throw new BadUserInput("'name' must be 1 to 200 characters.", { field: "name" });
    const prefixes = [...new Set(input.companyPrefixes ?? [])];
    const bad = prefixes.find((p) => !isCompanyPrefix(p));
    if (bad !== undefined) throw new BadUserInput(`'companyPrefixes' holds ${JSON.stringify(bad)}: a GS1 company prefix is 4 to 12 digits.`, { field: "companyPrefixes" });
    const id = await this.ds.transaction(async (em) => {
      if (prefixes.length) {
        const taken = (await em.query(`SELECT "prefix" FROM "suppliers"."company_prefix" WHERE "prefix" = ANY($1::text[])`, [prefixes])) as { prefix: string }[];
        if (taken.length) throw new Conflict(`Company prefix ${taken.map((t) => t.prefix).join(", ")} already belongs to another organization.`, { field: "companyPrefixes" });
      }
      const [row] = (await em.query(`INSERT INTO "suppliers"."organization" ("name", "kind") VALUES ($1, $2) RETURNING "id"`, [name, input.kind])) as { id: string }[];
      const orgId = row?.id as string;
      if (prefixes.length) {
        await em.query(`INSERT INTO "suppliers"."company_prefix" ("prefix", "organization_id") SELECT p, $2 FROM unnest($1::text[]) AS t(p)`, [prefixes, orgId]);
      }
      return orgId;
    });
    const [created] = await fetchOrganizations(this.ds, [id]);
    return created as OrganizationType;
  }
}
