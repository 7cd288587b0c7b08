/**
 * @tracehub/auth: who is calling. The gateway verifies access tokens and forwards a signed principal;
 * subgraphs verify that signature and never trust an unsigned caller.
 */
export { ROLES, ANONYMOUS, API_KEY_SCOPES, isRole, isApiKeyScope, hasAnyRole } from "./principal";
export type { Role, Principal, PrincipalScope, ScopeGrant, GrantPermission, ApiKeyScope } from "./principal";
export { credentialOf, apiKeyPrincipal, rolesOfOrganizationKind, ORGANIZATION_KINDS, ORGANIZATION_KIND_ROLES, API_KEY_SUBJECT_PREFIX } from "./credentials";
export type { Credential, ApiKeyIdentity, OrganizationKind } from "./credentials";
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
  DEFAULT_JWKS_ALGORITHMS,
} from "./jwt";
export type { JwtSettings, JwksSettings, TokenClaims, VerifiedToken } from "./jwt";
export { signPrincipal, verifyPrincipal, requestBinding, internalBinding, canonicalJson, GRAPHQL_WS_BINDING, PRINCIPAL_HEADER, PRINCIPAL_MAX_AGE_SECONDS } from "./principal-header";
export { STREAM_CURSOR_EXTENSION, STREAM_POSITIONS_PARAM, STREAM_TRACE_EXTENSION } from "./stream-positions";
export {
  webhookSignature,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_KIND_HEADER,
  WEBHOOK_TOLERANCE_SECONDS,
} from "./webhook-signature";
export type { WebhookVerification } from "./webhook-signature";
