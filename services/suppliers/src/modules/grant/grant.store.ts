import type { DataSource, EntityManager } from "typeorm";

/** A grant row as the store returns it. */
export interface GrantRow {
  id: string;
  grantorId: string;
  granteeId: string;
  gtins: string[] | null;
  permissions: string[];
  validUntil: Date | null;
  createdAt: Date;
  revokedAt: Date | null;
}

/** A grant in force, with what the scope needs of its grantor. */
export interface ActiveGrantRow {
  grantorId: string;
  gtins: string[] | null;
  permissions: string[];
  prefixes: string[];
  foreignPrefixes: string[];
}

const GRANT_COLUMNS = `g."id", g."grantor_id" AS "grantorId", g."grantee_id" AS "granteeId", g."gtins", g."permissions",
  g."valid_until" AS "validUntil", g."created_at" AS "createdAt", g."revoked_at" AS "revokedAt"`;

/** Longer prefixes of other organizations inside an organization's prefixes (the longest prefix owns a key). */
const FOREIGN_PREFIXES = (org: string) => `COALESCE((SELECT array_agg(DISTINCT f."prefix" ORDER BY f."prefix")
  FROM "suppliers"."company_prefix" f JOIN "suppliers"."company_prefix" own ON own."organization_id" = ${org}
  WHERE f."organization_id" <> ${org} AND length(f."prefix") > length(own."prefix") AND left(f."prefix", length(own."prefix")) = own."prefix"), '{}')`;

/** Every SQL statement of partner grants and organization scopes. */
export class GrantStore {
  constructor(private readonly ds: DataSource) {}

  /** Company prefixes an organization holds, and the longer ones of others inside them. */
  async prefixesOf(org: string): Promise<{ prefixes: string[]; foreignPrefixes: string[] }> {
    const [row] = (await this.ds.query(
      `SELECT COALESCE((SELECT array_agg("prefix" ORDER BY "prefix") FROM "suppliers"."company_prefix" WHERE "organization_id" = $1::uuid), '{}') AS "prefixes",
         ${FOREIGN_PREFIXES("$1::uuid")} AS "foreignPrefixes"`,
      [org],
    )) as { prefixes: string[]; foreignPrefixes: string[] }[];
    return { prefixes: row?.prefixes ?? [], foreignPrefixes: row?.foreignPrefixes ?? [] };
  }

  /** Grants in force that `grantee` received (not revoked, not past their end). */
  async activeGrantsTo(grantee: string): Promise<ActiveGrantRow[]> {
    return (await this.ds.query(
      `SELECT g."grantor_id" AS "grantorId", g."gtins", g."permissions",
         COALESCE((SELECT array_agg(p."prefix" ORDER BY p."prefix") FROM "suppliers"."company_prefix" p WHERE p."organization_id" = g."grantor_id"), '{}') AS "prefixes",
         ${FOREIGN_PREFIXES(`g."grantor_id"`)} AS "foreignPrefixes"
       FROM "suppliers"."partner_grant" g
       WHERE g."grantee_id" = $1::uuid AND g."revoked_at" IS NULL AND (g."valid_until" IS NULL OR g."valid_until" > now())
       ORDER BY g."created_at", g."id"`,
      [grantee],
    )) as ActiveGrantRow[];
  }

  /** Every registered prefix that could own one of these GTINs' candidates, with its holder. */
  async prefixHolders(candidates: readonly string[]): Promise<Map<string, string>> {
    const rows = (await this.ds.query(`SELECT "prefix", "organization_id" AS "org" FROM "suppliers"."company_prefix" WHERE "prefix" = ANY($1::text[])`, [candidates])) as {
      prefix: string;
      org: string;
    }[];
    return new Map(rows.map((r) => [r.prefix, r.org]));
  }

  /** True when the organization exists. */
  async organizationExists(id: string): Promise<boolean> {
    const rows = (await this.ds.query(`SELECT 1 FROM "suppliers"."organization" WHERE "id" = $1::uuid`, [id])) as unknown[];
    return rows.length > 0;
  }

  /** Inserts a grant. */
  async insert(grant: { grantorId: string; granteeId: string; gtins: string[] | null; permissions: string[]; validUntil: Date | null; createdBy: string }): Promise<GrantRow> {
    const [row] = (await this.ds.query(
      `INSERT INTO "suppliers"."partner_grant" AS g ("grantor_id", "grantee_id", "gtins", "permissions", "valid_until", "created_by")
       VALUES ($1::uuid, $2::uuid, $3::text[], $4::text[], $5, $6) RETURNING ${GRANT_COLUMNS}`,
      [grant.grantorId, grant.granteeId, grant.gtins, grant.permissions, grant.validUntil, grant.createdBy],
    )) as GrantRow[];
    return row as GrantRow;
  }

  /** A grant by id. */
  async byId(id: string, em: EntityManager | DataSource = this.ds): Promise<GrantRow | null> {
    const [row] = (await em.query(`SELECT ${GRANT_COLUMNS} FROM "suppliers"."partner_grant" g WHERE g."id" = $1::uuid`, [id])) as GrantRow[];
    return row ?? null;
  }

  /** Marks a grant revoked (once); returns it as it is now. */
  async revoke(id: string): Promise<GrantRow | null> {
    await this.ds.query(`UPDATE "suppliers"."partner_grant" SET "revoked_at" = now() WHERE "id" = $1::uuid AND "revoked_at" IS NULL`, [id]);
    return this.byId(id);
  }

  /** A keyset page of grants given or received by `org` (every grant when `org` is null), by id. */
  async page(org: string | null, after: string | null, limit: number): Promise<{ rows: GrantRow[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (org) {
      params.push(org);
      where.push(`(g."grantor_id" = $${params.length}::uuid OR g."grantee_id" = $${params.length}::uuid)`);
    }
    const countWhere = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const [count] = (await this.ds.query(`SELECT count(*)::int AS n FROM "suppliers"."partner_grant" g ${countWhere}`, [...params])) as { n: number }[];
    if (after) {
      params.push(after);
      where.push(`g."id" > $${params.length}::uuid`);
    }
    params.push(limit);
    const rows = (await this.ds.query(
      `SELECT ${GRANT_COLUMNS} FROM "suppliers"."partner_grant" g ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY g."id" LIMIT $${params.length}`,
      params,
    )) as GrantRow[];
    return { rows, total: count?.n ?? 0 };
  }
}
