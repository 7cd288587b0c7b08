import { Gs1ErrorCode, fail } from "./errors";

/** True when every character of `s` is an ASCII digit (and `s` is not empty). */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function checkDigitOf(body: string): number {
  let sum = 0;
  let weight = 3;
  for (let i = body.length - 1; i >= 0; i--) {
    sum += (body.charCodeAt(i) - 48) * weight;
    weight = weight === 3 ? 1 : 3;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * The GS1 mod-10 check digit of a key body (the digits without the check digit).
 *
 * Weights 3,1,3,... are anchored on the rightmost body digit, so one routine
 * serves GTIN-8/12/13/14, SSCC, GLN, GSRN, GDTI and the GRAI base.
 *
 * @example gs1CheckDigit("0950600013435") === "2"
 * @throws Gs1Error `EMPTY_INPUT` for an empty body, `INVALID_CHARACTER` for a non-digit.
 */
export function gs1CheckDigit(body: string): string {
  if (body.length === 0) fail(Gs1ErrorCode.EMPTY_INPUT, "Cannot compute a check digit of an empty number.");
  if (!isDigits(body)) {
    fail(Gs1ErrorCode.INVALID_CHARACTER, `Check digits are computed over digits only; "${body}" contains other characters.`, { value: body });
  }
  return String(checkDigitOf(body));
}

/** True when the last digit of `digits` is the correct GS1 mod-10 check digit of the rest. */
export function hasValidCheckDigit(digits: string): boolean {
  if (digits.length < 2 || !isDigits(digits)) return false;
  return checkDigitOf(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

/**
 * Validates a GTIN-8, -12, -13 or -14 and returns it as 14 digits (left-padded with zeros).
 *
 * @example normalizeGtin("416000336108") === "00416000336108"
 * @throws Gs1Error `INVALID_CHARACTER` (non-digit), `TOO_SHORT`/`TOO_LONG`/`BAD_VALUE` (not 8, 12, 13 or 14 digits),
 *   `BAD_CHECK_DIGIT` (wrong check digit).
 */
export function normalizeGtin(gtin: string): string {
  if (!isDigits(gtin)) {
    fail(Gs1ErrorCode.INVALID_CHARACTER, `A GTIN has digits only; "${gtin}" contains other characters.`, { value: gtin });
  }
  if (gtin.length !== 8 && gtin.length !== 12 && gtin.length !== 13 && gtin.length !== 14) {
    const code = gtin.length > 14 ? Gs1ErrorCode.TOO_LONG : gtin.length < 8 ? Gs1ErrorCode.TOO_SHORT : Gs1ErrorCode.BAD_VALUE;
    fail(code, `A GTIN has 8, 12, 13 or 14 digits; "${gtin}" has ${gtin.length}.`, { value: gtin });
  }
  if (!hasValidCheckDigit(gtin)) {
    const expected = checkDigitOf(gtin.slice(0, -1));
    fail(Gs1ErrorCode.BAD_CHECK_DIGIT, `GTIN ${gtin} has check digit ${gtin.slice(-1)}, but its digits give ${expected}: re-scan or re-key the number.`, {
      value: gtin,
    });
  }
  return gtin.padStart(14, "0");
}
