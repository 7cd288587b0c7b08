import { AuthError, AuthErrorCode } from "./errors";
import { type ApiKeyScope, type Principal, type Role, isApiKeyScope } from "./principal";

/** What a caller presented in `Authorization` (HTTP) or `connectionParams.authorization` (graphql-ws). */
export type Credential = { kind: "token"; token: string } | { kind: "apiKey"; key: string };

/**
 * Reads an `Authorization` value: `Bearer <token>` (an access token) or `ApiKey <key>` (an API key), the scheme
 * case-insensitive as HTTP has it; null when absent or empty. Anything else throws {@link AuthError}
 * `INVALID_TOKEN` (the message names both forms, never echoes the value).
 */
export function credentialOf(header: string | undefined | null): Credential | null {
  if (!header) return null;
  const match = /^(Bearer|ApiKey)\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1] || !match[2]) {
    throw new AuthError(AuthErrorCode.InvalidToken, "The Authorization header must be 'Bearer <token>' or 'ApiKey <key>'.");
  }
  return match[1].toLowerCase() === "bearer" ? { kind: "token", token: match[2] } : { kind: "apiKey", key: match[2] };
}

/** The kinds of organization suppliers registers (its `OrganizationKind`). */
export const ORGANIZATION_KINDS = ["BRAND_OWNER", "MANUFACTURER", "DISTRIBUTOR", "LOGISTICS", "RETAILER", "REGULATOR", "OPERATOR"] as const;

/** One of {@link ORGANIZATION_KINDS}. */
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/**
 * The roles an API key acts with, by the kind of its organization (a key has no user, so no roles of its own):
 * what that kind of party does in the hub. A key is never `admin` (it cannot manage keys, members or locations)
 * and never `compliance`. docs/security.md has the same table.
 */
export const ORGANIZATION_KIND_ROLES: Readonly<Record<OrganizationKind, readonly Role[]>> = Object.freeze({
  BRAND_OWNER: ["brand_owner"],
  MANUFACTURER: ["supplier"],
  DISTRIBUTOR: ["logistics", "fulfilment"],
  LOGISTICS: ["logistics"],
  RETAILER: ["fulfilment"],
  REGULATOR: ["regulator"],
  OPERATOR: ["operator"],
});

/** The roles of an organization kind's API keys; none for a kind this package does not know (least privilege). */
export function rolesOfOrganizationKind(kind: string): Role[] {
  return (ORGANIZATION_KINDS as readonly string[]).includes(kind) ? [...ORGANIZATION_KIND_ROLES[kind as OrganizationKind]] : [];
}

/** An API key as suppliers' `POST /internal/api-key` identifies a valid one. */
export interface ApiKeyIdentity {
  /** The key's id (not the key). */
  id: string;
  /** The organization the key belongs to. */
  organizationId: string;
  /** That organization's kind (one of {@link ORGANIZATION_KINDS}; an unknown one gives no roles). */
  organizationKind: string;
  /** What the key may be used for. */
  scopes: ApiKeyScope[];
}

/** Subjects of API-key principals start with this, so they never collide with a token's user id. */
export const API_KEY_SUBJECT_PREFIX = "apikey:";

/**
 * The principal of a valid API key: subject `apikey:<id>`, its organization, the roles of the organization's
 * kind ({@link ORGANIZATION_KIND_ROLES}) and the key's scopes in `apiKeyScopes` (unknown scopes dropped).
 */
export function apiKeyPrincipal(identity: ApiKeyIdentity): Principal {
  return {
    sub: `${API_KEY_SUBJECT_PREFIX}${identity.id}`,
    org: identity.organizationId,
    roles: rolesOfOrganizationKind(identity.organizationKind),
    anonymous: false,
    apiKeyScopes: [...new Set(identity.scopes.filter(isApiKeyScope))],
  };
}
