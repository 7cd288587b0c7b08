import { PRINCIPAL_HEADER, type Principal, type PrincipalScope, internalBinding, signPrincipal } from "@tracehub/auth";

/** Who units is when it asks suppliers. */
const UNITS_CALLER: Principal = Object.freeze({ sub: "units", org: null, roles: ["operator"], anonymous: false }) as Principal;

/**
 * What an organization owns and was granted, asked of suppliers (`POST /internal/scope`, the look-up the gateway
 * signs into principals), cached briefly: a webhook sees what its organization may see now, not what it could see
 * when it was registered. A failed look-up throws, so that the producer waits rather than deciding without it.
 */
export class ScopeClient {
  private readonly cache = new Map<string, { scope: PrincipalScope; at: number }>();
  private readonly url: string;

  constructor(
    suppliersUrl: string,
    private readonly principalKey: string,
    private readonly ttlMs = 5_000,
    private readonly timeoutMs = 5_000,
  ) {
    this.url = `${suppliersUrl.replace(/\/graphql\/?$/, "")}/internal/scope`;
  }

  async scopeOf(org: string): Promise<PrincipalScope> {
    const hit = this.cache.get(org);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.scope;
    const body = { org };
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json", [PRINCIPAL_HEADER]: signPrincipal(UNITS_CALLER, this.principalKey, internalBinding("scope", body)) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`suppliers answered ${response.status} to the scope look-up of ${org}`);
    const scope = (await response.json()) as PrincipalScope;
    this.cache.set(org, { scope, at: Date.now() });
    return scope;
  }
}
