import {
  ANONYMOUS,
  type ApiKeyIdentity,
  type ApiKeyScope,
  AuthErrorCode,
  type JwtSettings,
  type Principal,
  apiKeyPrincipal,
  credentialOf,
  isAuthError,
  verifyAccessTokenWithExpiry,
} from "@tracehub/auth";
import { ErrorCode } from "@tracehub/errors";
import type { OperationTypeNode } from "graphql";
import { type ApiKeyDirectory, ApiKeyLookupUnavailable } from "./api-keys";

/** What the gateway answers for every API key it does not accept: unknown, revoked and expired alike (no oracle). */
export const API_KEY_REFUSED = "The API key is not valid: unknown, revoked or expired.";

/** The outcome of reading a request's credential. */
export type Authentication =
  | { kind: "anonymous"; principal: Principal }
  | {
      kind: "authenticated";
      principal: Principal;
      /** When the credential stops being valid (a token's `exp`; Infinity for an API key, which is checked again instead). */
      expiresAt: number;
      /** The API key presented, when the credential is one (long-lived connections check it again). */
      apiKey?: string;
    }
  | {
      kind: "refused";
      /** 401 for a credential that is not valid, 503 when it could not be judged (retry). */
      status: 401 | 503;
      code: ErrorCode;
      message: string;
      extensions?: Record<string, unknown>;
    };

/** A refused credential. */
export type Refusal = Extract<Authentication, { kind: "refused" }>;

const isRefusal = (value: ApiKeyIdentity | Refusal): value is Refusal => "kind" in value;

/**
 * Reads `Authorization` values, `Bearer <token>` (HS256 tokens, and an identity provider's RS256/ES256 tokens
 * when configured) or `ApiKey <key>` (resolved by suppliers, cached briefly), into a principal. The same object
 * serves HTTP, the rate limiter and graphql-ws, so all three judge a credential the same way.
 */
export class Authenticator {
  constructor(
    private readonly jwt: JwtSettings,
    private readonly apiKeys: ApiKeyDirectory,
  ) {}

  async authenticate(authorization: unknown): Promise<Authentication> {
    if (authorization === undefined || authorization === null || authorization === "") return { kind: "anonymous", principal: ANONYMOUS };
    if (typeof authorization !== "string") return unauthenticated("The authorization must be a string: 'Bearer <token>' or 'ApiKey <key>'.");
    let credential: ReturnType<typeof credentialOf>;
    try {
      credential = credentialOf(authorization);
    } catch (error) {
      return unauthenticated(isAuthError(error) ? error.message : "The Authorization header is malformed.");
    }
    if (!credential) return { kind: "anonymous", principal: ANONYMOUS };
    if (credential.kind === "apiKey") {
      const check = await this.checkApiKey(credential.key);
      return isRefusal(check) ? check : { kind: "authenticated", principal: apiKeyPrincipal(check), expiresAt: Infinity, apiKey: credential.key };
    }
    try {
      const verified = await verifyAccessTokenWithExpiry(credential.token, this.jwt);
      return { kind: "authenticated", principal: verified.principal, expiresAt: verified.expiresAt };
    } catch (error) {
      if (isAuthError(error, AuthErrorCode.KeysUnavailable)) {
        console.error("[gateway] identity provider keys unavailable:", error.message);
        return { kind: "refused", status: 503, code: ErrorCode.Unavailable, message: error.message };
      }
      return unauthenticated(isAuthError(error) ? error.message : "The access token could not be verified.");
    }
  }

  /**
   * Whether an API key accepted earlier is still valid: "valid", "refused" (revoked or expired), or "unknown"
   * (cannot tell now), from an answer at most `maxAgeMs` old.
   */
  async recheckApiKey(key: string, maxAgeMs?: number): Promise<"valid" | "refused" | "unknown"> {
    const check = await this.checkApiKey(key, maxAgeMs);
    if (!isRefusal(check)) return "valid";
    return check.status === 401 ? "refused" : "unknown";
  }

  private async checkApiKey(key: string, maxAgeMs?: number): Promise<ApiKeyIdentity | Refusal> {
    try {
      return (await this.apiKeys.resolve(key, maxAgeMs)) ?? unauthenticated(API_KEY_REFUSED);
    } catch (error) {
      if (!(error instanceof ApiKeyLookupUnavailable)) throw error;
      console.error(`[gateway] ${error.message}`);
      return {
        kind: "refused",
        status: 503,
        code: ErrorCode.SubgraphUnavailable,
        message: "API keys cannot be checked now: the suppliers service is unavailable. Retry shortly.",
        extensions: { serviceName: "suppliers" },
      };
    }
  }
}

function unauthenticated(message: string): Refusal {
  return { kind: "refused", status: 401, code: ErrorCode.Unauthenticated, message };
}

/** The scope an operation of this type needs from an API key: mutations `CAPTURE`, queries and subscriptions `READ`. */
export function scopeNeeded(operation: OperationTypeNode | "query" | "mutation" | "subscription"): ApiKeyScope {
  return operation === "mutation" ? "CAPTURE" : "READ";
}

/**
 * Why an API-key principal may not run an operation of this type (the message names the missing scope), or null
 * when it may, or when the principal did not come from a key (tokens have no scopes; their roles decide).
 */
export function apiKeyScopeRefusal(principal: Principal, operation: OperationTypeNode | "query" | "mutation" | "subscription"): string | null {
  if (!principal.apiKeyScopes) return null;
  const needed = scopeNeeded(operation);
  if (principal.apiKeyScopes.includes(needed)) return null;
  const what = operation === "mutation" ? "mutations" : operation === "subscription" ? "subscriptions" : "queries";
  return `This API key lacks the ${needed} scope, which ${what} need; use a key created with ${needed}.`;
}
