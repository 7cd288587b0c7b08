import { type SqlCondition, keyReadable } from "@tracehub/db";
import type { ReadScope } from "@tracehub/subgraph-kit";

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * The condition "the unit row `alias` is one `scope` may read" (owned by the caller's company prefixes, or granted
 * READ), with its parameters bound from `$firstParam`. Readers of everything get `TRUE` and no parameter.
 */
export function unitVisible(scope: ReadScope, alias: string, firstParam: number): SqlCondition {
  if (!IDENTIFIER.test(alias)) throw new Error(`unitVisible: ${JSON.stringify(alias)} is not a table alias.`);
  return keyReadable(scope, { digits: `${alias}."key_digits"`, gtin: `${alias}."gtin"` }, firstParam);
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
