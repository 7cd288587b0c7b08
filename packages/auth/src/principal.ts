/** The roles the hub knows. A principal may hold several. */
export const ROLES = [
  "operator",
  "brand_owner",
  "supplier",
  "logistics",
  "fulfilment",
  "compliance",
  "regulator",
] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** Returns true when `value` names a known role. */
export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * Who is calling, as the gateway established it. `anonymous` principals have no subject,
 * no organization and no roles: they may run only the public operations.
 */
export interface Principal {
  /** Subject: a user id or an API key id; null for anonymous callers. */
  sub: string | null;
  /** The caller's organization (tenant) id, when it has one. */
  org: string | null;
  /** Roles granted to the caller. */
  roles: Role[];
  /** True for callers that presented no credentials. */
  anonymous: boolean;
}

/** The principal of a caller with no credentials. */
export const ANONYMOUS: Principal = Object.freeze({ sub: null, org: null, roles: [], anonymous: true }) as Principal;

/** Returns true when the principal holds at least one of `roles`. */
export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((r) => roles.includes(r));
}
