import type { ReadScope } from "@tracehub/subgraph-kit";

/** A condition and the parameters it binds, numbered from the `$n` it was built for. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** `key_digits` starts with a prefix of `prefixes` that no longer prefix of `foreign` overrides (longest prefix wins). */
function ownedBy(digits: string, prefixes: string, foreign: string): string {
  return `EXISTS (SELECT 1 FROM unnest(${prefixes}) p WHERE starts_with(${digits}, p)
      AND NOT EXISTS (SELECT 1 FROM unnest(${foreign}) f WHERE length(f) > length(p) AND starts_with(${digits}, f)))`;
}

/**
 * The condition "the unit row `alias` is one `scope` may read" (owned by the caller's company prefixes, or granted
 * READ), with its parameters bound from `$firstParam`. Readers of everything get `TRUE` and no parameter.
 */
export function unitVisible(scope: ReadScope, alias: string, firstParam: number): SqlCondition {
  if (!IDENTIFIER.test(alias)) throw new Error(`unitVisible: ${JSON.stringify(alias)} is not a table alias.`);
  if (scope.all) return { sql: "TRUE", params: [] };
  if (scope.prefixes.length === 0 && scope.grants.length === 0) return { sql: "FALSE", params: [] };
  const digits = `${alias}."key_digits"`;
  const [p, f, g] = [firstParam, firstParam + 1, firstParam + 2];
  const grants = `EXISTS (SELECT 1 FROM jsonb_to_recordset($${g}::jsonb) AS g(prefixes text[], foreign_prefixes text[], gtins text[])
      WHERE (g.gtins IS NULL OR ${alias}."gtin" = ANY(g.gtins)) AND ${ownedBy(digits, "g.prefixes", "g.foreign_prefixes")})`;
  return {
    sql: `(${digits} IS NOT NULL AND (${ownedBy(digits, `$${p}::text[]`, `$${f}::text[]`)} OR ${grants}))`,
    params: [
      scope.prefixes,
      scope.foreignPrefixes,
      JSON.stringify(scope.grants.map((x) => ({ prefixes: x.prefixes, foreign_prefixes: x.foreignPrefixes, gtins: x.gtins }))),
    ],
  };
}

/**
 * The condition "the event row `alias` is one `scope` may read": captured by the caller's organization, or naming
 * (in any role) a unit it may read. Parameters are bound from `$firstParam`.
 */
export function eventVisible(scope: ReadScope, alias: string, firstParam: number): SqlCondition {
  if (!IDENTIFIER.test(alias)) throw new Error(`eventVisible: ${JSON.stringify(alias)} is not a table alias.`);
  if (scope.all) return { sql: "TRUE", params: [] };
  const unit = unitVisible(scope, "vu", firstParam + 1);
  return {
    sql: `((${alias}."captured_by_org" IS NOT NULL AND ${alias}."captured_by_org" = $${firstParam}::text) OR EXISTS (
      SELECT 1 FROM "units"."event_unit" veu JOIN "units"."unit" vu ON vu."id" = veu."unit_id" WHERE veu."event_seq" = ${alias}."seq" AND ${unit.sql}))`,
    params: [scope.org, ...unit.params],
  };
}
