import type { Gs1Charset } from "./ai-table";

function buildSet(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (const ch of chars) set[ch.charCodeAt(0)] = 1;
  return set;
}

const DIGITS = "0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";

/** The 82 characters of GS1 AI encodable character set 82, in code order. */
export const CSET82 = `!"%&'()*+,-./${DIGITS}:;<=>?${UPPER}_${LOWER}`;
/** GS1 AI encodable character set 39. */
export const CSET39 = `#-/${DIGITS}${UPPER}`;
/** GS1 AI encodable character set 64 (file-safe base64 plus `=`). */
export const CSET64 = `-${DIGITS}${UPPER}_${LOWER}=`;

const SETS: Record<Gs1Charset, Uint8Array> = {
  N: buildSet(DIGITS),
  X: buildSet(CSET82),
  Y: buildSet(CSET39),
  Z: buildSet(CSET64),
};

/** Index of the first character of `value` outside `charset`, or -1 when all are inside. */
export function firstInvalidCharacter(value: string, charset: Gs1Charset): number {
  const set = SETS[charset];
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128 || set[c] !== 1) return i;
  }
  return -1;
}

/** True when every character of `value` is in GS1 character set 82. */
export function isCset82(value: string): boolean {
  return firstInvalidCharacter(value, "X") === -1;
}

/** Describes a character for an error message (`'#'`, `space`, `U+001D (GS)`...). */
export function describeCharacter(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c === 0x20) return "a space";
  if (c === 0x1d) return "a GS separator (0x1D)";
  if (c < 0x20 || c === 0x7f) return `control character U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
  return `'${ch}'`;
}

/** Human name of a character set for error messages. */
export function charsetName(charset: Gs1Charset): string {
  switch (charset) {
    case "N":
      return "digits only";
    case "X":
      return "GS1 character set 82 (letters, digits and ! \" % & ' ( ) * + , - . / : ; < = > ? _)";
    case "Y":
      return "GS1 character set 39 (upper-case letters, digits, # - /)";
    case "Z":
      return "GS1 character set 64 (base64url)";
  }
}
