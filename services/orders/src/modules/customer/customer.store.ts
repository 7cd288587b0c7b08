import { type KeyColumn, type KeyValue, type RowOf, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

const CUSTOMER_ROW = { id: "text", organizationId: "text", name: "text", email: "text?", address: "json?", createdAt: "time" } as const;
export type CustomerRow = RowOf<typeof CUSTOMER_ROW>;

const COLUMNS = `c."id"::text AS "id", c."organization_id" AS "organizationId", c."name", c."email", c."address", c."created_at" AS "createdAt"`;
const KEYS: readonly KeyColumn[] = [{ column: "c.id" }];

/** Every SQL statement of customers (personal data: read only for the seller that owns them). */
export class CustomerStore {
  constructor(private readonly db: EntityManager) {}

  /**
   * Stores a seller's customer. A customer with an email is one per seller and address: the same email again is the
   * same customer, whose name and address the newer order updates.
   */
  async upsert(org: string, customer: { name: string; email: string | null; address: Record<string, unknown> | null }): Promise<CustomerRow> {
    const address = customer.address ? JSON.stringify(customer.address) : null;
    const sql = customer.email
      ? `INSERT INTO "orders"."customer" AS c ("organization_id", "name", "email", "address") VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT ("organization_id", lower("email")) WHERE "email" IS NOT NULL
         DO UPDATE SET "name" = EXCLUDED."name", "address" = COALESCE(EXCLUDED."address", c."address") RETURNING ${COLUMNS}`
      : `INSERT INTO "orders"."customer" AS c ("organization_id", "name", "email", "address") VALUES ($1, $2, $3, $4::jsonb) RETURNING ${COLUMNS}`;
    return oneRowOf("UPSERT_CUSTOMER", CUSTOMER_ROW, await this.db.query(sql, [org, customer.name, customer.email, address]));
  }

  /** Customers by id (UUIDs). */
  async byIds(ids: readonly string[]): Promise<CustomerRow[]> {
    return rowsOf("CUSTOMERS_BY_ID", CUSTOMER_ROW, await this.db.query(`SELECT ${COLUMNS} FROM "orders"."customer" c WHERE c."id" = ANY($1::uuid[])`, [ids]));
  }

  /** How many customers a seller has. */
  async count(org: string): Promise<number> {
    return oneRowOf("COUNT_CUSTOMERS", { n: "int" }, await this.db.query(`SELECT count(*)::int AS "n" FROM "orders"."customer" WHERE "organization_id" = $1`, [org])).n;
  }

  /** A page of a seller's customers by id; one more when a next page exists. */
  async page(org: string, after: readonly KeyValue[] | null, size: number): Promise<CustomerRow[]> {
    const page = keysetPage({ keys: KEYS, after, size, firstParam: 2 });
    const sql = `SELECT ${COLUMNS} FROM "orders"."customer" c WHERE c."organization_id" = $1 AND ${page.where} ORDER BY ${page.orderBy} ${page.limit}`;
    return rowsOf("CUSTOMER_PAGE", CUSTOMER_ROW, await this.db.query(sql, [org, ...page.params]));
  }
}
