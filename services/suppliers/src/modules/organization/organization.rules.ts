import { candidateCompanyPrefixes, companyPrefixDigits, isCompanyPrefix, owningCompanyPrefix } from "@tracehub/gs1";

export { isCompanyPrefix };

/** The digits of a GTIN-14 that begin with its company prefix. */
const digitsOf = (gtin14: string): string => companyPrefixDigits({ kind: "gtin", gtin: gtin14 }) ?? "";

/** Every company prefix that could own this GTIN-14, longest first. */
export function candidatePrefixes(gtin14: string): string[] {
  return candidateCompanyPrefixes(digitsOf(gtin14));
}

/** The longest registered prefix that owns the GTIN, or null. */
export function owningPrefix(gtin14: string, registered: ReadonlySet<string>): string | null {
  return owningCompanyPrefix(digitsOf(gtin14), registered);
}
