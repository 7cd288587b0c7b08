import http from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import {
  AuthErrorCode,
  ORGANIZATION_KINDS,
  ORGANIZATION_KIND_ROLES,
  ROLES,
  type JwtSettings,
  apiKeyPrincipal,
  credentialOf,
  isAuthError,
  rolesOfOrganizationKind,
  signAccessToken,
  signPrincipal,
  verifyAccessToken,
  verifyPrincipal,
} from "..";

const ORG = "7d1f3a5e-2b4c-4d6e-8f00-112233445566";

async function codeOf(work: () => unknown): Promise<string | undefined> {
  try {
    await work();
  } catch (error) {
    return isAuthError(error) ? error.code : `not an AuthError: ${String(error)}`;
  }
  return undefined;
}

describe("the Authorization header", () => {
  it("reads a bearer token or an API key, the scheme in any case", () => {
    expect(credentialOf("Bearer abc.def.ghi")).toEqual({ kind: "token", token: "abc.def.ghi" });
    expect(credentialOf("bearer  abc ")).toEqual({ kind: "token", token: "abc" });
    expect(credentialOf("ApiKey thk_abc")).toEqual({ kind: "apiKey", key: "thk_abc" });
    expect(credentialOf("APIKEY thk_abc")).toEqual({ kind: "apiKey", key: "thk_abc" });
    expect(credentialOf(undefined)).toBeNull();
    expect(credentialOf("")).toBeNull();
  });

  it("refuses other schemes and malformed values, naming both forms and never the value", async () => {
    for (const header of ["Basic dXNlcjpwYXNz", "ApiKey", "ApiKey a b", "Bearer", "thk_abc", "Token x"]) {
      expect(await codeOf(() => credentialOf(header))).toBe(AuthErrorCode.InvalidToken);
    }
    try {
      credentialOf("Basic c2VjcmV0");
    } catch (error) {
      expect((error as Error).message).toBe("The Authorization header must be 'Bearer <token>' or 'ApiKey <key>'.");
    }
  });
});

describe("API key principals", () => {
  it("act as apikey:<id> of the key's organization, with the roles of its kind and the key's scopes", () => {
    expect(apiKeyPrincipal({ id: "k1", organizationId: ORG, organizationKind: "BRAND_OWNER", scopes: ["READ", "CAPTURE"] })).toEqual({
      sub: "apikey:k1",
      org: ORG,
      roles: ["brand_owner"],
      anonymous: false,
      apiKeyScopes: ["READ", "CAPTURE"],
    });
    expect(apiKeyPrincipal({ id: "k2", organizationId: ORG, organizationKind: "DISTRIBUTOR", scopes: ["READ", "READ", "DELETE" as never] })).toMatchObject({
      roles: ["logistics", "fulfilment"],
      apiKeyScopes: ["READ"],
    });
  });

  it("map every organization kind to known roles, never admin or compliance, and an unknown kind to none", () => {
    for (const kind of ORGANIZATION_KINDS) {
      const roles = rolesOfOrganizationKind(kind);
      expect(roles.length).toBeGreaterThan(0);
      expect(roles.every((r) => (ROLES as readonly string[]).includes(r))).toBe(true);
      expect(roles).not.toContain("admin");
      expect(roles).not.toContain("compliance");
    }
    expect(ORGANIZATION_KIND_ROLES.RETAILER).toEqual(["fulfilment"]);
    expect(rolesOfOrganizationKind("SPACE_AGENCY")).toEqual([]);
    expect(apiKeyPrincipal({ id: "k", organizationId: ORG, organizationKind: "SPACE_AGENCY", scopes: ["READ"] }).roles).toEqual([]);
  });

  it("carry their scopes to subgraphs in the signed principal header, and a forged scope list is refused", async () => {
    const principal = apiKeyPrincipal({ id: "k1", organizationId: ORG, organizationKind: "RETAILER", scopes: ["READ"] });
    const header = signPrincipal(principal, "hmac-key", "b");
    expect(verifyPrincipal(header, "hmac-key", "b")).toEqual(principal);
    const token = { sub: "u1", org: ORG, roles: ["operator" as const], anonymous: false };
    expect(verifyPrincipal(signPrincipal(token, "hmac-key", "b"), "hmac-key", "b")).not.toHaveProperty("apiKeyScopes");
    const forged = signPrincipal({ ...principal, apiKeyScopes: ["EVERYTHING" as never] }, "hmac-key", "b");
    expect(await codeOf(() => verifyPrincipal(forged, "hmac-key", "b"))).toBe(AuthErrorCode.ForgedPrincipal);
  });

  it("carry the country the gateway placed an anonymous request in, and nothing that is not a country code", async () => {
    const placed = { sub: null, org: null, roles: [], anonymous: true, country: "DE" };
    expect(verifyPrincipal(signPrincipal(placed, "hmac-key", "b"), "hmac-key", "b")).toEqual(placed);
    for (const country of ["de", "DEU", "81.2.69.160", 49]) {
      expect(await codeOf(() => verifyPrincipal(signPrincipal({ ...placed, country: country as never }, "hmac-key", "b"), "hmac-key", "b"))).toBe(AuthErrorCode.ForgedPrincipal);
    }
  });
});

