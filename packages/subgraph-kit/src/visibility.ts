import type { Principal } from "@tracehub/auth";
import { type OwnedKey, ownedKeyOfIdentifier, scopeOwns } from "./ownership";

/** What one READ grant lets its holder see: the grantor's products (all of them, or the listed GTINs). */
export interface ReadGrant {
  /** The grantor's company prefixes. */
  prefixes: string[];
  /** Longer prefixes inside those, held by other organizations. */
  foreignPrefixes: string[];
  /** GTIN-14s granted; null for every product of the grantor. */
  gtins: string[] | null;
}

/**
 * What a caller may read of tenant data, derived from its principal:
 * - `all`: operators and regulators read everything;
 * - otherwise the units its organization owns (by GS1 company prefix, longest prefix wins), the products it was
 *   granted READ on, the events its organization captured, and (in SQL, where custody is recorded) units handed over
 *   to it (to one of its GLNs, or a GLN under its prefixes). A caller without an organization, or whose scope
 *   could not be looked up, reads only what it captured itself (fail closed).
 */
export type ReadScope =
  | { all: true }
  | {
      all: false;
      /** The caller's organization (events it captured are its own to read). */
      org: string | null;
      prefixes: string[];
      foreignPrefixes: string[];
      grants: ReadGrant[];
      /** The GLNs of the organization's locations: units handed over to them are in its custody. */
      glns: string[];
    };

/** Roles that read every organization's data. */
const READ_EVERYTHING = ["operator", "regulator"] as const;

/** The read scope of a principal. */
export function readScopeOf(principal: Principal): ReadScope {
  if (principal.roles.some((role) => (READ_EVERYTHING as readonly string[]).includes(role))) return { all: true };
  const scope = principal.scope;
  if (!principal.org || !scope) return { all: false, org: principal.org, prefixes: [], foreignPrefixes: [], grants: [], glns: [] };
  return {
    all: false,
    org: principal.org,
    prefixes: scope.prefixes,
    foreignPrefixes: scope.foreignPrefixes,
    grants: scope.grants.filter((g) => g.permissions.includes("READ")).map((g) => ({ prefixes: g.prefixes, foreignPrefixes: g.foreignPrefixes, gtins: g.gtins })),
    glns: scope.glns ?? [],
  };
}

/** True when `scope` may read the unit with this GS1 key: owned, or granted READ. */
export function scopeMayReadKey(scope: ReadScope, key: OwnedKey): boolean {
  if (scope.all) return true;
  if (scopeOwns({ prefixes: scope.prefixes, foreignPrefixes: scope.foreignPrefixes, grants: [] }, key)) return true;
  return scope.grants.some(
    (g) => scopeOwns({ prefixes: g.prefixes, foreignPrefixes: g.foreignPrefixes, grants: [] }, key) && (g.gtins === null || (key.gtin !== null && g.gtins.includes(key.gtin))),
  );
}

/**
 * A reader of identifiers for one scope: `mayRead(identifier)` answers whether the caller may see it (any GS1
 * form). Identifiers that carry no GS1 key (private URNs) belong to no one and are visible only to readers of
 * everything. Each key is decided once.
 */
export function identifierReader(scope: ReadScope): (identifier: string) => boolean {
  if (scope.all) return () => true;
  const memo = new Map<string, boolean>();
  return (identifier) => {
    let answer = memo.get(identifier);
    if (answer === undefined) {
      const key = ownedKeyOfIdentifier(identifier);
      answer = key !== null && scopeMayReadKey(scope, key);
      memo.set(identifier, answer);
    }
    return answer;
  };
}
