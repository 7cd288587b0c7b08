import type { JwtSettings } from "@tracehub/auth";
import { z } from "zod";
import type { GatewayOptions } from "./gateway";

/** Development defaults: public, so refused in production. */
export const DEV_JWT_SECRET = "tracehub-dev-jwt-secret-do-not-use-in-production";
export const DEV_PRINCIPAL_KEY = "tracehub-dev-principal-key-do-not-use-in-production";

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("127.0.0.1"),
  JWT_SECRET: z.string().min(16, "JWT_SECRET must be at least 16 characters").default(DEV_JWT_SECRET),
  /** Expected iss and aud of every access token, the hub's HS256 ones and an identity provider's alike. */
  JWT_ISSUER: z.string().min(1).default("tracehub"),
  JWT_AUDIENCE: z.string().min(1).default("tracehub"),
  /** An identity provider's JSON Web Key Set: its RS256/ES256 tokens are accepted besides HS256 ones (unset: none). */
  JWKS_URL: z.string().url().optional(),
  /** The claims of a provider's token that hold the organization id (a UUID) and the roles (unknown roles dropped); a dotted path reaches a nested claim. */
  JWT_ORG_CLAIM: z.string().min(1).default("org"),
  JWT_ROLES_CLAIM: z.string().min(1).default("roles"),
  /** Algorithms accepted from the provider, comma-separated (asymmetric only). */
  JWKS_ALGORITHMS: z
    .string()
    .default("RS256,ES256")
    .transform((v) => v.split(",").map((a) => a.trim()).filter(Boolean))
    .refine((algs) => algs.length > 0 && algs.every((a) => /^(RS|PS|ES)(256|384|512)$|^EdDSA$/.test(a)), "JWKS_ALGORITHMS must list asymmetric algorithms (RS256, ES256, ...)"),
  /** How long the provider's keys are used before they are fetched again, and the least time between two fetches (an unknown kid), in seconds. */
  JWKS_CACHE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  JWKS_COOLDOWN_SECONDS: z.coerce.number().min(0).max(3_600).default(30),
  /** Longest accepted token lifetime (exp - iat), in seconds. */
  JWT_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(60).default(86_400),
  /** Clock skew tolerated on a token's iat, nbf and exp, in seconds. */
  JWT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  /** How long an organization's company prefixes, grants and locations, and a person's membership, are cached before they are looked up again, in seconds. */
  SCOPE_CACHE_SECONDS: z.coerce.number().min(0).max(300).default(5),
  /** How long an API key's look-up (valid or not) is reused, in seconds: a revoked key is refused within it (at most 5). */
  API_KEY_CACHE_SECONDS: z.coerce.number().min(0).max(5).default(5),
  PRINCIPAL_SIGNING_KEY: z.string().min(16, "PRINCIPAL_SIGNING_KEY must be at least 16 characters").default(DEV_PRINCIPAL_KEY),
  UNITS_URL: z.string().url().default("http://127.0.0.1:4001/graphql"),
  ORDERS_URL: z.string().url().default("http://127.0.0.1:4002/graphql"),
  SUPPLIERS_URL: z.string().url().default("http://127.0.0.1:4003/graphql"),
  COMPLIANCE_URL: z.string().url().default("http://127.0.0.1:4004/graphql"),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(100).default(15),
  MAX_QUERY_FIELDS: z.coerce.number().int().min(10).max(100_000).default(2_000),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(8 * 1024 * 1024),
  /** Aliased fields per operation (__typename free), fragments counted per spread. */
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).max(10_000).default(30),
  /** Top-level fields per operation. */
  MAX_QUERY_ROOT_FIELDS: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Lexical tokens per document (checked while parsing). */
  MAX_QUERY_TOKENS: z.coerce.number().int().min(100).max(10_000_000).default(20_000),
  /** Estimated cost per operation (see FIELD_COSTS and connections by `first` in limits.ts). */
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(50_000),
  /** Items per list in arguments and variables (commissioning serials have their own allowance). */
  MAX_LIST_LENGTH: z.coerce.number().int().min(1).default(1_000),
  /** Longest wait for one subgraph answer to a query fetch. */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(1).default(2_000),
  /** Longest wait for one subgraph answer to a mutation fetch. */
  SUBGRAPH_MUTATION_TIMEOUT_MS: z.coerce.number().int().min(1).default(60_000),
  /** Consecutive failures that open a subgraph's circuit breaker. */
  SUBGRAPH_BREAKER_FAILURES: z.coerce.number().int().min(1).default(3),
  /** How long an open circuit fails fast before one probe. */
  SUBGRAPH_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(1).default(10_000),
  /** Largest graphql-ws message once connection_init is accepted. */
  WS_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  /** Largest graphql-ws message before connection_init is accepted. */
  WS_MAX_PREAUTH_PAYLOAD_BYTES: z.coerce.number().int().min(256).default(64 * 1024),
  /** Time a new graphql-ws socket has to send connection_init. */
  WS_CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().min(1).default(3_000),
  /** Sockets per client address that have not authenticated yet. */
  WS_MAX_UNAUTHENTICATED_PER_ADDRESS: z.coerce.number().int().min(1).default(10),
  /** Token bucket per client address, every request and WebSocket connection (0 = off). */
  RATE_LIMIT_ADDRESS_PER_SECOND: z.coerce.number().min(0).default(100),
  RATE_LIMIT_ADDRESS_BURST: z.coerce.number().int().min(1).default(200),
  /** Token bucket per client address for requests without a valid token (0 = off). */
  RATE_LIMIT_ANONYMOUS_PER_SECOND: z.coerce.number().min(0).default(10),
  RATE_LIMIT_ANONYMOUS_BURST: z.coerce.number().int().min(1).default(30),
  /** Token bucket per token subject (0 = off). */
  RATE_LIMIT_PRINCIPAL_PER_SECOND: z.coerce.number().min(0).default(50),
  RATE_LIMIT_PRINCIPAL_BURST: z.coerce.number().int().min(1).default(100),
  /** express `trust proxy`: false, true, a hop count, or addresses/subnets (e.g. loopback). */
  TRUST_PROXY: z.string().default("false"),
  /** Place callers in a country from their address (offline IP database) for the public check's log: on or off. */
  GEOIP: z.enum(["on", "off"]).default("on"),
  /** When set, `/metrics` answers only `Authorization: Bearer <METRICS_TOKEN>`; in production, without it `/metrics` is off. */
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  /** On SIGTERM/SIGINT, how long in-flight requests may finish and subscribers acknowledge the close. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
});

/** Every environment variable the gateway reads. */
export const GATEWAY_ENV_KEYS = Object.keys(schema.shape);