describe("tokens of an identity provider (JWKS)", () => {
  let server: http.Server;
  let served: object[] = [];
  let settings: JwtSettings;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  const now = () => Math.floor(Date.now() / 1000);
  const provider = (claims: Record<string, unknown>, kid = "rsa-1") =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid })
      .setSubject("idp|42")
      .setIssuer("https://idp.example/")
      .setAudience("hub")
      .setIssuedAt()
      .setExpirationTime(now() + 300);

  beforeAll(async () => {
    rsa = await generateKeyPair("RS256", { extractable: true });
    served = [{ ...(await exportJWK(rsa.publicKey)), kid: "rsa-1", alg: "RS256" }];
    server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: served })));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    settings = {
      secret: "a-test-secret-of-enough-length-1234",
      issuer: "https://idp.example/",
      audience: "hub",
      jwks: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`, orgClaim: "https://tracehub.example/org", rolesClaim: "app.roles", cooldownMs: 0 },
    };
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("maps the configured claims: organization by name, roles by dotted path, roles the hub does not know dropped", async () => {
    const token = await provider({ "https://tracehub.example/org": ORG, app: { roles: ["brand_owner", "billing_viewer", "admin"] } }).sign(rsa.privateKey);
    await expect(verifyAccessToken(token, settings)).resolves.toEqual({ sub: "idp|42", org: ORG, roles: ["brand_owner", "admin"], anonymous: false });
  });

  it("reads a space-separated roles claim, and no roles claim as no roles", async () => {
    const spaced = await provider({ app: { roles: "logistics unknown fulfilment" } }).sign(rsa.privateKey);
    await expect(verifyAccessToken(spaced, settings)).resolves.toMatchObject({ org: null, roles: ["logistics", "fulfilment"] });
    await expect(verifyAccessToken(await provider({}).sign(rsa.privateKey), settings)).resolves.toMatchObject({ roles: [] });
  });

  it("refuses an organization claim that is not a hub organization id", async () => {
    const token = await provider({ "https://tracehub.example/org": "acme-corp" }).sign(rsa.privateKey);
    expect(await codeOf(() => verifyAccessToken(token, settings))).toBe(AuthErrorCode.InvalidClaims);
  });

  it("keeps the hub's own HS256 tokens working beside the provider's, and refuses them without a secret", async () => {
    const own = await signAccessToken({ sub: "dev", roles: ["operator"] }, settings);
    await expect(verifyAccessToken(own, settings)).resolves.toMatchObject({ sub: "dev" });
    expect(await codeOf(() => verifyAccessToken(own, { ...settings, secret: undefined }))).toBe(AuthErrorCode.InvalidToken);
    await expect(signAccessToken({ sub: "dev", roles: [] }, { jwks: settings.jwks! })).rejects.toThrow(/secret/);
  });

  it("refuses a provider token when no provider is configured", async () => {
    const token = await provider({}).sign(rsa.privateKey);
    expect(await codeOf(() => verifyAccessToken(token, { secret: "a-test-secret-of-enough-length-1234" }))).toBe(AuthErrorCode.InvalidToken);
  });

  it("says the keys are unavailable, not that the token is bad, when the key set cannot be fetched", async () => {
    const token = await provider({}, "rsa-1").sign(rsa.privateKey);
    const down = { ...settings, jwks: { ...settings.jwks!, url: "http://127.0.0.1:9/jwks", timeoutMs: 500 } };
    expect(await codeOf(() => verifyAccessToken(token, down))).toBe(AuthErrorCode.KeysUnavailable);
  });
});
