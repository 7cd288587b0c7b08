import { createHmac, timingSafeEqual } from "node:crypto";
import { AuthError, AuthErrorCode } from "./errors";
import { type Principal, isRole } from "./principal";

/** The HTTP header (and graphql-ws connection param) that carries the signed principal to subgraphs. */
export const PRINCIPAL_HEADER = "x-tracehub-principal";

/** How long a signed principal stays acceptable (clock skew plus a long request). */
export const PRINCIPAL_MAX_AGE_SECONDS = 300;

function mac(payload: string, key: string): Buffer {
  return createHmac("sha256", key).update(payload).digest();
}

/**
 * Signs a principal for the internal hop gateway → subgraph: `base64url(json).base64url(hmac-sha256)`.
 * The JSON carries the issue time, so a captured header goes stale.
 */
export function signPrincipal(principal: Principal, key: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...principal, iat: Math.floor(now / 1000) })).toString("base64url");
  return `${payload}.${mac(payload, key).toString("base64url")}`;
}

/**
 * Verifies a signed principal header. Throws {@link AuthError}: `MISSING_PRINCIPAL` when absent,
 * `FORGED_PRINCIPAL` when the signature or shape is wrong, `STALE_PRINCIPAL` when too old.
 */
export function verifyPrincipal(header: string | undefined | null, key: string, now = Date.now()): Principal {
  if (!header) {
    throw new AuthError(AuthErrorCode.MissingPrincipal, "This service only answers requests that come through the tracehub gateway.");
  }
  const [payload, signature, extra] = header.split(".");
  if (!payload || !signature || extra !== undefined) {
    throw new AuthError(AuthErrorCode.ForgedPrincipal, "The principal header is malformed.");
  }
  const expected = mac(payload, key);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AuthError(AuthErrorCode.ForgedPrincipal, "The principal header's signature is not valid.");
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    throw new AuthError(AuthErrorCode.ForgedPrincipal, "The principal header is not valid JSON.");
  }
  const { sub, org, roles, anonymous, iat } = parsed;
  if (typeof iat !== "number" || Math.abs(now / 1000 - iat) > PRINCIPAL_MAX_AGE_SECONDS) {
    throw new AuthError(AuthErrorCode.StalePrincipal, "The principal header is too old.");
  }
  if (
    (sub !== null && typeof sub !== "string") ||
    (org !== null && typeof org !== "string") ||
    !Array.isArray(roles) ||
    !roles.every(isRole) ||
    typeof anonymous !== "boolean"
  ) {
    throw new AuthError(AuthErrorCode.ForgedPrincipal, "The principal header has an unexpected shape.");
  }
  return { sub, org, roles, anonymous };
}
