import { SignJWT } from "jose";
import {
  ANONYMOUS,
  AuthErrorCode,
  bearerToken,
  requestBinding,
  signAccessToken,
  signPrincipal,
  verifyAccessToken,
  verifyAccessTokenWithExpiry,
  verifyPrincipal,
} from "..";

const settings = { secret: "a-test-secret-of-enough-length-1234" };
const ORG = "7d1f3a5e-2b4c-4d6e-8f00-112233445566";
const now = () => Math.floor(Date.now() / 1000);

function claims(extra: Record<string, unknown> = {}) {
  return new SignJWT({ roles: ["operator"], ...extra }).setProtectedHeader({ alg: "HS256" }).setSubject("u1").setIssuer("tracehub").setAudience("tracehub");
}
const sign = (jwt: SignJWT) => jwt.sign(new TextEncoder().encode(settings.secret));

async function codeOf(promise: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe("access tokens", () => {
  it("round-trips subject, organization and roles", async () => {
    const token = await signAccessToken({ sub: "u1", org: ORG, roles: ["operator", "compliance"] }, settings);
    await expect(verifyAccessToken(token, settings)).resolves.toEqual({
      sub: "u1",
      org: ORG,
      roles: ["operator", "compliance"],
      anonymous: false,
    });
  });

  it("rejects a token signed with another secret", async () => {
    const token = await signAccessToken({ sub: "u1", roles: ["operator"] }, { secret: "another-secret-entirely-000000" });
    expect(await codeOf(verifyAccessToken(token, settings))).toBe(AuthErrorCode.InvalidToken);
  });

  it("rejects an expired token with EXPIRED_TOKEN", async () => {
    const token = await new SignJWT({ roles: ["operator"] })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setIssuer("tracehub")
      .setAudience("tracehub")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(settings.secret));
    expect(await codeOf(verifyAccessToken(token, settings))).toBe(AuthErrorCode.ExpiredToken);
  });

  it("rejects unknown roles", async () => {
    const token = await new SignJWT({ roles: ["superuser"] })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setIssuer("tracehub")
      .setAudience("tracehub")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(settings.secret));
    expect(await codeOf(verifyAccessToken(token, settings))).toBe(AuthErrorCode.InvalidClaims);
  });

  it("rejects a token without an expiry", async () => {
    expect(await codeOf(verifyAccessToken(await sign(claims().setIssuedAt()), settings))).toBe(AuthErrorCode.InvalidClaims);
  });

  it("rejects a token whose lifetime exceeds the maximum, and accepts one within it", async () => {
    const decades = await sign(claims().setIssuedAt().setExpirationTime(now() + 30 * 365 * 86400));
    expect(await codeOf(verifyAccessToken(decades, settings))).toBe(AuthErrorCode.InvalidClaims);
    const noIat = await sign(claims().setExpirationTime(now() + 2 * 86400));
    expect(await codeOf(verifyAccessToken(noIat, settings))).toBe(AuthErrorCode.InvalidClaims);
    const hour = await sign(claims().setIssuedAt().setExpirationTime("1h"));
    expect(await codeOf(verifyAccessToken(hour, { ...settings, maxLifetimeSeconds: 1800 }))).toBe(AuthErrorCode.InvalidClaims);
    await expect(verifyAccessToken(hour, { ...settings, maxLifetimeSeconds: 3600 })).resolves.toMatchObject({ sub: "u1" });
  });

  it("rejects a token issued in the future beyond the clock skew, and tolerates a small skew", async () => {
    const future = await sign(claims().setIssuedAt(now() + 600).setExpirationTime(now() + 3600));
    expect(await codeOf(verifyAccessToken(future, settings))).toBe(AuthErrorCode.InvalidClaims);
    const skewed = await sign(claims().setIssuedAt(now() + 20).setExpirationTime(now() + 3600));
    await expect(verifyAccessToken(skewed, settings)).resolves.toMatchObject({ sub: "u1" });
  });

  it("rejects an organization claim that is not an organization id", async () => {
    const token = await sign(claims({ org: "1; DROP TABLE" }).setIssuedAt().setExpirationTime("1h"));
    expect(await codeOf(verifyAccessToken(token, settings))).toBe(AuthErrorCode.InvalidClaims);
  });

  it("reports when a token expires", async () => {
    const token = await signAccessToken({ sub: "u1", roles: ["operator"] }, settings, "10m");
    const { expiresAt } = await verifyAccessTokenWithExpiry(token, settings);
    expect(Math.abs(expiresAt - (Date.now() + 600_000))).toBeLessThan(5_000);
  });

  it("rejects an unsigned (alg none) token", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url");
    const body = Buffer.from(JSON.stringify({ sub: "u1", roles: ["operator"], iss: "tracehub", aud: "tracehub" })).toString("base64url");
    expect(await codeOf(verifyAccessToken(`${header}.${body}.`, settings))).toBe(AuthErrorCode.InvalidToken);
  });

  it("reads bearer tokens and refuses other schemes", async () => {
    expect(bearerToken("Bearer abc.def.ghi")).toBe("abc.def.ghi");
    expect(bearerToken(undefined)).toBeNull();
    expect(await codeOf(() => bearerToken("Basic dXNlcjpwYXNz"))).toBe(AuthErrorCode.InvalidToken);
  });
});

