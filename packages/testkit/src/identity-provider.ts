import http from "node:http";
import type { AddressInfo } from "node:net";
import { type JWK, type KeyLike, SignJWT, exportJWK, generateKeyPair } from "jose";

/** A signing key of a test identity provider. */
export interface ProviderKey {
  kid: string;
  alg: "RS256" | "ES256";
  privateKey: KeyLike;
  /** The public half as the key set publishes it. */
  jwk: JWK;
}

/** What a test token carries; every field may be left out or overridden to build a bad token. */
export interface ProviderTokenOptions {
  sub?: string;
  /** Extra claims (e.g. `{ org, roles }`, or the provider's own claim names). */
  claims?: Record<string, unknown>;
  issuer?: string;
  audience?: string;
  /** Seconds from now (negative: already expired); default 600. `null`: no `exp`. */
  expiresIn?: number | null;
  /** Sign with this key (default: the newest published one). */
  key?: ProviderKey;
  /** The `kid` header (default: the key's own). */
  kid?: string;
}

/** An identity provider for tests: a JSON Web Key Set on loopback and tokens signed with its keys. */
export interface TestIdentityProvider {
  /** The key set's URL (the gateway's JWKS_URL). */
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** The published keys, oldest first. */
  keys(): ProviderKey[];
  /** How many times the key set was fetched. */
  fetches(): number;
  /** Makes a new key and publishes it beside the others (key rotation, first half). */
  addKey(alg?: "RS256" | "ES256"): Promise<ProviderKey>;
  /** Stops publishing a key (key rotation, second half). */
  removeKey(kid: string): void;
  /** Makes the key set answer with this HTTP status (e.g. 503), or normally again with null. */
  failWith(status: number | null): void;
  /** Signs a token. */
  token(options?: ProviderTokenOptions): Promise<string>;
  stop(): Promise<void>;
}

let keyCounter = 0;

/** A fresh key pair of `alg` with a unique `kid`. */
export async function providerKey(alg: "RS256" | "ES256" = "RS256"): Promise<ProviderKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `test-${alg.toLowerCase()}-${process.pid}-${++keyCounter}`;
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

/**
 * Starts a test identity provider on loopback with one RS256 key (`addKey` adds more, e.g. ES256), issuer
 * `https://idp.test/` and audience `tracehub-api` unless given.
 */
export async function startIdentityProvider(options: { issuer?: string; audience?: string } = {}): Promise<TestIdentityProvider> {
  const published: ProviderKey[] = [await providerKey("RS256")];
  let fetches = 0;
  let failure: number | null = null;
  const server = http.createServer((req, res) => {
    fetches++;
    if (failure !== null) {
      res.writeHead(failure).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: published.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = options.issuer ?? "https://idp.test/";
  const audience = options.audience ?? "tracehub-api";
  return {
    jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    issuer,
    audience,
    keys: () => [...published],
    fetches: () => fetches,
    addKey: async (alg = "RS256") => {
      const key = await providerKey(alg);
      published.push(key);
      return key;
    },
    removeKey: (kid) => {
      const at = published.findIndex((k) => k.kid === kid);
      if (at >= 0) published.splice(at, 1);
    },
    failWith: (status) => {
      failure = status;
    },
    token: async (t = {}) => {
      const key = t.key ?? published[published.length - 1];
      if (!key) throw new Error("the identity provider publishes no key");
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT({ ...t.claims })
        .setProtectedHeader({ alg: key.alg, kid: t.kid ?? key.kid, typ: "JWT" })
        .setSubject(t.sub ?? "idp-user")
        .setIssuer(t.issuer ?? issuer)
        .setAudience(t.audience ?? audience)
        .setIssuedAt(now);
      if (t.expiresIn !== null) jwt.setExpirationTime(now + (t.expiresIn ?? 600));
      return jwt.sign(key.privateKey);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
