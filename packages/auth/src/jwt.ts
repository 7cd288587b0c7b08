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
}

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

/**
 * Verifies an access token (signature, algorithm, issuer, audience, expiry) and returns the principal it
 * carries. Throws {@link AuthError} with `INVALID_TOKEN`, `EXPIRED_TOKEN` or `INVALID_CLAIMS`.
 */
export async function verifyAccessToken(token: string, settings: JwtSettings): Promise<Principal> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, encoder.encode(settings.secret), {
      algorithms: ["HS256"],
      issuer: settings.issuer ?? DEFAULT_ISSUER,
      audience: settings.audience ?? DEFAULT_AUDIENCE,
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      throw new AuthError(AuthErrorCode.ExpiredToken, "The access token has expired; request a new one.");
    }
    throw new AuthError(AuthErrorCode.InvalidToken, "The access token is not valid (bad signature, issuer, audience or format).");
  }
  const { sub, org, roles } = payload;
  if (typeof sub !== "string" || sub.length === 0) {
    throw new AuthError(AuthErrorCode.InvalidClaims, "The access token has no subject (sub).");
  }
  if (!Array.isArray(roles) || !roles.every(isRole)) {
    throw new AuthError(AuthErrorCode.InvalidClaims, "The access token's roles claim must be a list of known roles.");
  }
  if (org !== undefined && org !== null && typeof org !== "string") {
    throw new AuthError(AuthErrorCode.InvalidClaims, "The access token's org claim must be a string.");
  }
  return { sub, org: org ?? null, roles: [...new Set(roles)], anonymous: false };
}

/** Extracts the token from an `Authorization: Bearer <token>` value; null when absent. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AuthError(AuthErrorCode.InvalidToken, "The Authorization header must be 'Bearer <token>'.");
  return match[1] ?? null;
}
