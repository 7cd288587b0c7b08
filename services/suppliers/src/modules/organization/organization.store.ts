import { type KeyColumn, type KeyValue, type KeysetPage, type RowOf, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

/** An organization with its company prefixes, as every statement that reads organizations returns it. */
const ORGANIZATION_ROW = { id: "text", name: "text", kind: "text", createdAt: "time", prefixes: "text[]" } as const;
export type OrganizationRow = RowOf<typeof ORGANIZATION_ROW>;

const ORGANIZATION_COLUMNS = `o."id", o."name", o."kind", o."created_at" AS "createdAt",
  COALESCE((SELECT array_agg(p."prefix" ORDER BY p."prefix") FROM "suppliers"."company_prefix" p WHERE p."organization_id" = o."id"), '{}') AS "prefixes"`;

/** Organizations by id. $1: uuid[]. */
const ORGANIZATIONS_BY_ID = `SELECT ${ORGANIZATION_COLUMNS} FROM "suppliers"."organization" o WHERE o."id" = ANY($1::uuid[])`;

/** The holders of these registered prefixes. $1: prefixes. */
const HOLDERS_BY_PREFIX = `SELECT m."prefix" AS "heldPrefix", ${ORGANIZATION_COLUMNS}
  FROM "suppliers"."company_prefix" m JOIN "suppliers"."organization" o ON o."id" = m."organization_id" WHERE m."prefix" = ANY($1::text[])`;
const HOLDER_ROW = { heldPrefix: "text", ...ORGANIZATION_ROW } as const;
export type PrefixHolderRow = RowOf<typeof HOLDER_ROW>;

/** How many organizations there are ($1 NULL), or whether organization $1 exists (0 or 1). */
const COUNT_ORGANIZATIONS = `SELECT count(*)::int AS "n" FROM "suppliers"."organization" WHERE ($1::uuid IS NULL OR "id" = $1::uuid)`;
const COUNT_ROW = { n: "int" } as const;

/** The order of the organizations connection: by id (its cursor holds the id). */
const ORGANIZATION_KEYS: readonly KeyColumn[] = [{ column: "o.id" }];

/** A page of organizations (only $1 when not NULL), after the page's position, by id. */
const ORGANIZATION_PAGE = (page: KeysetPage) => `SELECT ${ORGANIZATION_COLUMNS} FROM "suppliers"."organization" o
  WHERE ($1::uuid IS NULL OR o."id" = $1::uuid) AND ${page.where}
  ORDER BY ${page.orderBy} ${page.limit}`;

/** A new organization. $1 name, $2 kind. */
const INSERT_ORGANIZATION = `INSERT INTO "suppliers"."organization" ("name", "kind") VALUES ($1, $2) RETURNING "id", "name", "kind", "created_at" AS "createdAt"`;
const INSERTED_ROW = { id: "text", name: "text", kind: "text", createdAt: "time" } as const;

/**
 * Registers to organization $2 those of prefixes $1 that nobody holds, and returns them. A prefix another
 * transaction is registering waits for it, so two organizations never both get a prefix.
 */
const INSERT_PREFIXES = `INSERT INTO "suppliers"."company_prefix" ("prefix", "organization_id") SELECT p, $2::uuid FROM unnest($1::text[]) AS t(p)
  ON CONFLICT ("prefix") DO NOTHING RETURNING "prefix"`;
const PREFIX_ROW = { prefix: "text" } as const;

/** Every SQL statement of organizations and their company prefixes. */
export class OrganizationStore {
  /** `db`: the data source's manager, or a transaction's. */
  constructor(private readonly db: EntityManager) {}

  /** Runs `work` in one transaction, with a store bound to it. */
  transaction<T>(work: (tx: OrganizationStore) => Promise<T>): Promise<T> {
    return this.db.transaction((em) => work(new OrganizationStore(em)));
  }

  /** Organizations by id (ids must be UUIDs), with their prefixes, in any order. */
  async byIds(ids: readonly string[]): Promise<OrganizationRow[]> {
    return rowsOf("ORGANIZATIONS_BY_ID", ORGANIZATION_ROW, await this.db.query(ORGANIZATIONS_BY_ID, [ids]));
  }

  /** The organization holding each of these prefixes that is registered. */
  async holdersOf(prefixes: readonly string[]): Promise<PrefixHolderRow[]> {
    return rowsOf("HOLDERS_BY_PREFIX", HOLDER_ROW, await this.db.query(HOLDERS_BY_PREFIX, [prefixes]));
  }

  /** How many organizations there are; with `only`, 1 when it exists, else 0. */
  async count(only: string | null): Promise<number> {
    return oneRowOf("COUNT_ORGANIZATIONS", COUNT_ROW, await this.db.query(COUNT_ORGANIZATIONS, [only])).n;
  }

  /** A page of `size` organizations (only `only` when given) after position `after` ([id]), by id; one more when a next page exists. */
  async page(only: string | null, after: readonly KeyValue[] | null, size: number): Promise<OrganizationRow[]> {
    const page = keysetPage({ keys: ORGANIZATION_KEYS, after, size, firstParam: 2 });
    return rowsOf("ORGANIZATION_PAGE", ORGANIZATION_ROW, await this.db.query(ORGANIZATION_PAGE(page), [only, ...page.params]));
  }

  /** Stores an organization. */
  async insert(organization: { name: string; kind: string }): Promise<Omit<OrganizationRow, "prefixes">> {
    return oneRowOf("INSERT_ORGANIZATION", INSERTED_ROW, await this.db.query(INSERT_ORGANIZATION, [organization.name, organization.kind]));
  }

  /** Registers to an organization the prefixes (distinct) that nobody holds yet; returns the ones it registered. */
  async registerFreePrefixes(organizationId: string, prefixes: readonly string[]): Promise<string[]> {
    return rowsOf("INSERT_PREFIXES", PREFIX_ROW, await this.db.query(INSERT_PREFIXES, [prefixes, organizationId])).map((r) => r.prefix);
  }
}
