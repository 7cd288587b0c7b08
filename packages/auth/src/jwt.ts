import { type JWTVerifyGetKey, SignJWT, createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify } from "jose";
import { AuthError, AuthErrorCode } from "./errors";
import { type Principal, type Role, isRole } from "./principal";

/** Settings for verifying access tokens. */
export interface JwtSettings {
  /**
   * Shared HS256 secret of the hub's own tokens (`npm run token`, tests). Without one, HS256 tokens are refused
   * (a deployment that takes only its identity provider's tokens).
   */
  secret?: string;
  /** Expected `iss` claim: of HS256 tokens (default `tracehub`), and of JWKS tokens when set. */
  issuer?: string;
  /** Expected `aud` claim: of HS256 tokens (default `tracehub`), and of JWKS tokens when set. */
  audience?: string;
  /** Longest accepted lifetime of a token, `exp` minus `iat` (or minus now without `iat`), in seconds (default 24 h). */
  maxLifetimeSeconds?: number;
  /** Clock skew tolerated on `iat`, `nbf` and `exp`, in seconds (default 60). */
  clockSkewSeconds?: number;
  /** An external identity provider whose RS256/ES256 tokens are accepted besides the HS256 ones. */
  jwks?: JwksSettings;
}

/** Where an identity provider publishes its signing keys, and how its claims map to the hub's. */
export interface JwksSettings {
  /** The provider's JSON Web Key Set URL (fetched, cached, fetched again for an unknown `kid`: key rotation). */
  url: string;
  /** The claim that holds the caller's organization id, a UUID (default `org`); a dotted path reaches a nested claim. */
  orgClaim?: string;
  /** The claim that holds the caller's roles, a list or a space-separated string (default `roles`); roles the hub does not know are dropped. */
  rolesClaim?: string;
  /** Accepted algorithms (default RS256 and ES256). */
  algorithms?: string[];
  /** How long fetched keys are used before they are fetched again, in ms (default 10 minutes). */
  cacheMaxAgeMs?: number;
  /** Least time between two fetches, in ms (default 30 s): tokens with made-up `kid`s cannot make the hub fetch more often. */
  cooldownMs?: number;
  /** Time limit of one fetch, in ms (default 5 s). */
  timeoutMs?: number;
}

/** Algorithms accepted from an identity provider unless configured otherwise. */
export const DEFAULT_JWKS_ALGORITHMS = ["RS256", "ES256"];
/** Default longest token lifetime: one day. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** Default clock skew tolerated between the issuer and the hub. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;
/** Organization ids are UUIDs (suppliers issues them). */
const ORG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The claims tracehub reads from an access token. */
export interface TokenClaims {
  /** Subject (user or API key id). */
  sub: string;
  /** Organization id of the caller. */
  org?: string | null;
  /** Roles granted. */
  roles: Role[];
}

const encoder = new TextEncoder();
/** Default issuer and audience of the hub's own tokens. */
export const DEFAULT_ISSUER = "tracehub";
export const DEFAULT_AUDIENCE = "tracehub";

/**
 * Signs an HS256 access token. Used by `npm run token`, the demo seed and tests.
 * @param expiresIn a jose duration such as `"12h"`.
 */
