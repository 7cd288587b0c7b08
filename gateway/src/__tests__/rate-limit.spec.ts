import { RateLimiter, TokenBuckets } from "../rate-limit";

describe("token buckets", () => {
  it("allows a burst, then one request per refilled token, and says how long to wait", () => {
    const buckets = new TokenBuckets({ perSecond: 2, burst: 3 });
    const t0 = 1_000_000;
    expect([buckets.take("a", t0), buckets.take("a", t0), buckets.take("a", t0)]).toEqual([0, 0, 0]);
    expect(buckets.take("a", t0)).toBe(1);
    // Half a second refills one token at 2 per second.
    expect(buckets.take("a", t0 + 500)).toBe(0);
    expect(buckets.take("a", t0 + 500)).toBe(1);
    // A long pause refills to the burst, not beyond.
    const later = t0 + 60_000;
    expect([0, 1, 2, 3].map(() => buckets.take("a", later))).toEqual([0, 0, 0, 1]);
    expect(buckets.take("b", later)).toBe(0);
  });

  it("rounds the wait up to whole seconds for slow refills", () => {
    const buckets = new TokenBuckets({ perSecond: 0.1, burst: 1 });
    expect(buckets.take("k", 0)).toBe(0);
    expect(buckets.take("k", 0)).toBe(10);
    expect(buckets.take("k", 9_000)).toBe(1);
    expect(buckets.take("k", 10_000)).toBe(0);
  });

  it("is off at a rate of 0", () => {
    const buckets = new TokenBuckets({ perSecond: 0, burst: 0 });
    expect(Array.from({ length: 1_000 }, () => buckets.take("k", 0)).every((w) => w === 0)).toBe(true);
  });

  it("charges the address first, then the principal or the anonymous bucket", () => {
    const limiter = new RateLimiter({ address: { perSecond: 1, burst: 4 }, anonymous: { perSecond: 1, burst: 1 }, principal: { perSecond: 1, burst: 2 } });
    expect(limiter.take("10.0.0.1", null, 0)).toBe(0);
    expect(limiter.take("10.0.0.1", null, 0)).toBeGreaterThan(0);
    // Alice's own bucket holds 2, apart from the anonymous one.
    expect(limiter.take("10.0.0.1", "alice", 0)).toBe(0);
    expect(limiter.take("10.0.0.1", "alice", 0)).toBe(0);
    // Four charges emptied the address bucket (refused requests are charged too): the next is refused whoever asks.
    expect(limiter.take("10.0.0.1", "bob", 0)).toBeGreaterThan(0);
    expect(limiter.take("10.0.0.2", "bob", 0)).toBe(0);
  });
});
