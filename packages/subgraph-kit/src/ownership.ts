import type { Principal, PrincipalScope } from "@tracehub/auth";
import { type Gs1Code, candidateCompanyPrefixes, companyPrefixDigits, parseCode } from "@tracehub/gs1";
import { Forbidden } from "./errors";

/**
 * What a write needs on a GS1 key: `OWNER`, the holder of the key's company prefix (product master data,
 * recalls); `CAPTURE`, the owner or an organization the owner granted CAPTURE on the product (commissioning,
 * events, packing, allocation).
 */
export type WriteRight = "OWNER" | "CAPTURE";

/** A GS1 key as ownership sees it: the digits that start with its company prefix, and its GTIN if it has one. */
export interface OwnedKey {
  /** The key's company-prefix digits (see `companyPrefixDigits` of @tracehub/gs1). */
  digits: string;
  /** GTIN-14 for trade items (SGTIN, LGTIN, GTIN); null for SSCCs, GLNs, GRAIs, GIAIs. */
  gtin: string | null;
}

/** The key of a parsed code, or null when the code carries no GS1 key (a private URN, a web URI). */
export function ownedKeyOf(code: Pick<Gs1Code, "kind" | "gtin" | "sscc" | "gln" | "grai" | "giai">): OwnedKey | null {
  const digits = companyPrefixDigits(code);
  return digits === null ? null : { digits, gtin: code.gtin ?? null };
}

/** The key an identifier names (any GS1 form), or null when it is not a GS1 identifier. */
export function ownedKeyOfIdentifier(identifier: string): OwnedKey | null {
  let code: Gs1Code;
  try {
    code = parseCode(identifier, { checkAssociations: false });
  } catch {
    return null;
  }
  return ownedKeyOf(code);
}

/** True when the longest of `prefixes ∪ foreign` that `digits` starts with is in `prefixes`. */
function holds(prefixes: readonly string[], foreign: readonly string[], digits: string): boolean {
  for (const candidate of candidateCompanyPrefixes(digits)) {
    if (foreign.includes(candidate)) return false;
    if (prefixes.includes(candidate)) return true;
  }
  return false;
}

/** True when the organization in `scope` owns the key (holds the longest company prefix it starts with). */
export function scopeOwns(scope: PrincipalScope, key: OwnedKey): boolean {
  return holds(scope.prefixes, scope.foreignPrefixes, key.digits);
}

/** True when a grant in `scope` gives CAPTURE on the key (on every product of the grantor, or on its GTIN). */
export function scopeMayCapture(scope: PrincipalScope, key: OwnedKey): boolean {
  return scope.grants.some(
    (g) =>
      g.permissions.includes("CAPTURE") &&
      holds(g.prefixes, g.foreignPrefixes, key.digits) &&
      (g.gtins === null || (key.gtin !== null && g.gtins.includes(key.gtin))),
  );
}

/**
 * Why `principal` may not write on `key` with `right`, or null when it may. Operators may write everything;
 * anyone else needs an organization whose scope the gateway looked up.
 */
export function writeRefusal(principal: Principal, key: OwnedKey, right: WriteRight): string | null {
  if (principal.roles.includes("operator")) return null;
  if (!principal.org) return "your credential names no organization, and only an organization can own or be granted products";
  if (principal.scope === null) return "your organization's company prefixes and grants could not be looked up just now; try again";
  const scope = principal.scope;
  if (!scope) return "your organization's company prefixes are unknown";
  if (scopeOwns(scope, key)) return null;
  if (right === "CAPTURE" && scopeMayCapture(scope, key)) return null;
  return right === "OWNER"
    ? "it belongs to the holder of another GS1 company prefix; only the owner may do this"
    : "it belongs to the holder of another GS1 company prefix, who has not granted your organization CAPTURE on it";
}

/**
 * Throws FORBIDDEN naming the first identifier `principal` may not write with `right`. `identifiers` are GS1
 * identifiers in any form; identifiers that carry no GS1 key are nobody's and pass. Checks each distinct key
 * once, so a batch of one product costs one check.
 */
export function assertMayWrite(principal: Principal, identifiers: Iterable<string>, right: WriteRight, field = "code"): void {
  if (principal.roles.includes("operator")) return;
  const seen = new Set<string>();
  for (const identifier of identifiers) {
    const key = ownedKeyOfIdentifier(identifier);
    if (!key) continue;
    const memo = `${key.digits}|${key.gtin ?? ""}`;
    if (seen.has(memo)) continue;
    seen.add(memo);
    const refusal = writeRefusal(principal, key, right);
    if (refusal) throw new Forbidden(`You may not write on ${identifier}: ${refusal}.`, { field, identifier });
  }
}

/** Throws FORBIDDEN unless `principal` may write with `right` on the product with this GTIN-14. */
export function assertMayWriteGtin(principal: Principal, gtin14: string, right: WriteRight, field = "gtin"): void {
  const key = ownedKeyOf({ kind: "gtin", gtin: gtin14 });
  const refusal = key ? writeRefusal(principal, key, right) : null;
  if (refusal) throw new Forbidden(`You may not do this for GTIN ${gtin14}: ${refusal}.`, { field, gtin: gtin14 });
}
