import { SignJWT } from "jose";
import {
  ANONYMOUS,
  AuthErrorCode,
  bearerToken,
  signAccessToken,
  signPrincipal,
  verifyAccessToken,
  verifyPrincipal,
} from "..";

const settings = { secret: "a-test-secret-of-enough-length-1234" };

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
    const token = await signAccessToken({ sub: "u1", org: "org-1", roles: ["operator", "compliance"] }, settings);
    await expect(verifyAccessToken(token, settings)).resolves.toEqual({
      sub: "u1",
      org: "org-1",
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

  it("verifies what it signed", () => {
    expect(verifyPrincipal(signPrincipal(principal, key), key)).toEqual(principal);
    expect(verifyPrincipal(signPrincipal(ANONYMOUS, key), key)).toEqual(ANONYMOUS);
  });

  it("rejects a missing header", async () => {
    expect(await codeOf(() => verifyPrincipal(undefined, key))).toBe(AuthErrorCode.MissingPrincipal);
  });

  it("rejects a header signed with another key", async () => {
    expect(await codeOf(() => verifyPrincipal(signPrincipal(principal, "other"), key))).toBe(AuthErrorCode.ForgedPrincipal);
  });

  it("rejects a header whose payload was altered to add a role", async () => {
    const [, signature] = signPrincipal({ ...principal, roles: [] }, key).split(".");
    const forged = Buffer.from(JSON.stringify({ ...principal, iat: Math.floor(Date.now() / 1000) })).toString("base64url");
    expect(await codeOf(() => verifyPrincipal(`${forged}.${signature}`, key))).toBe(AuthErrorCode.ForgedPrincipal);
  });

  it("rejects a stale header", async () => {
    const old = signPrincipal(principal, key, Date.now() - 3_600_000);
    expect(await codeOf(() => verifyPrincipal(old, key))).toBe(AuthErrorCode.StalePrincipal);
  });
});
