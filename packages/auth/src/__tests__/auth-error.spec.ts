import { SignJWT } from "jose";
import { AuthError, AuthErrorCode, isAuthError, verifyAccessToken, verifyPrincipal } from "..";

const settings = { secret: "a-test-secret-of-enough-length-1234" };

async function failure(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("isAuthError", () => {
  it("recognises what the verifications throw, with their kind and message unchanged", async () => {
    const expired = await new SignJWT({ roles: ["operator"] })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setIssuer("tracehub")
      .setAudience("tracehub")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(settings.secret));
    const error = await failure(() => verifyAccessToken(expired, settings));
    expect(isAuthError(error)).toBe(true);
    expect(isAuthError(error, AuthErrorCode.ExpiredToken)).toBe(true);
    expect(isAuthError(error, AuthErrorCode.InvalidToken, AuthErrorCode.InvalidClaims)).toBe(false);
    expect(error).toMatchObject({ name: "AuthError", code: "EXPIRED_TOKEN", message: "The access token has expired; request a new one." });

    const missing = await failure(() => verifyPrincipal(undefined, "key", "binding"));
    expect(isAuthError(missing, AuthErrorCode.MissingPrincipal)).toBe(true);
  });

  it("is not fooled by an error that only looks like one by name, code or message", () => {
    const lookalike = Object.assign(new Error("The access token has expired; request a new one."), { name: "AuthError", code: AuthErrorCode.ExpiredToken });
    expect(isAuthError(lookalike)).toBe(false);
    expect(isAuthError({ name: "AuthError", code: "INVALID_TOKEN", message: "x" })).toBe(false);
    expect(isAuthError(undefined)).toBe(false);
    expect(isAuthError("INVALID_TOKEN")).toBe(false);
  });

  it("recognises an AuthError from a second copy of the package, where instanceof fails", () => {
    let Other: typeof AuthError | undefined;
    jest.isolateModules(() => {
      Other = jest.requireActual<{ AuthError: typeof AuthError }>("../errors").AuthError;
    });
    const foreign = new (Other as typeof AuthError)(AuthErrorCode.StalePrincipal, "The principal header is too old.");
    expect(foreign instanceof AuthError).toBe(false);
    expect(isAuthError(foreign)).toBe(true);
    expect(isAuthError(foreign, AuthErrorCode.StalePrincipal)).toBe(true);
    expect(isAuthError(foreign, AuthErrorCode.ForgedPrincipal)).toBe(false);
  });

  it("keeps its brand out of enumeration (so equality and logging see the same fields as before)", () => {
    const error = new AuthError(AuthErrorCode.InvalidToken, "bad");
    expect(Object.getOwnPropertySymbols(error)).toHaveLength(1);
    expect(Object.getOwnPropertySymbols(error).every((s) => !Object.prototype.propertyIsEnumerable.call(error, s))).toBe(true);
  });
});
