/** The roles the hub knows. A principal may hold several. */
export const ROLES = [
  "operator",
  "brand_owner",
  "supplier",
  "logistics",
  "fulfilment",
  "compliance",
  "regulator",
  "admin",
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
  /**
   * What the caller's organization owns and was granted, as the gateway looked it up in `suppliers` (cached
   * briefly). Absent for operators, anonymous callers and callers without an organization; `null` when the
   * lookup failed (writes that need ownership are then refused).
   */
  scope?: PrincipalScope | null;
  /**
   * Present only when the caller authenticated with an API key: the key's scopes, which limit what it may run
   * whatever its roles (the gateway refuses mutations without `CAPTURE`, queries and subscriptions without
   * `READ`). Signed into the principal header, so subgraphs may check them too. Absent for tokens.
   */
  apiKeyScopes?: ApiKeyScope[];
  /**
   * The country (ISO 3166-1 alpha-2) the gateway placed the request in, from the caller's address through an
   * offline IP database; never the address itself. Only the public authenticity check's log uses it, when the client
   * sends no `origin` of its own. Absent when unknown (private or loopback addresses, IPv6, look-up off).
   */
  country?: string;
}

/** What an API key may be used for: `READ` (queries, subscriptions), `CAPTURE` (mutations). */
export const API_KEY_SCOPES = ["READ", "CAPTURE"] as const;

/** One of {@link API_KEY_SCOPES}. */
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Returns true when `value` names a known API key scope. */
export function isApiKeyScope(value: unknown): value is ApiKeyScope {
  return typeof value === "string" && (API_KEY_SCOPES as readonly string[]).includes(value);
}

/** Permissions a brand owner grants a partner on its products. */
export type GrantPermission = "READ" | "CAPTURE";

/** One grant an organization received from a brand owner. */
export interface ScopeGrant {
  /** The granting organization. */
  grantor: string;
  /** The grantor's company prefixes. */
  prefixes: string[];
  /** Longer prefixes held by other organizations inside the grantor's (the longest prefix owns a key). */
  foreignPrefixes: string[];
  /** The GTINs (14 digits) granted; null for every product of the grantor. */
  gtins: string[] | null;
  /** What the grant allows. */
  permissions: GrantPermission[];
}

/** What an organization owns (by GS1 company prefix) and what it was granted. */
export interface PrincipalScope {
  /** Company prefixes the organization holds. */
  prefixes: string[];
  /** Longer prefixes inside those, held by other organizations: keys under them are not the organization's. */
  foreignPrefixes: string[];
  /** Grants in force that the organization received. */
  grants: ScopeGrant[];
  /**
   * GLNs (13 digits) of the organization's registered locations, oldest first, at most 500 of them so that the
   * signed principal stays well inside a request header (suppliers' `MAX_SCOPE_GLNS`). Absent from scopes of
   * services that predate locations.
   */
  glns?: string[];
}

/** The principal of a caller with no credentials. */
export const ANONYMOUS: Principal = Object.freeze({ sub: null, org: null, roles: [], anonymous: true }) as Principal;

/** Returns true when the principal holds at least one of `roles`. */
export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((r) => roles.includes(r));
}
