import { createHash } from "node:crypto";
import { API_KEY_BYTES, formatApiKey, hashApiKey, isApiKeyActive, isApiKeyShaped, isLastUsedStale, keyPrefixOf } from "../apikey.rules";

describe("API keys", () => {
  const random = Buffer.alloc(API_KEY_BYTES, 0xfb);
  const key = formatApiKey(random);

  it("are thk_ and 32 random bytes in base64url (43 characters)", () => {
    expect(key).toBe(`thk_${random.toString("base64url")}`);
    expect(key).toHaveLength(47);
    expect(key).toMatch(/^thk_[A-Za-z0-9_-]+$/);
    expect(() => formatApiKey(Buffer.alloc(16))).toThrow("32 random bytes");
  });

  it("are recognised by shape before any look-up", () => {
    expect(isApiKeyShaped(key)).toBe(true);
    expect(isApiKeyShaped(key.slice(0, -1))).toBe(false);
    expect(isApiKeyShaped(`${key}x`)).toBe(false);
    expect(isApiKeyShaped(key.replace("thk_", "thx_"))).toBe(false);
    expect(isApiKeyShaped(`${key.slice(0, -1)}=`)).toBe(false);
    expect(isApiKeyShaped(42)).toBe(false);
    expect(isApiKeyShaped(undefined)).toBe(false);
  });

  it("are stored as the SHA-256 of the whole key in hex, and shown by 8 characters after thk_", () => {
    expect(hashApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashApiKey(key)).toBe(createHash("sha256").update(key).digest("hex"));
    expect(keyPrefixOf(key)).toBe(key.slice(4, 12));
    expect(keyPrefixOf(key)).toHaveLength(8);
  });

  it("record their last use at most once a minute", () => {
    const now = new Date("2026-03-01T12:00:00Z");
    expect(isLastUsedStale(null, now)).toBe(true);
    expect(isLastUsedStale(new Date("2026-03-01T11:59:00.001Z"), now)).toBe(false);
    expect(isLastUsedStale(new Date("2026-03-01T11:59:00Z"), now)).toBe(true);
  });

  it("work until revoked or expired", () => {
    const now = new Date("2026-03-01T12:00:00Z");
    expect(isApiKeyActive({ revokedAt: null, expiresAt: null }, now)).toBe(true);
    expect(isApiKeyActive({ revokedAt: null, expiresAt: new Date("2026-03-01T12:00:01Z") }, now)).toBe(true);
    expect(isApiKeyActive({ revokedAt: null, expiresAt: now }, now)).toBe(false);
    expect(isApiKeyActive({ revokedAt: new Date("2026-02-01T00:00:00Z"), expiresAt: null }, now)).toBe(false);
  });
});
