import { gs1DateToIso } from "@tracehub/gs1";
import { UnitStatus } from "../unit/unit.rules";

/**
 * The public authenticity verdict as plain functions: what a scanned code claims, and how those claims and
 * the unit's record add up to a verdict. No I/O; `authenticity.rules.spec.ts` is the specification.
 */

/** The public authenticity verdicts (the names of issue 17's list, plus INVALID_CODE). */
export enum AuthenticityVerdict {
  GENUINE = "GENUINE",
  UNKNOWN = "UNKNOWN",
  INVALID_CODE = "INVALID_CODE",
  SUSPECT = "SUSPECT",
  ON_HOLD = "ON_HOLD",
  DECOMMISSIONED = "DECOMMISSIONED",
  EXPIRED = "EXPIRED",
  RECALLED = "RECALLED",
}

/** An attribute a code can carry besides its GTIN and serial, which the unit's record can contradict. */
export enum CodeAttribute {
  LOT = "LOT",
  EXPIRY = "EXPIRY",
  PRODUCTION_DATE = "PRODUCTION_DATE",
}

/** One thing a code claims about its unit, normalized to the record's form (ISO dates). */
export interface CodeClaim {
  attribute: CodeAttribute;
  /** The GS1 application identifier it came from. */
  ai: string;
  value: string;
}

/** What a parsed unit code carries: lot and expiry already read, the other AIs raw. */
export interface ParsedUnitCode {
  lot: string | null;
  /** AI 17 as an ISO date. */
  expiry: string | null;
  /** Other AIs by their digits, raw (e.g. `{ "11": "250101", "7003": "2705311200" }`). */
  attributes: Readonly<Record<string, string>>;
}

/** The unit's record, as far as the verdict needs it. */
export interface UnitRecord {
  status: UnitStatus;
  commissioned: boolean;
  lot: string | null;
  /** ISO date. */
  expiry: string | null;
  /** ISO date. */
  productionDate: string | null;
}

/**
 * Why a verdict is what it is, for any language: a code, the values its sentence names (never a recorded value),
 * and the English sentence.
 */
export interface VerdictReason {
  /** INVALID_CODE, NEVER_ISSUED, ATTRIBUTE_MISMATCH, RECALLED, ON_HOLD, OUT_OF_CIRCULATION, EXPIRED_STATUS, PAST_EXPIRY, or a clone finding's reason. */
  code: string;
  values: Readonly<Record<string, string | number>>;
  text: string;
}

/** A verdict with what disagreed and why, in words a consumer can read. Never carries recorded values. */
export interface AuthenticityJudgement {
  verdict: AuthenticityVerdict;
  /** Attributes of the code that contradict the record. */
  mismatches: CodeAttribute[];
  /** The reasons' English sentences (as `details`, in order). */
  reasons: string[];
  details: VerdictReason[];
}

/** The attributes the hub can check, with the AI each comes from and how it is named to a consumer. */
const ATTRIBUTE_NAMES: Record<CodeAttribute, string> = {
  [CodeAttribute.LOT]: "lot (AI 10)",
  [CodeAttribute.EXPIRY]: "expiry date (AI 17 or 7003)",
  [CodeAttribute.PRODUCTION_DATE]: "production date (AI 11)",
};

/**
 * The claims a code makes that a unit record can confirm or contradict: lot (AI 10), expiry (AI 17, and
 * the date of AI 7003, expiry date and time) and production date (AI 11). `referenceYear` fixes the GS1
 * sliding century window (default: this year).
 */
export function codeClaims(code: ParsedUnitCode, referenceYear?: number): CodeClaim[] {
  const options = referenceYear === undefined ? {} : { referenceYear };
  const claims: CodeClaim[] = [];
  if (code.lot !== null) claims.push({ attribute: CodeAttribute.LOT, ai: "10", value: code.lot });
  if (code.expiry !== null) claims.push({ attribute: CodeAttribute.EXPIRY, ai: "17", value: code.expiry });
  const expiryTime = code.attributes["7003"];
  if (expiryTime !== undefined) claims.push({ attribute: CodeAttribute.EXPIRY, ai: "7003", value: gs1DateToIso(expiryTime.slice(0, 6), false, options, "7003") });
  const production = code.attributes["11"];
  if (production !== undefined) claims.push({ attribute: CodeAttribute.PRODUCTION_DATE, ai: "11", value: gs1DateToIso(production, false, options, "11") });
  return claims;
}

