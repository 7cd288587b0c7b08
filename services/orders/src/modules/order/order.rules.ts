import { type Principal, hasAnyRole } from "@tracehub/auth";

/** Roles that read every order. */
const SEE_ALL = ["operator", "regulator"] as const;

/** True when `principal` may read an order owned by `organizationId`. */
export function canSeeOrder(principal: Principal, organizationId: string | null): boolean {
  if (principal.anonymous) return false;
  return hasAnyRole(principal, SEE_ALL) || (principal.org !== null && principal.org === organizationId);
}
