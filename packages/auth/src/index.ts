/**
 * @tracehub/auth: who is calling. The gateway verifies access tokens and forwards a signed principal;
 * subgraphs verify that signature and never trust an unsigned caller.
 */
export { ROLES, ANONYMOUS, isRole, hasAnyRole } from "./principal";
export type { Role, Principal } from "./principal";
export { AuthError, AuthErrorCode } from "./errors";
export { signAccessToken, verifyAccessToken, bearerToken, DEFAULT_ISSUER, DEFAULT_AUDIENCE } from "./jwt";
export type { JwtSettings, TokenClaims } from "./jwt";
export { signPrincipal, verifyPrincipal, PRINCIPAL_HEADER, PRINCIPAL_MAX_AGE_SECONDS } from "./principal-header";
