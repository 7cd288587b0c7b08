/**
 * @tracehub/auth: who is calling. The gateway verifies access tokens and forwards a signed principal;
 * subgraphs verify that signature and never trust an unsigned caller.
 */
export { ROLES, ANONYMOUS, isRole, hasAnyRole } from "./principal";
export type { Role, Principal, PrincipalScope, ScopeGrant, GrantPermission } from "./principal";
export { AuthError, AuthErrorCode, isAuthError } from "./errors";
export {
  signAccessToken,
  verifyAccessToken,
  verifyAccessTokenWithExpiry,
  bearerToken,
  DEFAULT_ISSUER,
  DEFAULT_AUDIENCE,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  DEFAULT_CLOCK_SKEW_SECONDS,
} from "./jwt";
export type { JwtSettings, TokenClaims, VerifiedToken } from "./jwt";
export { signPrincipal, verifyPrincipal, requestBinding, internalBinding, canonicalJson, GRAPHQL_WS_BINDING, PRINCIPAL_HEADER, PRINCIPAL_MAX_AGE_SECONDS } from "./principal-header";