export async function signAccessToken(claims: TokenClaims, settings: JwtSettings, expiresIn = "12h"): Promise<string> {
  return new SignJWT({ org: claims.org ?? null, roles: claims.roles })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(settings.issuer ?? DEFAULT_ISSUER)
    .setAudience(settings.audience ?? DEFAULT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(encoder.encode(requireSecret(settings)));
}

function requireSecret(settings: JwtSettings): string {
  if (!settings.secret) throw new Error("signAccessToken needs JwtSettings.secret (the HS256 secret).");
  return settings.secret;
}

/** A verified token's principal and when the token stops being valid. */
export interface VerifiedToken {
  principal: Principal;
  /** The token's `exp`, in milliseconds since the epoch. */
  expiresAt: number;
}

/**
 * Verifies an access token (signature, algorithm, issuer, audience, expiry) and returns the principal it
 * carries. Throws {@link AuthError} with `INVALID_TOKEN`, `EXPIRED_TOKEN`, `INVALID_CLAIMS` or `KEYS_UNAVAILABLE`.
 */
export async function verifyAccessToken(token: string, settings: JwtSettings, now = Date.now()): Promise<Principal> {
  return (await verifyAccessTokenWithExpiry(token, settings, now)).principal;
}

/**
 * {@link verifyAccessToken}, also returning the expiry (for long-lived connections that must end with their
 * credential). An HS256 token is checked with `secret`, an RS256/ES256 token with the identity provider's keys
 * (`jwks`); the token's `alg` only picks which, and each path accepts only its own algorithms, so a token signed
 * with HS256 and the provider's public key as secret, or with `alg: none`, is refused. Besides the signature it
 * requires `exp`, a lifetime of at most `maxLifetimeSeconds`, and no `iat` in the future beyond the clock skew:
 * a token without limits is refused (`INVALID_CLAIMS`). When the provider's keys cannot be fetched it throws
 * `KEYS_UNAVAILABLE` (the token may be fine: retry).
 */
export async function verifyAccessTokenWithExpiry(token: string, settings: JwtSettings, now = Date.now()): Promise<VerifiedToken> {
  const skew = settings.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const maxLifetime = settings.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw invalidToken();
  }
  const external = alg !== "HS256" && settings.jwks !== undefined && (settings.jwks.algorithms ?? DEFAULT_JWKS_ALGORITHMS).includes(alg as string);
  if (!external && (alg !== "HS256" || !settings.secret)) throw invalidToken();
  let payload: Record<string, unknown>;
  try {
    const common = { clockTolerance: skew, currentDate: new Date(now), requiredClaims: ["exp"] };
    ({ payload } = external
      ? await jwtVerify(token, remoteKeys(settings.jwks!), {
          ...common,
          algorithms: settings.jwks!.algorithms ?? DEFAULT_JWKS_ALGORITHMS,
          ...(settings.issuer !== undefined ? { issuer: settings.issuer } : {}),
          ...(settings.audience !== undefined ? { audience: settings.audience } : {}),
        })
      : await jwtVerify(token, encoder.encode(settings.secret), {
          ...common,
          algorithms: ["HS256"],
          issuer: settings.issuer ?? DEFAULT_ISSUER,
          audience: settings.audience ?? DEFAULT_AUDIENCE,
        }));
  } catch (error) {
    if (error instanceof KeysUnavailable) {
      throw new AuthError(AuthErrorCode.KeysUnavailable, "The identity provider's signing keys could not be fetched; retry shortly.");
    }
    if (error instanceof joseErrors.JWTExpired) {
      throw new AuthError(AuthErrorCode.ExpiredToken, "The access token has expired; request a new one.");
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === "exp") {
      throw new AuthError(AuthErrorCode.InvalidClaims, "The access token has no expiry (exp); tokens without one are refused.");
    }
    throw invalidToken();
  }
  const { sub, exp, iat } = payload;
  const nowSeconds = now / 1000;
  if (typeof exp !== "number") throw new AuthError(AuthErrorCode.InvalidClaims, "The access token has no expiry (exp); tokens without one are refused.");
  if (iat !== undefined && (typeof iat !== "number" || iat > nowSeconds + skew)) {
    throw new AuthError(AuthErrorCode.InvalidClaims, "The access token was issued in the future (iat); check the issuer's clock.");
  }
  const lifetime = exp - (typeof iat === "number" ? iat : nowSeconds);
  if (lifetime > maxLifetime) {
    throw new AuthError(AuthErrorCode.InvalidClaims, `The access token lives ${Math.round(lifetime)} s; the hub accepts at most ${maxLifetime} s. Request a shorter-lived token.`);
  }
  if (typeof sub !== "string" || sub.length === 0) {
    throw new AuthError(AuthErrorCode.InvalidClaims, "The access token has no subject (sub).");
  }
  const { org, roles } = external ? providerClaims(payload, settings.jwks!) : hubClaims(payload);
  if (org !== undefined && org !== null && (typeof org !== "string" || !ORG_ID.test(org))) {
    throw new AuthError(AuthErrorCode.InvalidClaims, "The access token's org claim must be an organization id (a UUID).");
  }
  return { principal: { sub, org: org ?? null, roles: [...new Set(roles)], anonymous: false }, expiresAt: exp * 1000 };
}

