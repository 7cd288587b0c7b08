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

const DIGITS = /^\d{1,13}$/;

/** LIKE patterns for keys under these company prefixes (digits only: nothing to escape). */
function patterns(prefixes: readonly string[]): string[] {
  return prefixes.map((p) => {
    if (!DIGITS.test(p)) throw new Error(`keyReadable: ${JSON.stringify(p)} is not a company prefix.`);
    return `${p}%`;
  });
}

/**
 * The condition "the caller may read the key in `columns`": it holds the longest company prefix the key starts with,
 * or was granted READ on it (on every product of the grantor, or on its GTIN). A reader of everything gets `TRUE`
 * and no parameter, a scope with nothing to read `FALSE` and none; otherwise parameters are bound from `$firstParam`
 * (two for the caller's prefixes, two or three per grant).
 *
 * "Longest prefix wins" is written as "under one of the holder's prefixes and under none of the longer prefixes of
 * others nested inside them" (`foreignPrefixes`), as `LIKE ANY` over bound patterns, which PostgreSQL evaluates
 * without a subquery per row. It equals the longest-prefix rule unless a holder's prefix sits inside another's prefix
 * that sits inside the holder's own, which GS1 allocation does not produce.
 */
export function keyReadable(scope: SqlReadScope, columns: KeyColumns, firstParam: number): SqlCondition {
  if (scope.all) return { sql: "TRUE", params: [] };
  const terms: string[] = [];
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  const under = (prefixes: readonly string[], foreign: readonly string[]) =>
    foreign.length
      ? `(${columns.digits} LIKE ANY(${bind(patterns(prefixes))}::text[]) AND NOT ${columns.digits} LIKE ANY(${bind(patterns(foreign))}::text[]))`
      : `${columns.digits} LIKE ANY(${bind(patterns(prefixes))}::text[])`;
  if (scope.prefixes.length) terms.push(under(scope.prefixes, scope.foreignPrefixes));
  for (const grant of scope.grants) {
    if (grant.prefixes.length === 0 || (grant.gtins !== null && grant.gtins.length === 0)) continue;
    const key = under(grant.prefixes, grant.foreignPrefixes);
    terms.push(grant.gtins === null ? key : `(${key} AND ${columns.gtin} = ANY(${bind(grant.gtins)}::text[]))`);
  }
  if (terms.length === 0) return { sql: "FALSE", params: [] };
  return { sql: `(${columns.digits} IS NOT NULL AND (${terms.join(" OR ")}))`, params };
}
