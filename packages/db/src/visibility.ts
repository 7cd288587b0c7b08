/**
 * Read visibility in SQL: the condition "a caller may read this row's GS1 key", for the read scope of
 * @tracehub/subgraph-kit (`readScopeOf`), declared here structurally so the database layer needs no principal.
 */

/** A condition and the parameters it binds, numbered from the `$n` it was built for. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** What a caller may read (the shape of subgraph-kit's `ReadScope`). */
export type SqlReadScope =
  | { all: true }
  | {
      all: false;
      org: string | null;
      prefixes: readonly string[];
      foreignPrefixes: readonly string[];
      grants: readonly { prefixes: readonly string[]; foreignPrefixes: readonly string[]; gtins: readonly string[] | null }[];
      /** The GLNs of the caller's locations. */
      glns?: readonly string[];
    };

/** A key's columns as SQL expressions written by the caller's code (never by a client). */
export interface KeyColumns {
  /** The digits of the key that start with its company prefix (e.g. `u."key_digits"`, or `substr(r."gtin", 2, 12)`). */
  digits: string;
  /** The key's GTIN-14, for GTIN-limited grants (e.g. `u."gtin"`); `NULL` when the row has none. */
  gtin: string;
}

/** `digits` starts with a prefix of `prefixes` that no longer prefix of `foreign` overrides (longest prefix wins). */
function ownedBy(digits: string, prefixes: string, foreign: string): string {
  return `EXISTS (SELECT 1 FROM unnest(${prefixes}) p WHERE starts_with(${digits}, p)
      AND NOT EXISTS (SELECT 1 FROM unnest(${foreign}) f WHERE length(f) > length(p) AND starts_with(${digits}, f)))`;
}

/**
 * The condition "the caller may read the key in `columns`": it holds the longest company prefix the key starts with,
 * or was granted READ on it (on every product of the grantor, or on its GTIN). Binds three parameters from
 * `$firstParam`; a reader of everything gets `TRUE` and none, a scope with nothing to read `FALSE` and none.
 */
export function keyReadable(scope: SqlReadScope, columns: KeyColumns, firstParam: number): SqlCondition {
  if (scope.all) return { sql: "TRUE", params: [] };
  if (scope.prefixes.length === 0 && scope.grants.length === 0) return { sql: "FALSE", params: [] };
  const [p, f, g] = [firstParam, firstParam + 1, firstParam + 2];
  const grants = `EXISTS (SELECT 1 FROM jsonb_to_recordset($${g}::jsonb) AS g(prefixes text[], foreign_prefixes text[], gtins text[])
      WHERE (g.gtins IS NULL OR ${columns.gtin} = ANY(g.gtins)) AND ${ownedBy(columns.digits, "g.prefixes", "g.foreign_prefixes")})`;
  return {
    sql: `(${columns.digits} IS NOT NULL AND (${ownedBy(columns.digits, `$${p}::text[]`, `$${f}::text[]`)} OR ${grants}))`,
    params: [scope.prefixes, scope.foreignPrefixes, JSON.stringify(scope.grants.map((x) => ({ prefixes: x.prefixes, foreign_prefixes: x.foreignPrefixes, gtins: x.gtins })))],
  };
}
