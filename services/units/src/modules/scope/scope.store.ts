import { type SqlCondition, keyReadable } from "@tracehub/db";
import type { ReadScope } from "@tracehub/subgraph-kit";

/**
 * Read visibility of the units subgraph as SQL conditions (bound parameters, numbered from the `$n` given): which
 * units, events and how much of a unit's history a caller may read. See docs/tenancy.md.
 */

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function alias(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`${JSON.stringify(name)} is not a table alias.`);
  return name;
}

/** `custody` row `c` belongs to the caller: handed to one of its GLNs, or a GLN under its company prefixes. */
function partyIsCaller(scope: Extract<ReadScope, { all: false }>, c: string, firstParam: number): SqlCondition {
  if (scope.glns.length === 0 && scope.prefixes.length === 0) return { sql: "FALSE", params: [] };
  const owned = keyReadable({ ...scope, grants: [] }, { digits: `left(${c}."party_gln", 12)`, gtin: "NULL::text" }, firstParam + 1);
  return { sql: `(${c}."party_gln" = ANY($${firstParam}::text[]) OR ${owned.sql})`, params: [scope.glns, ...owned.params] };
}

/** The unit row `u` is owned by the caller's prefixes or granted READ (its whole story). */
function unitOwnedOrGranted(scope: ReadScope, u: string, firstParam: number): SqlCondition {
  return keyReadable(scope, { digits: `${u}."key_digits"`, gtin: `${u}."gtin"` }, firstParam);
}

/**
 * The condition "the caller may read the unit row `u`": owned by its company prefixes, granted READ, or in its
 * custody now or before. Readers of everything get `TRUE`.
 */
export function unitVisible(scope: ReadScope, u: string, firstParam: number): SqlCondition {
  alias(u);
  if (scope.all) return { sql: "TRUE", params: [] };
  const key = unitOwnedOrGranted(scope, u, firstParam);
  const party = partyIsCaller(scope, "vc", firstParam + key.params.length);
  return {
    sql: `(${key.sql} OR EXISTS (SELECT 1 FROM "units"."custody" vc WHERE vc."unit_id" = ${u}."id" AND ${party.sql}))`,
    params: [...key.params, ...party.params],
  };
}

/**
 * The condition "the caller holds unit row `u` now": its open custody is the caller's, or, never handed over (no
 * open custody), the caller owns it by company prefix (grants do not make a holder). Readers of everything hold
 * nothing.
 */
export function unitHeldBy(scope: ReadScope, u: string, firstParam: number): SqlCondition {
  alias(u);
  if (scope.all) return { sql: "FALSE", params: [] };
  const party = partyIsCaller(scope, "hc", firstParam);
  const owned = keyReadable({ ...scope, grants: [] }, { digits: `${u}."key_digits"`, gtin: `${u}."gtin"` }, firstParam + party.params.length);
  return {
    sql: `(EXISTS (SELECT 1 FROM "units"."custody" hc WHERE hc."unit_id" = ${u}."id" AND hc."to_time" IS NULL AND ${party.sql})
      OR (NOT EXISTS (SELECT 1 FROM "units"."custody" hn WHERE hn."unit_id" = ${u}."id" AND hn."to_time" IS NULL) AND ${owned.sql}))`,
    params: [...party.params, ...owned.params],
  };
}

/**
 * The expression "until when the caller may follow unit `u`": NULL while it owns it, was granted it or has it in
 * custody; otherwise the end of its last custody period (what happened after is not its to see).
 */
export function unitVisibleUntil(scope: ReadScope, u: string, firstParam: number): SqlCondition {
  alias(u);
  if (scope.all) return { sql: "NULL::timestamptz", params: [] };
  const key = unitOwnedOrGranted(scope, u, firstParam);
  const open = partyIsCaller(scope, "vo", firstParam + key.params.length);
  const past = partyIsCaller(scope, "vp", firstParam + key.params.length + open.params.length);
  return {
    sql: `(CASE WHEN ${key.sql} OR EXISTS (SELECT 1 FROM "units"."custody" vo WHERE vo."unit_id" = ${u}."id" AND vo."to_time" IS NULL AND ${open.sql}) THEN NULL::timestamptz
      ELSE (SELECT max(vp."to_time") FROM "units"."custody" vp WHERE vp."unit_id" = ${u}."id" AND ${past.sql}) END)`,
    params: [...key.params, ...open.params, ...past.params],
  };
}

/**
 * The condition "the caller may read the event row `e`": its organization captured it, it names a unit the caller
 * owns or was granted, or it names a unit while that unit was in the caller's custody (up to the end of custody).
 */
export function eventVisible(scope: ReadScope, e: string, firstParam: number): SqlCondition {
  alias(e);
  if (scope.all) return { sql: "TRUE", params: [] };
  const unit = unitOwnedOrGranted(scope, "vu", firstParam + 1);
  const party = partyIsCaller(scope, "vc", firstParam + 1 + unit.params.length);
  return {
    sql: `((${e}."captured_by_org" IS NOT NULL AND ${e}."captured_by_org" = $${firstParam}::text)
      OR EXISTS (SELECT 1 FROM "units"."event_unit" veu JOIN "units"."unit" vu ON vu."id" = veu."unit_id" WHERE veu."event_seq" = ${e}."seq" AND ${unit.sql})
      OR EXISTS (SELECT 1 FROM "units"."event_unit" veu JOIN "units"."custody" vc ON vc."unit_id" = veu."unit_id"
        WHERE veu."event_seq" = ${e}."seq" AND ${party.sql} AND (vc."to_time" IS NULL OR ${e}."event_time" <= vc."to_time")))`,
    params: [scope.org, ...unit.params, ...party.params],
  };
}

/** The condition "custody row `c` is the caller's" (for listing which units an event shows it through custody). */
export function custodyOfCaller(scope: ReadScope, c: string, firstParam: number): SqlCondition {
  alias(c);
  if (scope.all) return { sql: "TRUE", params: [] };
  return partyIsCaller(scope, c, firstParam);
}
