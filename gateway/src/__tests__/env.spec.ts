import { DEV_JWT_SECRET, jwtSettingsFromEnv, loadGatewayEnv } from "@tracehub/gateway";

// The gateway's credential settings (issue 10): an identity provider beside, or instead of, HS256 tokens.
describe("credential settings from the environment", () => {
  const PRODUCTION = { NODE_ENV: "production", PRINCIPAL_SIGNING_KEY: "a-principal-key-for-production-use" };

  it("takes HS256 tokens only, by default", () => {
    const jwt = jwtSettingsFromEnv(loadGatewayEnv({}));
    expect(jwt).toEqual({ secret: DEV_JWT_SECRET, issuer: "tracehub", audience: "tracehub", maxLifetimeSeconds: 86_400, clockSkewSeconds: 60 });
  });

  it("adds the identity provider of JWKS_URL with its claims, algorithms and key cache", () => {
    const env = loadGatewayEnv({
      JWKS_URL: "https://idp.example/.well-known/jwks.json",
      JWT_ISSUER: "https://idp.example/",
      JWT_AUDIENCE: "tracehub-api",
      JWT_ORG_CLAIM: "https://tracehub.example/org",
      JWT_ROLES_CLAIM: "realm_access.roles",
      JWKS_ALGORITHMS: "ES256",
      JWKS_COOLDOWN_SECONDS: "10",
    });
    expect(jwtSettingsFromEnv(env)).toMatchObject({
      secret: DEV_JWT_SECRET,
      issuer: "https://idp.example/",
      audience: "tracehub-api",
      jwks: {
        url: "https://idp.example/.well-known/jwks.json",
        orgClaim: "https://tracehub.example/org",
        rolesClaim: "realm_access.roles",
        algorithms: ["ES256"],
        cacheMaxAgeMs: 600_000,
        cooldownMs: 10_000,
      },
    });
  });

  it("in production, takes the identity provider's tokens only when JWT_SECRET is left at the public development value", () => {
    const jwt = jwtSettingsFromEnv(loadGatewayEnv({ ...PRODUCTION, JWKS_URL: "https://idp.example/jwks" }));
    expect(jwt.secret).toBeUndefined();
    expect(jwt.jwks?.url).toBe("https://idp.example/jwks");
    expect(jwtSettingsFromEnv(loadGatewayEnv({ ...PRODUCTION, JWKS_URL: "https://idp.example/jwks", JWT_SECRET: "a-real-secret-of-enough-length" })).secret).toBe(
      "a-real-secret-of-enough-length",
    );
  });

  it("refuses settings that would weaken the check", () => {
    expect(() => loadGatewayEnv(PRODUCTION)).toThrow(/JWT_SECRET: must be set in production/);
    expect(() => loadGatewayEnv({ ...PRODUCTION, JWKS_URL: "http://idp.example/jwks" })).toThrow(/JWKS_URL: must be https in production/);
    expect(() => loadGatewayEnv({ JWKS_ALGORITHMS: "HS256" })).toThrow(/JWKS_ALGORITHMS/);
    expect(() => loadGatewayEnv({ JWKS_ALGORITHMS: "RS256,none" })).toThrow(/JWKS_ALGORITHMS/);
    expect(() => loadGatewayEnv({ API_KEY_CACHE_SECONDS: "60" })).toThrow(/API_KEY_CACHE_SECONDS/);
    expect(loadGatewayEnv({}).API_KEY_CACHE_SECONDS).toBe(5);
  });
});
