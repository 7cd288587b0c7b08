import type { PrincipalScope } from "@tracehub/auth";

/** Most GTINs one grant lists. */
export const MAX_GRANT_GTINS = 1_000;

/** A grant in force as the scope reads it. */
export interface ActiveGrant {
  grantorId: string;
  gtins: string[] | null;
  permissions: string[];
  prefixes: string[];
  foreignPrefixes: string[];
}

/** The scope the gateway signs into an organization's principals: what it owns and what it was granted. */
export function toScope(own: { prefixes: string[]; foreignPrefixes: string[] }, grants: readonly ActiveGrant[]): PrincipalScope {
  return {
    prefixes: own.prefixes,
    foreignPrefixes: own.foreignPrefixes,
    grants: grants.map((g) => ({
      grantor: g.grantorId,
      prefixes: g.prefixes,
      foreignPrefixes: g.foreignPrefixes,
      gtins: g.gtins,
      permissions: g.permissions.filter((p): p is "READ" | "CAPTURE" => p === "READ" || p === "CAPTURE"),
    })),
  };
}

/** True while a grant is in force at `now`. */
export function isGrantActive(grant: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): boolean {
  return grant.revokedAt === null && (grant.expiresAt === null || grant.expiresAt.getTime() > now.getTime());
}