function recorded(unit: UnitRecord, attribute: CodeAttribute): string | null {
  switch (attribute) {
    case CodeAttribute.LOT:
      return unit.lot;
    case CodeAttribute.EXPIRY:
      return unit.expiry;
    case CodeAttribute.PRODUCTION_DATE:
      return unit.productionDate;
  }
}

/**
 * The attributes whose claimed value differs from the record, each once, in the order of the claims. An
 * attribute the record does not hold cannot be checked and is no mismatch.
 */
export function mismatchedAttributes(unit: UnitRecord, claims: readonly CodeClaim[]): CodeAttribute[] {
  const out: CodeAttribute[] = [];
  for (const claim of claims) {
    const value = recorded(unit, claim.attribute);
    if (value !== null && value !== claim.value && !out.includes(claim.attribute)) out.push(claim.attribute);
  }
  return out;
}

const DECOMMISSIONED_STATUSES: ReadonlySet<UnitStatus> = new Set([UnitStatus.DESTROYED, UnitStatus.DECOMMISSIONED, UnitStatus.CONSUMED, UnitStatus.STOLEN]);

/**
 * The consumer-facing verdict for a scanned code, the first that holds:
 * 1. the code does not parse: INVALID_CODE;
 * 2. no such unit was ever commissioned (even if it was seen in events): UNKNOWN;
 * 3. an attribute the code carries contradicts the record (a copied serial on a forged label): SUSPECT;
 * 4. the serial's checks point at copies (clone detection's findings): SUSPECT, with their reasons;
 * 5. the unit was recalled: RECALLED;
 * 6. an open quarantine holds it: ON_HOLD;
 * 7. it was destroyed, decommissioned, consumed or reported stolen: DECOMMISSIONED;
 * 8. its status is EXPIRED, or `today` (UTC ISO date) is after its expiry date: EXPIRED (a unit is still
 *    good on its expiry date itself);
 * 9. otherwise GENUINE.
 */
export function authenticityVerdict(input: {
  parsed: boolean;
  unit: UnitRecord | null;
  claims: readonly CodeClaim[];
  today: string;
  onHold?: boolean;
  /** Clone detection's findings: their codes (CloneReason), values and sentences. */
  clone?: readonly VerdictReason[];
}): AuthenticityJudgement {
  const judged = (verdict: AuthenticityVerdict, details: VerdictReason[] = [], mismatches: CodeAttribute[] = []): AuthenticityJudgement => ({
    verdict,
    mismatches,
    reasons: details.map((d) => d.text),
    details,
  });
  const reason = (code: string, text: string, values: Record<string, string | number> = {}): VerdictReason => ({ code, values, text });
  if (!input.parsed) return judged(AuthenticityVerdict.INVALID_CODE, [reason("INVALID_CODE", "The code is not a valid GS1 code of a serialized item.")]);
  const unit = input.unit;
  if (unit === null || !unit.commissioned || unit.status === UnitStatus.UNKNOWN) {
    return judged(AuthenticityVerdict.UNKNOWN, [reason("NEVER_ISSUED", "No unit with this GTIN and serial number was ever issued.")]);
  }
  const mismatches = mismatchedAttributes(unit, input.claims);
  if (mismatches.length) {
    return judged(
      AuthenticityVerdict.SUSPECT,
      mismatches.map((a) => reason("ATTRIBUTE_MISMATCH", `The ${ATTRIBUTE_NAMES[a]} on the code does not match the one this serial number was issued with.`, { attribute: a })),
      mismatches,
    );
  }
  if (input.clone?.length) return judged(AuthenticityVerdict.SUSPECT, [...input.clone]);
  if (unit.status === UnitStatus.RECALLED) return judged(AuthenticityVerdict.RECALLED, [reason("RECALLED", "The unit is under a recall.")]);
  if (input.onHold) return judged(AuthenticityVerdict.ON_HOLD, [reason("ON_HOLD", "The brand owner holds this unit while it investigates.")]);
  if (DECOMMISSIONED_STATUSES.has(unit.status)) {
    return judged(AuthenticityVerdict.DECOMMISSIONED, [reason("OUT_OF_CIRCULATION", `The unit was ${unit.status.toLowerCase()}.`, { status: unit.status })]);
  }
  if (unit.status === UnitStatus.EXPIRED) return judged(AuthenticityVerdict.EXPIRED, [reason("EXPIRED_STATUS", "The unit was taken out of circulation as expired.")]);
  if (unit.expiry !== null && input.today > unit.expiry) return judged(AuthenticityVerdict.EXPIRED, [reason("PAST_EXPIRY", "The unit is past its expiry date.")]);
  return judged(AuthenticityVerdict.GENUINE);
}
