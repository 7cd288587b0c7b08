import type { Principal, PrincipalScope } from "@tracehub/auth";
import { internalUrl, postInternal } from "./internal-call";
import { logLine } from "@tracehub/subgraph-kit/log";

/** Settings of {@link ScopeDirectory}. */
export interface ScopeDirectoryOptions {
  /** The suppliers subgraph's GraphQL URL (its internal endpoints sit beside it). */
  suppliersUrl: string;
  principalKey: string;
  /** How long a looked-up scope is used before it is looked up again (default 5 s): grant changes take effect within it. */
  ttlMs?: number;
  /** How long a stale scope may stand in while suppliers does not answer (default 60 s). */
  staleMs?: number;
  /** Time limit of one look-up (default 2 s). */
  timeoutMs?: number;
}

interface Entry {
  scope: PrincipalScope;
  at: number;
}

/**
 * What each organization owns and was granted, looked up in the suppliers subgraph and cached briefly, to be
 * signed into its principals so that every subgraph can authorize writes against ownership without a call of its
 * own. One look-up per organization at a time; when suppliers does not answer, a recent stale scope stands in,
 * and otherwise the scope is `null` (subgraphs then refuse writes that need ownership, and reads go on).
 */
export class ScopeDirectory {
  private readonly cache = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<PrincipalScope | null>>();
  private readonly url: string;

  constructor(private readonly options: ScopeDirectoryOptions) {
    this.url = internalUrl(options.suppliersUrl, "scope");
  }

  /**
   * The principal with its organization's scope, when it has an organization and is not an operator; `maxAgeMs`
   * bounds the age of a cached answer (default: the cache time).
   */
  async withScope(principal: Principal, maxAgeMs?: number): Promise<Principal> {
    if (!principal.org || principal.anonymous || principal.roles.includes("operator")) return principal;
    return { ...principal, scope: await this.scopeOf(principal.org, maxAgeMs) };
  }

  /** The organization's scope (cached at most `maxAgeMs`, default the cache time), or null when it cannot be had. */
  scopeOf(org: string, maxAgeMs?: number): Promise<PrincipalScope | null> {
    const hit = this.cache.get(org);
    const now = Date.now();
    if (hit && now - hit.at < Math.min(maxAgeMs ?? Infinity, this.options.ttlMs ?? 5_000)) return Promise.resolve(hit.scope);
    let pending = this.pending.get(org);
    if (!pending) {
      pending = this.lookUp(org)
        .then((scope) => {
          this.cache.set(org, { scope, at: Date.now() });
          return scope;
        })
        .catch((error: unknown) => {
          const stale = this.cache.get(org);
          if (stale && Date.now() - stale.at < (this.options.staleMs ?? 60_000)) return stale.scope;
          logLine("error", `[gateway] organization scope look-up failed: ${error instanceof Error ? error.message : String(error)}`);
          return null;
        })
        .finally(() => this.pending.delete(org));
      this.pending.set(org, pending);
    }
    return pending;
  }

  /** Forgets every cached scope. */
  clear(): void {
    this.cache.clear();
  }

  private async lookUp(org: string): Promise<PrincipalScope> {
    const response = await postInternal(this.url, "scope", { org }, this.options.principalKey, this.options.timeoutMs ?? 2_000);
    if (!response.ok) throw new Error(`suppliers answered ${response.status} to the scope look-up`);
    return (await response.json()) as PrincipalScope;
  }
}
