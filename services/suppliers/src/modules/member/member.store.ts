import { type KeyColumn, type KeyValue, type KeysetPage, type RowOf, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

/** A member as every statement that reads members returns it. */
const MEMBER_ROW = {
  id: "text",
  organizationId: "text",
  subject: "text",
  name: "text?",
  email: "text?",
  roles: "text[]",
  addedAt: "time",
  updatedAt: "time",
  removedAt: "time?",
} as const;
export type MemberRow = RowOf<typeof MEMBER_ROW>;

const MEMBER_COLUMNS = `m."id", m."organization_id" AS "organizationId", m."subject", m."name", m."email", m."roles",
  m."added_at" AS "addedAt", m."updated_at" AS "updatedAt", m."removed_at" AS "removedAt"`;

/**
 * A new active member, unless the subject is one already (then no row). $1 organization, $2 subject, $3 name,
 * $4 e-mail, $5 roles, $6 who added it.
 */
const INSERT_MEMBER = `INSERT INTO "suppliers"."member" AS m ("organization_id", "subject", "name", "email", "roles", "added_by")
  VALUES ($1::uuid, $2, $3, $4, $5::text[], $6)
  ON CONFLICT ("organization_id", "subject") WHERE "removed_at" IS NULL DO NOTHING
  RETURNING ${MEMBER_COLUMNS}`;

/** A member by id ($1), active or removed. */
const MEMBER_BY_ID = `SELECT ${MEMBER_COLUMNS} FROM "suppliers"."member" m WHERE m."id" = $1::uuid`;

/** Sets the roles ($2) of active member $1; returns it as it is now (a SELECT over the update: rows, not a count). */
const SET_MEMBER_ROLES = `WITH m AS (UPDATE "suppliers"."member" AS m SET "roles" = $2::text[], "updated_at" = date_trunc('milliseconds', now())
  WHERE m."id" = $1::uuid AND m."removed_at" IS NULL RETURNING m.*) SELECT ${MEMBER_COLUMNS} FROM m`;

/** Ends membership $1 (once); returns it as it is now. */
const REMOVE_MEMBER = `WITH m AS (UPDATE "suppliers"."member" AS m SET "removed_at" = COALESCE(m."removed_at", date_trunc('milliseconds', now()))
  WHERE m."id" = $1::uuid RETURNING m.*) SELECT ${MEMBER_COLUMNS} FROM m`;

/** Locks organization $1's row: changes to its members run one at a time, so the last admin cannot go twice at once. */
const LOCK_ORGANIZATION = `SELECT o."id" FROM "suppliers"."organization" o WHERE o."id" = $1::uuid FOR UPDATE`;
const LOCKED_ROW = { id: "text" } as const;

/** Organization $1's active members and how many of them are admins. */
const COUNT_ACTIVE = `SELECT count(*)::int AS "members", (count(*) FILTER (WHERE 'admin' = ANY(m."roles")))::int AS "admins"
  FROM "suppliers"."member" m WHERE m."organization_id" = $1::uuid AND m."removed_at" IS NULL`;
const COUNT_ACTIVE_ROW = { members: "int", admins: "int" } as const;

/** Whether organization $1 keeps members, and subject $2's roles there when it is an active member. */
const MEMBERSHIP = `SELECT EXISTS (SELECT 1 FROM "suppliers"."member" a WHERE a."organization_id" = $1::uuid AND a."removed_at" IS NULL) AS "managed",
  (SELECT m."roles" FROM "suppliers"."member" m WHERE m."organization_id" = $1::uuid AND m."subject" = $2 AND m."removed_at" IS NULL) AS "roles"`;
const MEMBERSHIP_ROW = { managed: "bool", roles: "text[]?" } as const;

/** The order of the members connection: first added first (its cursor holds the time added and the id). */
const MEMBER_KEYS: readonly KeyColumn[] = [{ column: "m.added_at" }, { column: "m.id" }];

/** A page of organization $1's active members ($1 NULL: every organization's), after the page's position. */
const MEMBER_PAGE = (page: KeysetPage) => `SELECT ${MEMBER_COLUMNS} FROM "suppliers"."member" m
  WHERE ($1::uuid IS NULL OR m."organization_id" = $1::uuid) AND m."removed_at" IS NULL AND ${page.where}
  ORDER BY ${page.orderBy} ${page.limit}`;

/** How many active members organization $1 has ($1 NULL: every organization). */
const COUNT_MEMBERS = `SELECT count(*)::int AS "n" FROM "suppliers"."member" m WHERE ($1::uuid IS NULL OR m."organization_id" = $1::uuid) AND m."removed_at" IS NULL`;
const COUNT_ROW = { n: "int" } as const;

/** Every SQL statement of members. */
export class MemberStore {
  /** `db`: the data source's manager, or a transaction's. */
  constructor(private readonly db: EntityManager) {}

  /** Runs `work` in one transaction, with a store bound to it. */
  transaction<T>(work: (tx: MemberStore) => Promise<T>): Promise<T> {
    return this.db.transaction((em) => work(new MemberStore(em)));
  }

  /** Locks the organization's row for the rest of the transaction; false when it does not exist. */
  async lockOrganization(organizationId: string): Promise<boolean> {
    return rowsOf("LOCK_ORGANIZATION", LOCKED_ROW, await this.db.query(LOCK_ORGANIZATION, [organizationId])).length === 1;
  }

  /** Adds an active member; null when the subject is one already. */
  async insert(member: { organizationId: string; subject: string; name: string | null; email: string | null; roles: string[]; addedBy: string }): Promise<MemberRow | null> {
    const params = [member.organizationId, member.subject, member.name, member.email, member.roles, member.addedBy];
    const [row] = rowsOf("INSERT_MEMBER", MEMBER_ROW, await this.db.query(INSERT_MEMBER, params));
    return row ?? null;
  }

  /** A member by id (a UUID), or null. */
  async byId(id: string): Promise<MemberRow | null> {
    const [row] = rowsOf("MEMBER_BY_ID", MEMBER_ROW, await this.db.query(MEMBER_BY_ID, [id]));
    return row ?? null;
  }

  /** Sets an active member's roles; null when it is not active. */
  async setRoles(id: string, roles: string[]): Promise<MemberRow | null> {
    const [row] = rowsOf("SET_MEMBER_ROLES", MEMBER_ROW, await this.db.query(SET_MEMBER_ROLES, [id, roles]));
    return row ?? null;
  }

  /** Ends a membership (once); returns it as it is now. */
  async remove(id: string): Promise<MemberRow> {
    return oneRowOf("REMOVE_MEMBER", MEMBER_ROW, await this.db.query(REMOVE_MEMBER, [id]));
  }

  /** The organization's active members and admins. */
  async activeCounts(organizationId: string): Promise<{ members: number; admins: number }> {
    return oneRowOf("COUNT_ACTIVE", COUNT_ACTIVE_ROW, await this.db.query(COUNT_ACTIVE, [organizationId]));
  }

  /** Whether the organization keeps members, and the subject's roles there (null when not an active member). */
  async membership(organizationId: string, subject: string): Promise<{ managed: boolean; roles: string[] | null }> {
    return oneRowOf("MEMBERSHIP", MEMBERSHIP_ROW, await this.db.query(MEMBERSHIP, [organizationId, subject]));
  }

  /**
   * A page of `size` active members of `org` (every organization's when null) after position `after`
   * ([addedAt, id]), first added first (one more when a next page exists), and how many there are in all.
   */
  async page(org: string | null, after: readonly KeyValue[] | null, size: number): Promise<{ rows: MemberRow[]; total: number }> {
    const total = oneRowOf("COUNT_MEMBERS", COUNT_ROW, await this.db.query(COUNT_MEMBERS, [org])).n;
    const page = keysetPage({ keys: MEMBER_KEYS, after, size, firstParam: 2 });
    const rows = rowsOf("MEMBER_PAGE", MEMBER_ROW, await this.db.query(MEMBER_PAGE(page), [org, ...page.params]));
    return { rows, total };
  }
}
