import { type Principal, hasAnyRole } from "@tracehub/auth";
import { candidateCompanyPrefixes, companyPrefixDigits, isCompanyPrefix, owningCompanyPrefix } from "@tracehub/gs1";

export { isCompanyPrefix };

/** Who may read every organization; everyone else sees only their own. */
export const SEE_ALL_ORGANIZATIONS = ["operator", "regulator"] as const;

/** True when `principal` may read organization `id`. */
export function canSeeOrganization(principal: Principal, id: string): boolean {
  return hasAnyRole(principal, SEE_ALL_ORGANIZATIONS) || principal.org === id;
}

/** True when `principal` may manage organization `id` (its locations and API keys): operators, and its own admins. */
export function isAdminOf(principal: Principal, id: string): boolean {
  return hasAnyRole(principal, ["operator"]) || (principal.org === id && principal.roles.includes("admin"));
}

/** The digits of a GTIN-14 that begin with its company prefix. */
const digitsOf = (gtin14: string): string => companyPrefixDigits({ kind: "gtin", gtin: gtin14 }) ?? "";

/** Every company prefix that could own this GTIN-14, longest first. */
export function candidatePrefixes(gtin14: string): string[] {
  return candidateCompanyPrefixes(digitsOf(gtin14));
}

/** The longest registered prefix that owns the GTIN, or null. */
export function owningPrefix(gtin14: string, registered: ReadonlySet<string>): string | null {
  return owningCompanyPrefix(digitsOf(gtin14), registered);
}
