import { type KeyColumn, type KeyValue, type KeysetPage, type RowOf, keysetPage, oneRowOf, rowsOf } from "@tracehub/db";
import type { EntityManager } from "typeorm";

/** An API key as every statement that reads keys returns it (never its hash). */
const API_KEY_ROW = {
  id: "text",
  organizationId: "text",
  name: "text",
  keyPrefix: "text",
  scopes: "text[]",
  createdAt: "time",
  expiresAt: "time?",
  lastUsedAt: "time?",
  revokedAt: "time?",
} as const;
export type ApiKeyRow = RowOf<typeof API_KEY_ROW>;

const API_KEY_COLUMNS = `k."id", k."organization_id" AS "organizationId", k."name", k."key_prefix" AS "keyPrefix", k."scopes",
  k."created_at" AS "createdAt", k."expires_at" AS "expiresAt", k."last_used_at" AS "lastUsedAt", k."revoked_at" AS "revokedAt"`;

/** A new key. $1 organization, $2 name, $3 display prefix, $4 SHA-256 (hex), $5 scopes, $6 expiry, $7 creator. */
const INSERT_API_KEY = `INSERT INTO "suppliers"."api_key" AS k ("organization_id", "name", "key_prefix", "key_hash", "scopes", "expires_at", "created_by")
  VALUES ($1::uuid, $2, $3, $4, $5::text[], $6, $7) RETURNING ${API_KEY_COLUMNS}`;

/** A key by id ($1). */
const API_KEY_BY_ID = `SELECT ${API_KEY_COLUMNS} FROM "suppliers"."api_key" k WHERE k."id" = $1::uuid`;

/** Marks key $1 revoked unless it is already; returns it as it is now (a SELECT over the update: rows, not a count). */
const REVOKE_API_KEY = `WITH k AS (UPDATE "suppliers"."api_key" AS k SET "revoked_at" = COALESCE(k."revoked_at", now()) WHERE k."id" = $1::uuid RETURNING k.*)
  SELECT ${API_KEY_COLUMNS} FROM k`;

/** The usable key with hash $1 (not revoked, not expired), with its organization's kind. */
const USABLE_KEY_BY_HASH = `SELECT k."id", k."organization_id" AS "organizationId", o."kind" AS "organizationKind", k."scopes", k."last_used_at" AS "lastUsedAt"
  FROM "suppliers"."api_key" k JOIN "suppliers"."organization" o ON o."id" = k."organization_id"
  WHERE k."key_hash" = $1 AND k."revoked_at" IS NULL AND (k."expires_at" IS NULL OR k."expires_at" > now())`;
const USABLE_KEY_ROW = { id: "text", organizationId: "text", organizationKind: "text", scopes: "text[]", lastUsedAt: "time?" } as const;
export type UsableKeyRow = RowOf<typeof USABLE_KEY_ROW>;

/**
 * Records that key $1 was used, unless that was recorded within the last minute: concurrent requests and replicas
 * write it at most once a minute.
 */
const TOUCH_API_KEY = `UPDATE "suppliers"."api_key" SET "last_used_at" = date_trunc('milliseconds', now())
  WHERE "id" = $1::uuid AND ("last_used_at" IS NULL OR "last_used_at" <= now() - interval '1 minute')`;

/** How many keys organization $1 has ($1 NULL: every key). */
const COUNT_API_KEYS = `SELECT count(*)::int AS "n" FROM "suppliers"."api_key" k WHERE ($1::uuid IS NULL OR k."organization_id" = $1::uuid)`;
const COUNT_ROW = { n: "int" } as const;

/** The order of the API keys connection: oldest first (its cursor holds the creation time and id). */
const API_KEY_KEYS: readonly KeyColumn[] = [{ column: "k.created_at" }, { column: "k.id" }];

/** A page of organization $1's keys ($1 NULL: every key), after the page's position, oldest first. */
const API_KEY_PAGE = (page: KeysetPage) => `SELECT ${API_KEY_COLUMNS} FROM "suppliers"."api_key" k
  WHERE ($1::uuid IS NULL OR k."organization_id" = $1::uuid) AND ${page.where}
  ORDER BY ${page.orderBy} ${page.limit}`;

/** Every SQL statement of API keys. */
export class ApiKeyStore {
  /** `db`: the data source's manager, or a transaction's. */
  constructor(private readonly db: EntityManager) {}

  /** Stores a key (its hash and display prefix, never the key). */
  async insert(key: { organizationId: string; name: string; keyPrefix: string; keyHash: string; scopes: string[]; expiresAt: Date | null; createdBy: string }): Promise<ApiKeyRow> {
    const params = [key.organizationId, key.name, key.keyPrefix, key.keyHash, key.scopes, key.expiresAt, key.createdBy];
    return oneRowOf("INSERT_API_KEY", API_KEY_ROW, await this.db.query(INSERT_API_KEY, params));
  }

  /** A key by id (a UUID), or null. */
  async byId(id: string): Promise<ApiKeyRow | null> {
    const [row] = rowsOf("API_KEY_BY_ID", API_KEY_ROW, await this.db.query(API_KEY_BY_ID, [id]));
    return row ?? null;
  }

  /** Marks a key revoked (once); returns it as it is now. */
  async revoke(id: string): Promise<ApiKeyRow> {
    return oneRowOf("REVOKE_API_KEY", API_KEY_ROW, await this.db.query(REVOKE_API_KEY, [id]));
  }

  /** The usable key with this hash, or null (unknown, revoked and expired alike). */
  async usableByHash(keyHash: string): Promise<UsableKeyRow | null> {
    const [row] = rowsOf("USABLE_KEY_BY_HASH", USABLE_KEY_ROW, await this.db.query(USABLE_KEY_BY_HASH, [keyHash]));
    return row ?? null;
  }

  /** Records a use of the key, unless one was recorded within the last minute. */
  async touch(id: string): Promise<void> {
    await this.db.query(TOUCH_API_KEY, [id]);
  }

  /**
   * A page of `size` keys of `org` (every key when null) after position `after` ([createdAt, id]), oldest first
   * (one more when a next page exists), and how many there are in all.
   */
  async page(org: string | null, after: readonly KeyValue[] | null, size: number): Promise<{ rows: ApiKeyRow[]; total: number }> {
    const total = oneRowOf("COUNT_API_KEYS", COUNT_ROW, await this.db.query(COUNT_API_KEYS, [org])).n;
    const page = keysetPage({ keys: API_KEY_KEYS, after, size, firstParam: 2 });
    const rows = rowsOf("API_KEY_PAGE", API_KEY_ROW, await this.db.query(API_KEY_PAGE(page), [org, ...page.params]));
    return { rows, total };
  }
}
