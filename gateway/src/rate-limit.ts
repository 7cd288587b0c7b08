/** A token bucket's refill rate and size. A rate of 0 (or Infinity) turns the limit off. */
export interface BucketSettings {
  /** Tokens added per second (sustained requests per second). */
  perSecond: number;
  /** Bucket size (the burst allowed after a quiet period). */
  burst: number;
}

/** The gateway's rate limits (RATE_LIMIT_* variables). */
export interface RateLimits {
  /** Every request and WebSocket connection, per client address. */
  address: BucketSettings;
  /** Anonymous (public) requests, per client address. */
  anonymous: BucketSettings;
  /** Authenticated requests, per principal (token subject, or API key). */
  principal: BucketSettings;
}

export const DEFAULT_RATE_LIMITS: Readonly<RateLimits> = Object.freeze({
  address: { perSecond: 100, burst: 200 },
  anonymous: { perSecond: 10, burst: 30 },
  principal: { perSecond: 50, burst: 100 },
});

/** No limits at all (tests that send many requests). */
export const UNLIMITED: Readonly<RateLimits> = Object.freeze({
  address: { perSecond: 0, burst: 0 },
  anonymous: { perSecond: 0, burst: 0 },
  principal: { perSecond: 0, burst: 0 },
});

/**
 * Token buckets by key, refilled lazily on each take. Buckets that have refilled completely carry no
 * information and are swept, so memory follows the number of recently active keys.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(private readonly settings: BucketSettings) {}

  get enabled(): boolean {
    return this.settings.perSecond > 0 && Number.isFinite(this.settings.perSecond);
  }

  /** Takes one token for `key`: 0 when allowed, else the seconds until one is available. */
  take(key: string, now = Date.now()): number {
    if (!this.enabled) return 0;
    const { perSecond, burst } = this.settings;
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
  }

  private sweep(now: number): void {
    const fullAfterMs = (this.settings.burst / this.settings.perSecond) * 1000;
    if (now - this.lastSweep < Math.max(fullAfterMs, 1_000)) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= fullAfterMs) this.buckets.delete(key);
  }
}

/** The three limiters the gateway applies. */
export class RateLimiter {
  private readonly address: TokenBuckets;
  private readonly anonymous: TokenBuckets;
  private readonly principal: TokenBuckets;

  constructor(limits: RateLimits) {
    this.address = new TokenBuckets(limits.address);
    this.anonymous = new TokenBuckets(limits.anonymous);
    this.principal = new TokenBuckets(limits.principal);
  }

  /**
   * Charges one request: to its address, and to its principal (`subject`) or, when anonymous, to its
   * address's public bucket. Returns 0 when allowed, else the seconds to wait (for `Retry-After`).
   */
  take(address: string, subject: string | null, now = Date.now()): number {
    return this.takeAddress(address, now) || this.takeSubject(address, subject, now);
  }

  /** The first half of {@link take}: charges the request to its address (before its credential is judged). */
  takeAddress(address: string, now = Date.now()): number {
    return this.address.take(address, now);
  }

  /**
   * The second half of {@link take}: charges the request to its principal (`subject`: a token's subject or
   * `apikey:<id>`) or, without a valid credential, to its address's public bucket.
   */
  takeSubject(address: string, subject: string | null, now = Date.now()): number {
    return subject === null ? this.anonymous.take(address, now) : this.principal.take(subject, now);
  }

  /** Charges a WebSocket connection attempt to its address. */
  takeConnection(address: string, now = Date.now()): number {
    return this.address.take(address, now);
  }
}
