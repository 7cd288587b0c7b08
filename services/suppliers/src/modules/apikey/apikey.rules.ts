import { createHash } from "node:crypto";

/** What every key starts with, so that a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = "thk_";

/** Random bytes in a key (256 bits). */
export const API_KEY_BYTES = 32;

/** How many characters after {@link API_KEY_PREFIX} are kept in clear to tell keys apart (not enough to guess one). */
export const KEY_PREFIX_LENGTH = 8;

/** How often a key's `lastUsedAt` is written at most: once a minute, not on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Longest key name, in characters. */
export const MAX_KEY_NAME_LENGTH = 200;

/** A key as it is issued: the prefix, then the random bytes in base64url (43 characters). */
const KEY_SHAPE = /^thk_[A-Za-z0-9_-]{43}$/;

/** The key made of these random bytes. */
export function formatApiKey(random: Uint8Array): string {
  if (random.length !== API_KEY_BYTES) throw new Error(`An API key is made of ${API_KEY_BYTES} random bytes; got ${random.length}.`);
  return API_KEY_PREFIX + Buffer.from(random).toString("base64url");
}

/** True when `value` has the shape of an issued key (so anything else is refused without a look-up). */
export function isApiKeyShaped(value: unknown): value is string {
  return typeof value === "string" && KEY_SHAPE.test(value);
}

/** What is stored of a key: the SHA-256 of the whole key, in hex. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** The non-secret part of a key shown to tell it apart: the first characters after {@link API_KEY_PREFIX}. */
export function keyPrefixOf(key: string): string {
  return key.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + KEY_PREFIX_LENGTH);
}

/** True when a key in use should have its `lastUsedAt` written now (never, or longer ago than the resolution). */
export function isLastUsedStale(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS;
}

/** True while a key may be used at `now`: not revoked and not expired. */
export function isApiKeyActive(key: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): boolean {
  return key.revokedAt === null && (key.expiresAt === null || key.expiresAt.getTime() > now.getTime());
}
