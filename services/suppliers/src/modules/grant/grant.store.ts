import { type KeyColumn, type KeyValue, type KeysetPage, type RowOf, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

/** A grant as every statement that reads grants returns it. */
const GRANT_ROW = {
  id: "text",
  grantorId: "text",
  granteeId: "text",
  gtins: "text[]?",
  permissions: "text[]",
  expiresAt: "time?",
  createdAt: "time",
  revokedAt: "time?",
} as const;
export type GrantRow = RowOf<typeof GRANT_ROW>;

/** A grant in force, with what the scope needs of its grantor. */
const ACTIVE_GRANT_ROW = { grantorId: "text", gtins: "text[]?", permissions: "text[]", prefixes: "text[]", foreignPrefixes: "text[]" } as const;
export type ActiveGrantRow = RowOf<typeof ACTIVE_GRANT_ROW>;

const OWN_PREFIXES_ROW = { prefixes: "text[]", foreignPrefixes: "text[]" } as const;
const HOLDER_ROW = { prefix: "text", org: "text" } as const;
const EXISTS_ROW = { found: "int" } as const;
const COUNT_ROW = { n: "int" } as const;

const GRANT_COLUMNS = `g."id", g."grantor_id" AS "grantorId", g."grantee_id" AS "granteeId", g."gtins", g."permissions",
  g."valid_until" AS "expiresAt", g."created_at" AS "createdAt", g."revoked_at" AS "revokedAt"`;

/** Longer prefixes of other organizations inside an organization's prefixes (the longest prefix owns a key). */
const FOREIGN_PREFIXES = (org: string) => `COALESCE((SELECT array_agg(DISTINCT f."prefix" ORDER BY f."prefix")
  FROM "suppliers"."company_prefix" f JOIN "suppliers"."company_prefix" own ON own."organization_id" = ${org}
  WHERE f."organization_id" <> ${org} AND length(f."prefix") > length(own."prefix") AND left(f."prefix", length(own."prefix")) = own."prefix"), '{}')`;

/** What an organization holds ($1), and the longer prefixes of others inside them. */
const OWN_PREFIXES = `SELECT
  COALESCE((SELECT array_agg("prefix" ORDER BY "prefix") FROM "suppliers"."company_prefix" WHERE "organization_id" = $1::uuid), '{}') AS "prefixes",
  ${FOREIGN_PREFIXES("$1::uuid")} AS "foreignPrefixes"`;

/** Grants in force that $1 received, oldest first, with their grantors' prefixes. */
const ACTIVE_GRANTS_TO = `SELECT g."grantor_id" AS "grantorId", g."gtins", g."permissions",
  COALESCE((SELECT array_agg(p."prefix" ORDER BY p."prefix") FROM "suppliers"."company_prefix" p WHERE p."organization_id" = g."grantor_id"), '{}') AS "prefixes",
  ${FOREIGN_PREFIXES(`g."grantor_id"`)} AS "foreignPrefixes"
  FROM "suppliers"."partner_grant" g
  WHERE g."grantee_id" = $1::uuid AND g."revoked_at" IS NULL AND (g."valid_until" IS NULL OR g."valid_until" > now())
  ORDER BY g."created_at", g."id"`;

/** The holders of these registered prefixes. $1: prefixes. */
const PREFIX_HOLDERS = `SELECT "prefix", "organization_id" AS "org" FROM "suppliers"."company_prefix" WHERE "prefix" = ANY($1::text[])`;

/** 1 when organization $1 exists, else 0. */
const ORGANIZATION_EXISTS = `SELECT count(*)::int AS "found" FROM "suppliers"."organization" WHERE "id" = $1::uuid`;

/** A new grant. */
const INSERT_GRANT = `INSERT INTO "suppliers"."partner_grant" AS g ("grantor_id", "grantee_id", "gtins", "permissions", "valid_until", "created_by")
  VALUES ($1::uuid, $2::uuid, $3::text[], $4::text[], $5, $6) RETURNING ${GRANT_COLUMNS}`;

/** A grant by id ($1). */
const GRANT_BY_ID = `SELECT ${GRANT_COLUMNS} FROM "suppliers"."partner_grant" g WHERE g."id" = $1::uuid`;

/** Marks grant $1 revoked unless it is already. */
const REVOKE_GRANT = `UPDATE "suppliers"."partner_grant" SET "revoked_at" = now() WHERE "id" = $1::uuid AND "revoked_at" IS NULL`;

/** How many grants $1 gave or received ($1 NULL: every grant). */
const COUNT_GRANTS = `SELECT count(*)::int AS "n" FROM "suppliers"."partner_grant" g
  WHERE ($1::uuid IS NULL OR g."grantor_id" = $1::uuid OR g."grantee_id" = $1::uuid)`;

/** The order of the grants connection: by id (its cursor holds the id). */
const GRANT_KEYS: readonly KeyColumn[] = [{ column: "g.id" }];

/** A page of the grants $1 gave or received ($1 NULL: every grant), after the page's position, by id. */
const GRANT_PAGE = (page: KeysetPage) => `SELECT ${GRANT_COLUMNS} FROM "suppliers"."partner_grant" g
  WHERE ($1::uuid IS NULL OR g."grantor_id" = $1::uuid OR g."grantee_id" = $1::uuid) AND ${page.where}
  ORDER BY ${page.orderBy} ${page.limit}`;

/** Every SQL statement of partner grants and organization scopes. */
export class GrantStore {
  /** `db`: the data source's manager, or a transaction's. */
  constructor(private readonly db: EntityManager) {}

  /** Company prefixes an organization holds, and the longer ones of others inside them. */
  async prefixesOf(org: string): Promise<{ prefixes: string[]; foreignPrefixes: string[] }> {
    return oneRowOf("OWN_PREFIXES", OWN_PREFIXES_ROW, await this.db.query(OWN_PREFIXES, [org]));
  }

  /** Grants in force that `grantee` received (not revoked, not past their end). */
  async activeGrantsTo(grantee: string): Promise<ActiveGrantRow[]> {
    return rowsOf("ACTIVE_GRANTS_TO", ACTIVE_GRANT_ROW, await this.db.query(ACTIVE_GRANTS_TO, [grantee]));
  }

  /** Every registered prefix that could own one of these GTINs' candidates, with its holder. */
  async prefixHolders(candidates: readonly string[]): Promise<Map<string, string>> {
    const rows = rowsOf("PREFIX_HOLDERS", HOLDER_ROW, await this.db.query(PREFIX_HOLDERS, [candidates]));
    return new Map(rows.map((r) => [r.prefix, r.org]));
  }

  /** True when the organization exists. */
  async organizationExists(id: string): Promise<boolean> {
    return oneRowOf("ORGANIZATION_EXISTS", EXISTS_ROW, await this.db.query(ORGANIZATION_EXISTS, [id])).found > 0;
  }

  /** Inserts a grant. */
  async insert(grant: { grantorId: string; granteeId: string; gtins: string[] | null; permissions: string[]; expiresAt: Date | null; createdBy: string }): Promise<GrantRow> {
    const params = [grant.grantorId, grant.granteeId, grant.gtins, grant.permissions, grant.expiresAt, grant.createdBy];
    return oneRowOf("INSERT_GRANT", GRANT_ROW, await this.db.query(INSERT_GRANT, params));
  }

  /** A grant by id. */
  async byId(id: string): Promise<GrantRow | null> {
    const [row] = rowsOf("GRANT_BY_ID", GRANT_ROW, await this.db.query(GRANT_BY_ID, [id]));
    return row ?? null;
  }

  /** Marks a grant revoked (once); returns it as it is now. */
  async revoke(id: string): Promise<GrantRow | null> {
    await this.db.query(REVOKE_GRANT, [id]);
    return this.byId(id);
  }

  /**
   * A page of `size` grants given or received by `org` (every grant when `org` is null) after position `after`
   * ([id]), by id (one more when a next page exists), and how many there are in all.
   */
  async page(org: string | null, after: readonly KeyValue[] | null, size: number): Promise<{ rows: GrantRow[]; total: number }> {
    const total = oneRowOf("COUNT_GRANTS", COUNT_ROW, await this.db.query(COUNT_GRANTS, [org])).n;
    const page = keysetPage({ keys: GRANT_KEYS, after, size, firstParam: 2 });
    const rows = rowsOf("GRANT_PAGE", GRANT_ROW, await this.db.query(GRANT_PAGE(page), [org, ...page.params]));
    return { rows, total };
  }
}
