import type { Gs1Code } from "./code";

/** Shortest and longest GS1 Company Prefix (GS1 General Specifications §1.4.3). */
export const COMPANY_PREFIX_MIN_LENGTH = 4;
export const COMPANY_PREFIX_MAX_LENGTH = 12;

/** True when `prefix` has the shape of a GS1 Company Prefix: 4 to 12 digits. */
export function isCompanyPrefix(prefix: string): boolean {
  return typeof prefix === "string" && prefix.length >= COMPANY_PREFIX_MIN_LENGTH && prefix.length <= COMPANY_PREFIX_MAX_LENGTH && /^\d+$/.test(prefix);
}

/**
 * The digits of a GS1 key that begin with the key's GS1 Company Prefix: after the indicator digit of a GTIN-14
 * (so GTIN-13 and U.P.C. GTINs, stored with leading zeros, match prefixes registered as `0614141`), after the
 * extension digit of an SSCC and the leading zero of a GRAI, and from the first digit of a GLN or GIAI.
 * Null for codes that carry no GS1 key (`other`).
 */
export function companyPrefixDigits(code: Pick<Gs1Code, "kind" | "gtin" | "sscc" | "gln" | "grai" | "giai">): string | null {
  switch (code.kind) {
    case "sgtin":
    case "lgtin":
    case "gtin":
      return code.gtin ? code.gtin.slice(1, 13) : null;
    case "sscc":
      return code.sscc ? code.sscc.slice(1, 17) : null;
    case "sgln":
    case "pgln":
      return code.gln ? code.gln.slice(0, 12) : null;
    case "grai":
      return code.grai ? code.grai.slice(1, 13) : null;
    case "giai":
      return code.giai ? code.giai.slice(0, COMPANY_PREFIX_MAX_LENGTH) : null;
    default:
      return null;
  }
}

/** Every company prefix that could own a key whose prefix digits are `digits`, longest first. */
export function candidateCompanyPrefixes(digits: string): string[] {
  const out: string[] = [];
  for (let length = Math.min(COMPANY_PREFIX_MAX_LENGTH, digits.length); length >= COMPANY_PREFIX_MIN_LENGTH; length--) out.push(digits.slice(0, length));
  return out;
}

/**
 * The registered company prefix that owns a key: the longest of `registered` that the key's prefix digits
 * start with (a longer registered prefix inside a shorter one belongs to its own holder). Null when none does.
 */
export function owningCompanyPrefix(digits: string, registered: ReadonlySet<string>): string | null {
  return candidateCompanyPrefixes(digits).find((p) => registered.has(p)) ?? null;
}