function invalidToken(): AuthError {
  return new AuthError(AuthErrorCode.InvalidToken, "The access token is not valid (bad signature, issuer, audience or format).");
}

/** The hub's own tokens: `org` and `roles`, every role known (a token naming an unknown role is refused). */
function hubClaims(payload: Record<string, unknown>): { org: unknown; roles: Role[] } {
  const { org, roles } = payload;
  if (!Array.isArray(roles) || !roles.every(isRole)) {
    throw new AuthError(AuthErrorCode.InvalidClaims, "The access token's roles claim must be a list of known roles.");
  }
  return { org, roles };
}

/**
 * An identity provider's tokens: organization and roles from the configured claims. The provider knows roles of
 * other applications too, so roles the hub does not know are dropped rather than refused; no roles claim is no roles.
 */
function providerClaims(payload: Record<string, unknown>, jwks: JwksSettings): { org: unknown; roles: Role[] } {
  const raw = claim(payload, jwks.rolesClaim ?? "roles");
  const listed = typeof raw === "string" ? raw.split(/\s+/) : Array.isArray(raw) ? raw : [];
  return { org: claim(payload, jwks.orgClaim ?? "org"), roles: listed.filter(isRole) };
}

/** A claim by its name, or, when no claim has that name, by a dotted path into nested objects. */
function claim(payload: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(payload, name)) return payload[name];
  let value: unknown = payload;
  for (const part of name.split(".")) {
    if (!value || typeof value !== "object" || !Object.prototype.hasOwnProperty.call(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The key set could not be fetched (the provider is down, slow or answers garbage): not the token's fault. */
class KeysUnavailable extends Error {}

/** One cached key set per provider URL and fetch settings (jose caches the keys and handles rotation). */
const keySets = new Map<string, JWTVerifyGetKey>();
const MAX_KEY_SETS = 16;

function remoteKeys(jwks: JwksSettings): JWTVerifyGetKey {
  const id = JSON.stringify([jwks.url, jwks.cacheMaxAgeMs, jwks.cooldownMs, jwks.timeoutMs]);
  let keys = keySets.get(id);
  if (!keys) {
    const remote = createRemoteJWKSet(new URL(jwks.url), {
      cacheMaxAge: jwks.cacheMaxAgeMs ?? 10 * 60_000,
      cooldownDuration: jwks.cooldownMs ?? 30_000,
      timeoutDuration: jwks.timeoutMs ?? 5_000,
    });
    keys = async (header, token) => {
      try {
        return await remote(header, token);
      } catch (error) {
        // No key for the token's kid (after a fetch, or within the cool-down) is the token's fault; the rest is the provider's.
        if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) throw error;
        throw new KeysUnavailable(error instanceof Error ? error.message : String(error));
      }
    };
    if (keySets.size >= MAX_KEY_SETS) keySets.delete(keySets.keys().next().value as string);
    keySets.set(id, keys);
  }
  return keys;
}

/** Extracts the token from an `Authorization: Bearer <token>` value; null when absent. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AuthError(AuthErrorCode.InvalidToken, "The Authorization header must be 'Bearer <token>'.");
  return match[1] ?? null;
}
