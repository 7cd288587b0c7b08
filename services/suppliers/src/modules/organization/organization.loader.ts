import { loaderByKey } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import type { OrganizationEntity } from "./organization.entity";
import { toOrganizationType } from "./organization.mapper";
import { candidatePrefixes, owningPrefix } from "./organization.rules";
import type { OrganizationType } from "./organization.type";

type Row = OrganizationEntity & { prefixes: string[] | null };

const SELECT_ORG = `SELECT o."id", o."name", o."kind", o."created_at" AS "createdAt",
  COALESCE(array_agg(p."prefix" ORDER BY p."prefix") FILTER (WHERE p."prefix" IS NOT NULL), '{}') AS "prefixes"
  FROM "suppliers"."organization" o LEFT JOIN "suppliers"."company_prefix" p ON p."organization_id" = o."id"`;

/** Reads organizations with their prefixes by id (one statement). */
export async function fetchOrganizations(ds: DataSource, ids: readonly string[]): Promise<OrganizationType[]> {
  const uuids = ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  if (uuids.length === 0) return [];
  const rows: Row[] = await ds.query(`${SELECT_ORG} WHERE o."id" = ANY($1::uuid[]) GROUP BY o."id"`, [uuids]);
  return rows.map((r) => toOrganizationType(r, r.prefixes ?? []));
}

/** The per-request loaders of the suppliers service. */
export function createSupplierLoaders(ds: DataSource) {
  return {
    organizationById: loaderByKey((ids: readonly string[]) => fetchOrganizations(ds, ids), (o) => o.id),
    /** The brand owner of each GTIN: longest registered company prefix, one statement per batch. */
    brandOwnerByGtin: loaderByKey(
      async (gtins: readonly string[]) => {
        const candidates = [...new Set(gtins.flatMap(candidatePrefixes))];
        const rows: (Row & { prefix: string })[] = await ds.query(
          `SELECT m."prefix", o."id", o."name", o."kind", o."created_at" AS "createdAt",
             (SELECT array_agg(p2."prefix" ORDER BY p2."prefix") FROM "suppliers"."company_prefix" p2 WHERE p2."organization_id" = o."id") AS "prefixes"
           FROM "suppliers"."company_prefix" m JOIN "suppliers"."organization" o ON o."id" = m."organization_id"
           WHERE m."prefix" = ANY($1::text[])`,
          [candidates],
        );
        const byPrefix = new Map(rows.map((r) => [r.prefix, r]));
        const registered = new Set(byPrefix.keys());
        return gtins.flatMap((gtin) => {
          const prefix = owningPrefix(gtin, registered);
          const row = prefix ? byPrefix.get(prefix) : undefined;
          return row ? [{ gtin, organization: toOrganizationType(row, row.prefixes ?? []) }] : [];
        });
      },
      (hit) => hit.gtin,
    ),
  };
}

/** The loaders a request gets. */
export type SupplierLoaders = ReturnType<typeof createSupplierLoaders>;
