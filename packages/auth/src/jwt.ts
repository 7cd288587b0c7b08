import { SignJWT, errors as joseErrors, jwtVerify } from "jose";
import { AuthError, AuthErrorCode } from "./errors";
import { type Principal, type Role, isRole } from "./principal";

/** Settings for verifying access tokens. */
export interface JwtSettings {
  /** Shared HS256 secret (development and tests; production may use the same with a long random value). */
  secret: string;
  /** Expected `iss` claim. */
  issuer?: string;
  /** Expected `aud` claim. */
  audience?: string;
  /** Longest accepted lifetime of a token, `exp` minus `iat` (or minus now without `iat`), in seconds (default 24 h). */
  maxLifetimeSeconds?: number;
  /** Clock skew tolerated on `iat`, `nbf` and `exp`, in seconds (default 60). */
  clockSkewSeconds?: number;
}

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
    .sign(encoder.encode(settings.secret));
}

/** A verified token's principal and when the token stops being valid. */
export interface VerifiedToken {
  principal: Principal;
  /** The token's `exp`, in milliseconds since the epoch. */
  expiresAt: number;
}

/**
 * Verifies an access token (signature, algorithm, issuer, audience, expiry) and returns the principal it
 * carries. Throws {@link AuthError} with `INVALID_TOKEN`, `EXPIRED_TOKEN` or `INVALID_CLAIMS`.
 */
export async function verifyAccessToken(token: string, settings: JwtSettings, now = Date.now()): Promise<Principal> {
  return (await verifyAccessTokenWithExpiry(token, settings, now)).principal;
}

/**
 * {@link verifyAccessToken}, also returning the expiry (for long-lived connections that must end with their
 * credential). Besides the signature it requires `exp`, a lifetime of at most `maxLifetimeSeconds`, and no
 * `iat` in the future beyond the clock skew: a token without limits is refused (`INVALID_CLAIMS`).
 */
export async function verifyAccessTokenWithExpiry(token: string, settings: JwtSettings, now = Date.now()): Promise<VerifiedToken> {
  const skew = settings.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const maxLifetime = settings.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, encoder.encode(settings.secret), {
      algorithms: ["HS256"],
      issuer: settings.issuer ?? DEFAULT_ISSUER,
      audience: settings.audience ?? DEFAULT_AUDIENCE,
      clockTolerance: skew,
      currentDate: new Date(now),
      requiredClaims: ["exp"],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      throw new AuthError(AuthErrorCode.ExpiredToken, "The access token has expired; request a new one.");
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === "exp") {
      throw new AuthError(AuthErrorCode.InvalidClaims, "The access token has no expiry (exp); tokens without one are refused.");
    }
    throw new AuthError(AuthErrorCode.InvalidToken, "The access token is not valid (bad signature, issuer, audience or format).");
  }
  const { sub, org, roles, exp, iat } = payload;
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
  if (!Array.isArray(roles) || !roles.every(isRole)) {
    throw new AuthError(AuthErrorCode.InvalidClaims, "The access token's roles claim must be a list of known roles.");
  }
  if (org !== undefined && org !== null && (typeof org !== "string" || !ORG_ID.test(org))) {
    throw new AuthError(AuthErrorCode.InvalidClaims, "The access token's org claim must be an organization id (a UUID).");
  }
  return { principal: { sub, org: org ?? null, roles: [...new Set(roles)], anonymous: false }, expiresAt: exp * 1000 };
}

/** Extracts the token from an `Authorization: Bearer <token>` value; null when absent. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AuthError(AuthErrorCode.InvalidToken, "The Authorization header must be 'Bearer <token>'.");
  return match[1] ?? null;
}
