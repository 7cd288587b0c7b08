import { createHash } from "node:crypto";
import { type ApiKeyIdentity, isApiKeyScope } from "@tracehub/auth";
import { z } from "zod";
import { internalUrl, postInternal } from "./internal-call";

/** Settings of {@link ApiKeyDirectory}. */
export interface ApiKeyDirectoryOptions {
  /** The suppliers subgraph's GraphQL URL (its internal endpoints sit beside it). */
  suppliersUrl: string;
  principalKey: string;
  /**
   * How long an answer (a valid key, or "not valid") is used before the key is looked up again, in ms (default
   * 5,000): a revocation is effective within it.
   */
  ttlMs?: number;
  /** Most keys remembered of each answer, valid and not valid (default 10,000 each); the oldest go first. */
  maxEntries?: number;
  /** Time limit of one look-up (default 2 s). */
  timeoutMs?: number;
  /** Most look-ups under way at once (default 64); beyond it a new key is not looked up but answered "unavailable". */
  maxPending?: number;
}

/** The key could not be judged: suppliers is down, slow, or answered something else than the contract. */
export class ApiKeyLookupUnavailable extends Error {
  override readonly name = "ApiKeyLookupUnavailable";
}

/** Shape of a key that could be one: printable token characters, not absurdly long. Others are not looked up. */
const PLAUSIBLE_KEY = /^[A-Za-z0-9._~+/=-]{8,256}$/;

const identitySchema = z.object({
  id: z.string().min(1).max(200),
  organizationId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
  organizationKind: z.string().min(1).max(64),
  scopes: z.array(z.string()).max(32),
});

interface Entry {
  identity: ApiKeyIdentity | null;
  at: number;
}

/**
 * API keys as suppliers' `POST /internal/api-key` judges them, cached briefly: a valid key's identity, or null
 * for a key that is unknown, revoked or expired (suppliers answers all three alike, and so does this class). Keys
 * are remembered by their SHA-256 only. Valid and not-valid answers are kept apart, each bounded, so a flood of
 * made-up keys cannot push the valid ones out. One look-up per key at a time.
 */
export class ApiKeyDirectory {
  private readonly valid = new Map<string, Entry>();
  private readonly invalid = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<ApiKeyIdentity | null>>();
  private readonly url: string;
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: ApiKeyDirectoryOptions) {
    this.url = internalUrl(options.suppliersUrl, "api-key");
    this.ttlMs = options.ttlMs ?? 5_000;
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000);
  }

  /**
   * The identity of a valid key, or null for one that is not (unknown, revoked, expired or malformed). Throws
   * {@link ApiKeyLookupUnavailable} when it cannot tell. An answer older than `maxAgeMs` (default: the cache time)
   * is not used: live connections check their key with a shorter one.
   */
  resolve(key: string, maxAgeMs = this.ttlMs): Promise<ApiKeyIdentity | null> {
    if (!PLAUSIBLE_KEY.test(key)) return Promise.resolve(null);
    const hash = createHash("sha256").update(key).digest("base64url");
    const now = Date.now();
    for (const cache of [this.valid, this.invalid]) {
      const hit = cache.get(hash);
      if (hit && now - hit.at < Math.min(maxAgeMs, this.ttlMs)) return Promise.resolve(hit.identity);
      if (hit && now - hit.at >= this.ttlMs) cache.delete(hash);
    }
    let pending = this.pending.get(hash);
    if (!pending) {
      if (this.pending.size >= (this.options.maxPending ?? 64)) {
        return Promise.reject(new ApiKeyLookupUnavailable("too many API key look-ups under way"));
      }
      pending = this.lookUp(key)
        .then((identity) => {
          this.remember(hash, identity);
          return identity;
        })
        .finally(() => this.pending.delete(hash));
      this.pending.set(hash, pending);
    }
    return pending;
  }

  /** Forgets every answer. */
  clear(): void {
    this.valid.clear();
    this.invalid.clear();
  }

  /** Keys remembered now, valid and not valid. */
  get size(): { valid: number; invalid: number } {
    return { valid: this.valid.size, invalid: this.invalid.size };
  }

  private remember(hash: string, identity: ApiKeyIdentity | null): void {
    if (this.ttlMs <= 0) return;
    const cache = identity ? this.valid : this.invalid;
    cache.delete(hash);
    while (cache.size >= this.maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(hash, { identity, at: Date.now() });
  }

  private async lookUp(key: string): Promise<ApiKeyIdentity | null> {
    let response: Response;
    try {
      response = await postInternal(this.url, "api-key", { key }, this.options.principalKey, this.options.timeoutMs ?? 2_000);
    } catch (error) {
      throw new ApiKeyLookupUnavailable(`the API key look-up failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      // 401 here means the gateway and suppliers disagree on PRINCIPAL_SIGNING_KEY: a configuration fault, not the caller's.
      throw new ApiKeyLookupUnavailable(`suppliers answered ${response.status} to the API key look-up`);
    }
    const parsed = identitySchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new ApiKeyLookupUnavailable("suppliers answered the API key look-up with an unexpected body");
    return { ...parsed.data, scopes: parsed.data.scopes.filter(isApiKeyScope) };
  }
}