describe("signed principal header", () => {
  const key = "internal-hmac-key";
  const principal = { sub: "u1", org: "o1", roles: ["operator" as const], anonymous: false };
  const request = { query: "mutation M($x: String!) { m(x: $x) }", operationName: "M", variables: { x: "a", y: { b: 1, a: 2 } } };
  const binding = requestBinding(request);

  it("verifies what it signed", () => {
    expect(verifyPrincipal(signPrincipal(principal, key, binding), key, binding)).toEqual(principal);
    expect(verifyPrincipal(signPrincipal(ANONYMOUS, key, binding), key, binding)).toEqual(ANONYMOUS);
  });

  it("carries the organization's scope", () => {
    const scoped = { ...principal, scope: { prefixes: ["9506000"], foreignPrefixes: [], grants: [{ grantor: "g", prefixes: ["0614141"], foreignPrefixes: [], gtins: null, permissions: ["CAPTURE" as const] }] } };
    expect(verifyPrincipal(signPrincipal(scoped, key, binding), key, binding)).toEqual(scoped);
  });

  it("binds the same request whatever the order of variable keys, and no other request", () => {
    expect(requestBinding({ ...request, variables: { y: { a: 2, b: 1 }, x: "a" } })).toBe(binding);
    expect(requestBinding({ ...request, variables: { x: "b", y: { b: 1, a: 2 } } })).not.toBe(binding);
    expect(requestBinding({ ...request, operationName: "N" })).not.toBe(binding);
    expect(requestBinding({ ...request, query: "query { other }" })).not.toBe(binding);
  });

  it("rejects a header replayed with another request", async () => {
    const header = signPrincipal(principal, key, binding);
    const other = requestBinding({ ...request, variables: { x: "changed" } });
    expect(await codeOf(() => verifyPrincipal(header, key, other))).toBe(AuthErrorCode.ForgedPrincipal);
  });

  it("rejects a missing header", async () => {
    expect(await codeOf(() => verifyPrincipal(undefined, key, binding))).toBe(AuthErrorCode.MissingPrincipal);
  });

  it("rejects a header signed with another key", async () => {
    expect(await codeOf(() => verifyPrincipal(signPrincipal(principal, "other", binding), key, binding))).toBe(AuthErrorCode.ForgedPrincipal);
  });

  it("rejects a header whose payload was altered to add a role", async () => {
    const [, signature] = signPrincipal({ ...principal, roles: [] }, key, binding).split(".");
    const forged = Buffer.from(JSON.stringify({ ...principal, iat: Date.now() / 1000, bnd: binding })).toString("base64url");
    expect(await codeOf(() => verifyPrincipal(`${forged}.${signature}`, key, binding))).toBe(AuthErrorCode.ForgedPrincipal);
  });

  it("rejects a header older than a few seconds", async () => {
    const old = signPrincipal(principal, key, binding, Date.now() - 20_000);
    expect(await codeOf(() => verifyPrincipal(old, key, binding))).toBe(AuthErrorCode.StalePrincipal);
    const recent = signPrincipal(principal, key, binding, Date.now() - 5_000);
    expect(verifyPrincipal(recent, key, binding)).toEqual(principal);
  });
});
