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
import { type MemberDirectory, MembershipUnavailable, memberPrincipal, needsMembership } from "./members";
import { logLine } from "@tracehub/subgraph-kit/log";

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
      /** The principal the token itself says, when the organization's members decided `principal` (long-lived connections check it again). */
      token?: Principal;
    }
  | {
      kind: "refused";
      /** 401 for a credential that is not valid, 403 for a person who is not a member, 503 when it could not be judged (retry). */
      status: 401 | 403 | 503;
      code: ErrorCode;
      message: string;
      extensions?: Record<string, unknown>;
    };

/** A refused credential. */
export type Refusal = Extract<Authentication, { kind: "refused" }>;

const isRefusal = <T extends object>(value: T | Refusal): value is Refusal => "kind" in value && (value as Refusal).kind === "refused";

/**
 * Reads `Authorization` values, `Bearer <token>` (HS256 tokens, and an identity provider's RS256/ES256 tokens
 * when configured) or `ApiKey <key>` (resolved by suppliers, cached briefly), into a principal. The same object
 * serves HTTP, the rate limiter and graphql-ws, so all three judge a credential the same way.
 */
export class Authenticator {
  constructor(
    private readonly jwt: JwtSettings,
    private readonly apiKeys: ApiKeyDirectory,
    /** The organizations' members (suppliers); without it tokens' roles stand as they are. */
    private readonly members?: MemberDirectory,
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
      const member = await this.asMember(verified.principal);
      if (isRefusal(member)) return member;
      return { kind: "authenticated", principal: member, expiresAt: verified.expiresAt, ...(member !== verified.principal ? { token: verified.principal } : {}) };
    } catch (error) {
      if (isAuthError(error, AuthErrorCode.KeysUnavailable)) {
        logLine("error", `[gateway] identity provider keys unavailable: ${error.message}`);
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

  /**
   * Whether a token accepted earlier still stands for `current`, from a membership answer at most `maxAgeMs` old:
   * "valid", "refused" (no longer a member), "changed" (its roles changed), or "unknown" (cannot tell now).
   */
  async recheckMember(token: Principal, current: Principal, maxAgeMs?: number): Promise<"valid" | "refused" | "changed" | "unknown"> {
    const member = await this.asMember(token, maxAgeMs);
    if (isRefusal(member)) return member.status === 503 ? "unknown" : "refused";
    const same = member.roles.length === current.roles.length && member.roles.every((r) => current.roles.includes(r));
    return same ? "valid" : "changed";
  }

  /** The principal a verified token stands for in its organization, or the refusal (not a member, or cannot tell). */
  private async asMember(token: Principal, maxAgeMs?: number): Promise<Principal | Refusal> {
    if (!this.members || !needsMembership(token)) return token;
    try {
      const principal = memberPrincipal(token, await this.members.membershipOf(token.org, token.sub, maxAgeMs));
      return (
        principal ?? {
          kind: "refused",
          status: 403,
          code: ErrorCode.Forbidden,
          message: `You are not a member of organization ${token.org}: its admins have not added you, or removed you.`,
        }
      );
    } catch (error) {
      if (!(error instanceof MembershipUnavailable)) throw error;
      logLine("error", `[gateway] ${error.message}`);
      return {
        kind: "refused",
        status: 503,
        code: ErrorCode.SubgraphUnavailable,
        message: "Your organization's membership cannot be checked now: the suppliers service is unavailable. Retry shortly.",
        extensions: { serviceName: "suppliers" },
      };
    }
  }

  private async checkApiKey(key: string, maxAgeMs?: number): Promise<ApiKeyIdentity | Refusal> {
    try {
      return (await this.apiKeys.resolve(key, maxAgeMs)) ?? unauthenticated(API_KEY_REFUSED);
    } catch (error) {
      if (!(error instanceof ApiKeyLookupUnavailable)) throw error;
      logLine("error", `[gateway] ${error.message}`);
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