/** The gateway's settings. */
export type GatewayEnv = z.infer<typeof schema>;

/** Parses the gateway's settings once, reporting every problem at once. */
export function loadGatewayEnv(source: Record<string, string | undefined> = process.env): GatewayEnv {
  const result = schema.safeParse(source);
  const problems = result.success ? [] : result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  if (result.success && result.data.NODE_ENV === "production") {
    // With an identity provider, HS256 tokens are optional: the development secret then turns them off instead.
    if (result.data.JWT_SECRET === DEV_JWT_SECRET && !result.data.JWKS_URL) {
      problems.push("  JWT_SECRET: must be set in production (the development default is public), unless JWKS_URL is.");
    }
    if (result.data.JWKS_URL && !result.data.JWKS_URL.startsWith("https://")) problems.push("  JWKS_URL: must be https in production.");
    if (result.data.PRINCIPAL_SIGNING_KEY === DEV_PRINCIPAL_KEY) problems.push("  PRINCIPAL_SIGNING_KEY: must be set in production.");
  }
  if (problems.length || !result.success) throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
  return result.data;
}

/**
 * Access-token verification from the environment: HS256 with JWT_SECRET (left out in production when it is the
 * public development secret, so that only the identity provider's tokens count), and the provider at JWKS_URL.
 */
export function jwtSettingsFromEnv(env: GatewayEnv): JwtSettings {
  const hs256 = !(env.NODE_ENV === "production" && env.JWT_SECRET === DEV_JWT_SECRET);
  return {
    ...(hs256 ? { secret: env.JWT_SECRET } : {}),
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    maxLifetimeSeconds: env.JWT_MAX_LIFETIME_SECONDS,
    clockSkewSeconds: env.JWT_CLOCK_SKEW_SECONDS,
    ...(env.JWKS_URL
      ? {
          jwks: {
            url: env.JWKS_URL,
            orgClaim: env.JWT_ORG_CLAIM,
            rolesClaim: env.JWT_ROLES_CLAIM,
            algorithms: env.JWKS_ALGORITHMS,
            cacheMaxAgeMs: env.JWKS_CACHE_SECONDS * 1000,
            cooldownMs: env.JWKS_COOLDOWN_SECONDS * 1000,
          },
        }
      : {}),
  };
}

/** The hardening settings of {@link GatewayOptions} (limits, timeouts, rate limits, WebSocket bounds) from the environment. */
export function gatewayLimitsFromEnv(env: GatewayEnv): Pick<GatewayOptions, "limits" | "subgraphs" | "rateLimits" | "websocket" | "trustProxy" | "geoIp" | "metrics" | "shutdownGraceMs"> {
  return {
    limits: {
      maxDepth: env.MAX_QUERY_DEPTH,
      maxFields: env.MAX_QUERY_FIELDS,
      maxAliases: env.MAX_QUERY_ALIASES,
      maxRootFields: env.MAX_QUERY_ROOT_FIELDS,
      maxTokens: env.MAX_QUERY_TOKENS,
      maxCost: env.MAX_QUERY_COST,
      maxListLength: env.MAX_LIST_LENGTH,
    },
    subgraphs: { timeoutMs: env.SUBGRAPH_TIMEOUT_MS, mutationTimeoutMs: env.SUBGRAPH_MUTATION_TIMEOUT_MS, breakerFailures: env.SUBGRAPH_BREAKER_FAILURES, breakerCooldownMs: env.SUBGRAPH_BREAKER_COOLDOWN_MS },
    rateLimits: {
      address: { perSecond: env.RATE_LIMIT_ADDRESS_PER_SECOND, burst: env.RATE_LIMIT_ADDRESS_BURST },
      anonymous: { perSecond: env.RATE_LIMIT_ANONYMOUS_PER_SECOND, burst: env.RATE_LIMIT_ANONYMOUS_BURST },
      principal: { perSecond: env.RATE_LIMIT_PRINCIPAL_PER_SECOND, burst: env.RATE_LIMIT_PRINCIPAL_BURST },
    },
    websocket: {
      maxPayloadBytes: env.WS_MAX_PAYLOAD_BYTES,
      maxPreAuthPayloadBytes: env.WS_MAX_PREAUTH_PAYLOAD_BYTES,
      connectionInitTimeoutMs: env.WS_CONNECTION_INIT_TIMEOUT_MS,
      maxUnauthenticatedPerAddress: env.WS_MAX_UNAUTHENTICATED_PER_ADDRESS,
    },
    trustProxy: env.TRUST_PROXY,
    geoIp: env.GEOIP === "on",
    metrics: env.METRICS_TOKEN ? { token: env.METRICS_TOKEN } : env.NODE_ENV === "production" ? false : { token: null },
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
  };
}
