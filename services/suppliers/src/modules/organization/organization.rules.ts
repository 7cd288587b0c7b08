/** Shortest and longest GS1 company prefix the hub accepts. */
export const PREFIX_MIN = 4;
export const PREFIX_MAX = 12;

/** True when `prefix` has the shape of a GS1 company prefix. */
export function isCompanyPrefix(prefix: string): boolean {
  return new RegExp(`^\\d{${PREFIX_MIN},${PREFIX_MAX}}$`).test(prefix);
}

/**
 * Every company prefix that could own this GTIN-14, longest first. The company prefix starts after the
 * indicator digit (GTIN-13 and UPC-A GTINs are stored with leading zeros, so the same rule holds: a U.P.C.
 * prefix such as 614141 is registered as 0614141).
 */
export function candidatePrefixes(gtin14: string): string[] {
  const body = gtin14.slice(1, 13);
  const out: string[] = [];
  for (let length = PREFIX_MAX; length >= PREFIX_MIN; length--) out.push(body.slice(0, length));
  return out;
}

/** The longest registered prefix that owns the GTIN, or null. */
export function owningPrefix(gtin14: string, registered: ReadonlySet<string>): string | null {
  return candidatePrefixes(gtin14).find((p) => registered.has(p)) ?? null;
}
