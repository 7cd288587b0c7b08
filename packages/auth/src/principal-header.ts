import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { AuthError, AuthErrorCode } from "./errors";
import { type ApiKeyScope, type Principal, type PrincipalScope, isApiKeyScope, isRole } from "./principal";

/** The HTTP header (and graphql-ws connection param) that carries the signed principal to subgraphs. */
export const PRINCIPAL_HEADER = "x-tracehub-principal";

/**
 * How long a signed principal stays acceptable: the gateway signs each subgraph request just before sending
 * it, and the gateway's subgraph fetch timeout is seconds, so a captured header goes stale quickly.
 */
export const PRINCIPAL_MAX_AGE_SECONDS = 15;

/**
 * The binding of a call to a service's internal endpoint `name` with this JSON body: internal endpoints are
 * reachable only with a principal signed for exactly that call.
 */
export function internalBinding(name: string, body: unknown): string {
  return createHash("sha256").update(`internal\u0000${name}\u0000${canonicalJson(body ?? {})}`).digest("base64url");
}

/** The binding of a principal sent in graphql-ws `connectionParams` (checked once, when the connection opens). */
export const GRAPHQL_WS_BINDING = "graphql-ws";

/**
 * Canonical JSON: object keys sorted, so the gateway and a subgraph that parsed the same body compute the same
 * text for the same variables.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * What a signed principal is bound to: a hash of the GraphQL request it travels with (operation text, name and
 * variables), so a captured header is useless with any other request. Other hops pass their own purpose string
 * (e.g. `graphql-ws`, or an internal endpoint and its body).
 */
export function requestBinding(request: { query?: string | null; operationName?: string | null; variables?: unknown }): string {
  return createHash("sha256")
    .update(`graphql\u0000${request.query ?? ""}\u0000${request.operationName ?? ""}\u0000${canonicalJson(request.variables ?? {})}`)
    .digest("base64url");
}

function mac(payload: string, key: string): Buffer {
  return createHmac("sha256", key).update(payload).digest();
}

/**
 * Signs a principal for the internal hop gateway → subgraph: `base64url(json).base64url(hmac-sha256)`.
 * The JSON carries the issue time, so a captured header goes stale, and the binding (see
 * {@link requestBinding}), so it is valid only with the request it was signed for.
 */
export function signPrincipal(principal: Principal, key: string, binding: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...principal, iat: now / 1000, bnd: binding })).toString("base64url");
  return `${payload}.${mac(payload, key).toString("base64url")}`;
}

/**
 * Verifies a signed principal header for the request it arrived with (`binding`). Throws {@link AuthError}:
 * `MISSING_PRINCIPAL` when absent, `FORGED_PRINCIPAL` when the signature or shape is wrong or it was signed for
 * another request, `STALE_PRINCIPAL` when older than `maxAgeSeconds`.
 */
export function verifyPrincipal(header: string | undefined | null, key: string, binding: string, now = Date.now(), maxAgeSeconds = PRINCIPAL_MAX_AGE_SECONDS): Principal {
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
  const { sub, org, roles, anonymous, iat, bnd, scope, apiKeyScopes, country } = parsed;
  if (typeof iat !== "number" || Math.abs(now / 1000 - iat) > maxAgeSeconds) {
    throw new AuthError(AuthErrorCode.StalePrincipal, "The principal header is too old.");
  }
  if (typeof bnd !== "string" || !safeEqual(bnd, binding)) {
    throw new AuthError(AuthErrorCode.ForgedPrincipal, "The principal header was signed for another request.");
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
  if (scope !== undefined && scope !== null && !isScope(scope)) {
    throw new AuthError(AuthErrorCode.ForgedPrincipal, "The principal header has an unexpected shape.");
  }
  if (apiKeyScopes !== undefined && !(Array.isArray(apiKeyScopes) && apiKeyScopes.every(isApiKeyScope))) {
    throw new AuthError(AuthErrorCode.ForgedPrincipal, "The principal header has an unexpected shape.");
  }
  if (country !== undefined && !(typeof country === "string" && /^[A-Z]{2}$/.test(country))) {
    throw new AuthError(AuthErrorCode.ForgedPrincipal, "The principal header has an unexpected shape.");
  }
  return {
    sub,
    org,
    roles,
    anonymous,
    ...(scope === undefined ? {} : { scope: scope as PrincipalScope | null }),
    ...(apiKeyScopes === undefined ? {} : { apiKeyScopes: apiKeyScopes as ApiKeyScope[] }),
    ...(country === undefined ? {} : { country: country as string }),
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");

function isScope(value: unknown): value is PrincipalScope {
  const s = value as Partial<PrincipalScope>;
  return (
    typeof value === "object" &&
    isStrings(s.prefixes) &&
    isStrings(s.foreignPrefixes) &&
    (s.glns === undefined || isStrings(s.glns)) &&
    Array.isArray(s.grants) &&
    s.grants.every(
      (g) =>
        typeof g?.grantor === "string" &&
        isStrings(g.prefixes) &&
        isStrings(g.foreignPrefixes) &&
        (g.gtins === null || isStrings(g.gtins)) &&
        isStrings(g.permissions),
    )
  );
}
