/**
 * The GS1 Barcode Syntax Dictionary linters that need more than a line or two: GS1 Company Prefix positions, the
 * alphanumeric check character pair, IBAN, ISO country and currency codes, the AIDC media type and package type code
 * lists, the importer index, and the two North American coupon formats.
 *
 * Each follows the rules of GS1's reference linter of the same name (gs1/gs1-syntax-engine, `src/c-lib/syntax/
 * lint_<name>.c`, for dictionary release 2026-01-27) without a user-supplied lookup service: the same acceptances, the
 * same refusals, checked in the same order so the first problem reported is the one GS1's linter reports. A linter
 * reports a refusal through `reject`, which throws; `element-string.ts` supplies it with the AI's name.
 */
import { AIDC_MEDIA_TYPES, ISO3166_ALPHA2, ISO3166_NUMERIC, ISO4217_NUMERIC, PACKAGE_TYPE_CODES } from "./code-lists";
import { CSET82 } from "./charset";
import { daysInMonth } from "./dates";
import { Gs1ErrorCode } from "./errors";

/**
 * Throws the refusal of one linter: `why` completes a sentence that begins with the AI's name, `position` is the
 * zero-based offset of the offending character in the linted component.
 */
export type LintReject = (code: Gs1ErrorCode, why: string, position?: number) => never;

/** The shortest GS1 Company Prefix has four digits (GS1 General Specifications, "GS1 Company Prefix"). */
const GCP_MIN_LENGTH = 4;

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/**
 * `gcppos1`: the component starts with a GS1 Company Prefix, i.e. it has at least four characters and the first four
 * are digits. (Whether the prefix is actually allocated needs GS1's allocation list, which GS1's linter also only
 * consults through an optional lookup hook; none is wired here.)
 */
export function lintGcpPos1(part: string, reject: LintReject, offset = 0): void {
  if (part.length < GCP_MIN_LENGTH) {
    reject(Gs1ErrorCode.NO_COMPANY_PREFIX, `"${part}" is too short to start with a GS1 Company Prefix (at least ${GCP_MIN_LENGTH} digits).`, offset);
  }
  for (let i = 0; i < GCP_MIN_LENGTH; i++) {
    if (!isDigitAt(part, i)) {
      reject(
        Gs1ErrorCode.NO_COMPANY_PREFIX,
        `the value must start with a GS1 Company Prefix (at least ${GCP_MIN_LENGTH} digits), but character ${offset + i + 1} is '${part.charAt(i)}'.`,
        offset + i,
      );
    }
  }
}

/** `gcppos2`: as {@link lintGcpPos1} from the second character on (after an indicator or extension digit). */
export function lintGcpPos2(part: string, reject: LintReject): void {
  if (part.length < 2) {
    reject(Gs1ErrorCode.NO_COMPANY_PREFIX, `"${part}" is too short to hold a GS1 Company Prefix after its first digit.`, 0);
  }
  lintGcpPos1(part.slice(1), reject, 1);
}

/** The characters of GS1 character set 32, in value order: the check characters of GMN and MUDI. */
const CSET32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** Prime weights of the check character pair; weight 2 goes to the rightmost data character. */
const CHECK_PAIR_PRIMES = [
  2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157,
  163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311, 313, 317, 331, 337,
  347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419, 421, 431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509,
];

/**
 * The GS1 alphanumeric check character pair of `body` (GS1 General Specifications, "Check character calculation (for
 * alphanumeric keys)"), as used by the GMN (8013) and MUDI (8014): each character's position in GS1 character set 82
 * times a prime weight (2 for the rightmost, then 3, 5, 7...), summed modulo 1021, the 10-bit result split into two
 * characters of character set 32.
 *
 * @example gs1CheckCharacterPair("1987654Ad4X4bL5ttr2310c") === "2K"
 * @throws RangeError when `body` has a character outside set 82 or more than 97 characters.
 */
export function gs1CheckCharacterPair(body: string): string {
  if (body.length > CHECK_PAIR_PRIMES.length) throw new RangeError(`a check character pair covers at most ${CHECK_PAIR_PRIMES.length} characters`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const value = CSET82.indexOf(body.charAt(i));
    if (value === -1) throw new RangeError(`'${body.charAt(i)}' is not in GS1 character set 82`);
    sum += value * (CHECK_PAIR_PRIMES[body.length - 1 - i] ?? 0);
  }
  sum %= 1021;
  return CSET32.charAt(sum >> 5) + CSET32.charAt(sum & 31);
}

/** `csumalpha`: the component ends with the correct check character pair of the characters before it. */
export function lintCsumAlpha(part: string, reject: LintReject): void {
  if (part.length < 2) reject(Gs1ErrorCode.TOO_SHORT, `"${part}" is too short to end with a check character pair.`, 0);
  const bodyLength = part.length - 2;
  for (let i = 0; i < bodyLength; i++) {
    if (!CSET82.includes(part.charAt(i))) reject(Gs1ErrorCode.INVALID_CHARACTER, `'${part.charAt(i)}' at position ${i + 1} is not in GS1 character set 82.`, i);
  }
  for (let i = bodyLength; i < part.length; i++) {
    if (!CSET32.includes(part.charAt(i))) {
      reject(
        Gs1ErrorCode.INVALID_CHARACTER,
        `the last two characters are a check character pair from GS1 character set 32 (digits 2–9 and capitals other than I and O); '${part.charAt(i)}' at position ${i + 1} is not one.`,
        i,
      );
    }
  }
  const expected = gs1CheckCharacterPair(part.slice(0, bodyLength));
  if (part.slice(bodyLength) !== expected) {
    reject(
      Gs1ErrorCode.BAD_CHECK_DIGIT,
      `"${part}" ends in check characters ${part.slice(bodyLength)}, but its characters give ${expected}. Re-scan the code or check the value.`,
      bodyLength,
    );
  }
}

/** `iso3166`: a three-digit ISO 3166-1 numeric country code. */
export function lintIso3166(part: string, reject: LintReject): void {
  if (!ISO3166_NUMERIC.has(part)) reject(Gs1ErrorCode.UNKNOWN_COUNTRY_CODE, `${part} is not an ISO 3166-1 numeric country code.`, 0);
}

/** `iso3166999`: an ISO 3166-1 numeric country code, or 999. */
export function lintIso3166Or999(part: string, reject: LintReject): void {
  if (part !== "999" && !ISO3166_NUMERIC.has(part)) {
    reject(Gs1ErrorCode.UNKNOWN_COUNTRY_CODE, `${part} is neither an ISO 3166-1 numeric country code nor 999.`, 0);
  }
}

/** `iso3166alpha2`: a two-letter ISO 3166-1 alpha-2 country code (upper case). */
export function lintIso3166Alpha2(part: string, reject: LintReject): void {
  if (!ISO3166_ALPHA2.has(part)) reject(Gs1ErrorCode.UNKNOWN_COUNTRY_CODE, `"${part}" is not an ISO 3166-1 alpha-2 country code (two capital letters).`, 0);
}

/** `iso4217`: a three-digit ISO 4217 numeric currency code. */
export function lintIso4217(part: string, reject: LintReject): void {
  if (!ISO4217_NUMERIC.has(part)) reject(Gs1ErrorCode.UNKNOWN_CURRENCY_CODE, `${part} is not an ISO 4217 numeric currency code.`, 0);
}

/** `mediatype`: an AIDC media type value of AI (7241). */
export function lintMediaType(part: string, reject: LintReject): void {
  if (!AIDC_MEDIA_TYPES.has(part)) reject(Gs1ErrorCode.NOT_IN_CODE_LIST, `${part} is not an AIDC media type (01–10 or 80–99).`, 0);
}

/** `packagetype`: a package type code of the GS1 PackageTypeCode list (UN/ECE Recommendation 21 plus GS1 codes). */
export function lintPackageType(part: string, reject: LintReject): void {
  if (!PACKAGE_TYPE_CODES.has(part)) reject(Gs1ErrorCode.NOT_IN_CODE_LIST, `"${part}" is not a package type code (GS1 PackageTypeCode list, UN/ECE Rec. 21).`, 0);
}

/** `importeridx`: the importer index of an EU 2018/574 tobacco UIC, one of `-`, `_`, digits and ASCII letters. */
export function lintImporterIndex(part: string, reject: LintReject): void {
  if (part.length !== 1) reject(Gs1ErrorCode.BAD_VALUE, `the importer index is one character; got "${part}".`, 0);
  if (!/^[-0-9A-Za-z_]$/.test(part)) reject(Gs1ErrorCode.INVALID_CHARACTER, `the importer index must be a letter, digit, '-' or '_'; got '${part}'.`, 0);
}

/** An IBAN has at most 34 characters (ISO 13616-1); GS1's linter wants more than 10, enough for the check digits. */
const IBAN_MAX_LENGTH = 34;
const IBAN_MIN_LENGTH_EXCLUSIVE = 10;

/**
 * `iban`: an International Bank Account Number (ISO 13616-1) as GS1's linter checks it: an ISO 3166-1 alpha-2
 * country, 11 to 34 characters from 0–9 and A–Z, and the ISO 7064 mod 97-10 check (the number read from position 5
 * on, then the first four characters, letters as 10–35, leaves 1). Country-specific IBAN lengths are not part of the
 * GS1 rule and are not checked.
 */
export function lintIban(part: string, reject: LintReject): void {
  if (part.length < 4) reject(Gs1ErrorCode.TOO_SHORT, `"${part}" is too short to be an IBAN.`, 0);
  if (!ISO3166_ALPHA2.has(part.slice(0, 2))) reject(Gs1ErrorCode.UNKNOWN_COUNTRY_CODE, `an IBAN starts with an ISO 3166-1 alpha-2 country code; "${part.slice(0, 2)}" is not one.`, 0);
  if (part.length > IBAN_MAX_LENGTH) reject(Gs1ErrorCode.TOO_LONG, `an IBAN has at most ${IBAN_MAX_LENGTH} characters; "${part}" has ${part.length}.`, 0);
  if (part.length <= IBAN_MIN_LENGTH_EXCLUSIVE) reject(Gs1ErrorCode.TOO_SHORT, `"${part}" has ${part.length} characters, too short for an IBAN (more than ${IBAN_MIN_LENGTH_EXCLUSIVE}).`, 0);
  let remainder = 0;
  for (let k = 4; k < part.length + 4; k++) {
    const i = k < part.length ? k : k - part.length;
    const c = part.charCodeAt(i);
    let value: number;
    if (c >= 48 && c <= 57) value = c - 48;
    else if (c >= 65 && c <= 90) value = c - 55;
    else reject(Gs1ErrorCode.INVALID_CHARACTER, `an IBAN has digits and capital letters only; '${part.charAt(i)}' at position ${i + 1} is neither.`, i);
    remainder = (remainder * (value < 10 ? 10 : 100) + value) % 97;
  }
  if (remainder !== 1) {
    reject(Gs1ErrorCode.BAD_CHECK_DIGIT, `IBAN ${part} has check digits ${part.slice(2, 4)} that do not match the rest of the number (mod 97). Check the number.`, 2);
  }
}

/** Reads the digits of a coupon code field by field; every shortfall is refused with `BAD_COUPON`. */
class CouponReader {
  pos = 0;

  constructor(
    private readonly data: string,
    private readonly reject: LintReject,
  ) {}

  /** True when a further field starts here with the digit `indicator`. */
  has(indicator: string): boolean {
    return this.pos < this.data.length && this.data.charAt(this.pos) === indicator;
  }

  /** The next digit, which must be there (it is the `what` of the coupon). */
  digit(what: string): number {
    if (this.pos >= this.data.length) this.reject(Gs1ErrorCode.BAD_COUPON, `the ${what} is missing: the coupon data ends after ${this.pos} digits.`, this.pos);
    return this.data.charCodeAt(this.pos++) - 48;
  }

  /** The next `n` digits, which must be there (they are the `what` of the coupon). */
  take(n: number, what: string): string {
    const left = this.data.length - this.pos;
    if (left < n) this.reject(Gs1ErrorCode.BAD_COUPON, `the ${what} needs ${n} digits from position ${this.pos + 1}; only ${left} remain.`, this.pos);
    const field = this.data.slice(this.pos, this.pos + n);
    this.pos += n;
    return field;
  }

  /** Refuses the digit just read: it is a `what` that must be `allowed`. */
  refuseLast(what: string, allowed: string): never {
    return this.reject(
      Gs1ErrorCode.BAD_COUPON,
      `the ${what} at position ${this.pos} must be ${allowed}; it is ${this.data.charAt(this.pos - 1)}.`,
      this.pos - 1,
    );
  }

  /** Refuses digits left over after the last field. */
  end(): void {
    if (this.pos < this.data.length) {
      this.reject(Gs1ErrorCode.BAD_COUPON, `"${this.data.slice(this.pos)}" from position ${this.pos + 1} is no coupon field (extra data).`, this.pos);
    }
  }
}

function lintCouponDigits(data: string, reject: LintReject): void {
  for (let i = 0; i < data.length; i++) {
    if (!isDigitAt(data, i)) reject(Gs1ErrorCode.INVALID_CHARACTER, `coupon data has digits only; '${data.charAt(i)}' at position ${i + 1} is not one.`, i);
  }
}

/** A coupon date YYMMDD: month 01–12, day 01 to the month's last (29 February when YY is a multiple of 4). */
function lintCouponDate(date: string, what: string, position: number, reject: LintReject): void {
  const month = Number(date.slice(2, 4));
  const day = Number(date.slice(4, 6));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(2000 + Number(date.slice(0, 2)), month)) {
    reject(Gs1ErrorCode.BAD_DATE, `the coupon's ${what} ${date} is not a date YYMMDD.`, position);
  }
}

/** A purchase requirement of a coupon: length indicator 1–5, the requirement, its code (0–4 or 9), a family code. */
function readPurchaseRequirement(r: CouponReader, nth: string): void {
  const vli = r.digit(`${nth} purchase requirement length indicator`);
  if (vli < 1 || vli > 5) r.refuseLast(`${nth} purchase requirement length indicator`, "1–5");
  r.take(vli, `${nth} purchase requirement`);
  const code = r.digit(`${nth} purchase requirement code`);
  if (code > 4 && code !== 9) r.refuseLast(`${nth} purchase requirement code`, "0–4 or 9");
  r.take(3, `${nth} purchase family code`);
}

/** The GS1 Company Prefix of an additional purchase: length indicator 0–6 (6–12 digits) or 9 (same as the first). */
function readAdditionalPurchasePrefix(r: CouponReader, nth: string): void {
  const vli = r.digit(`${nth} purchase GS1 Company Prefix length indicator`);
  if (vli > 6 && vli !== 9) r.refuseLast(`${nth} purchase GS1 Company Prefix length indicator`, "0–6 or 9");
  if (vli !== 9) r.take(vli + 6, `${nth} purchase GS1 Company Prefix`);
}

/**
 * `couponcode`: AI (8110), the North American Coupon Code (NACC, "North American Coupon Application Guideline Using GS1
 * DataBar Expanded Symbols"): all digits; the issuer's GS1 Company Prefix (length indicator 0–6 for 6–12 digits); a
 * 6-digit offer code; the save value (indicator 1–5); the primary purchase requirement (indicator 1–5), its code (0–4 or
 * 9) and 3-digit family code; then the optional fields in this order, each opened by its digit: 1 additional rules
 * code (0–3) with a second purchase (requirement, code, family, prefix indicator 0–6 or 9), 2 third purchase, 3
 * expiration date YYMMDD, 4 start date YYMMDD (not after the expiration date), 5 serial number (indicator digit + 6
 * digits), 6 retailer GCP/GLN (indicator 1–7, 7–13 digits), 9 miscellaneous (save value code 0, 1, 2, 5 or 6; applies
 * to item 0–2; store coupon flag; don't-multiply flag 0 or 1). Nothing may follow.
 */
export function lintCouponCode(data: string, reject: LintReject): void {
  lintCouponDigits(data, reject);
  const r = new CouponReader(data, reject);
  const gcpVli = r.digit("GS1 Company Prefix length indicator");
  if (gcpVli > 6) r.refuseLast("GS1 Company Prefix length indicator", "0–6");
  r.take(gcpVli + 6, "GS1 Company Prefix");
  r.take(6, "offer code");
  const saveVli = r.digit("save value length indicator");
  if (saveVli < 1 || saveVli > 5) r.refuseLast("save value length indicator", "1–5");
  r.take(saveVli, "save value");
  readPurchaseRequirement(r, "primary");
  if (r.has("1")) {
    r.pos++;
    if (r.digit("additional purchase rules code") > 3) r.refuseLast("additional purchase rules code", "0–3");
    readPurchaseRequirement(r, "second");
    readAdditionalPurchasePrefix(r, "second");
  }
  if (r.has("2")) {
    r.pos++;
    readPurchaseRequirement(r, "third");
    readAdditionalPurchasePrefix(r, "third");
  }
  let expiry: string | undefined;
  if (r.has("3")) {
    r.pos++;
    const at = r.pos;
    expiry = r.take(6, "expiration date");
    lintCouponDate(expiry, "expiration date", at, reject);
  }
  if (r.has("4")) {
    r.pos++;
    const at = r.pos;
    const start = r.take(6, "start date");
    lintCouponDate(start, "start date", at, reject);
    // Compared as YYMMDD digit strings, as GS1's linter does.
    if (expiry !== undefined && start > expiry) reject(Gs1ErrorCode.BAD_COUPON, `the coupon's expiration date ${expiry} is before its start date ${start}.`, at - 8);
  }
  if (r.has("5")) {
    r.pos++;
    r.take(r.digit("serial number length indicator") + 6, "serial number");
  }
  if (r.has("6")) {
    r.pos++;
    const vli = r.digit("retailer GS1 Company Prefix / GLN length indicator");
    if (vli < 1 || vli > 7) r.refuseLast("retailer GS1 Company Prefix / GLN length indicator", "1–7");
    r.take(vli + 6, "retailer GS1 Company Prefix / GLN");
  }
  if (r.has("9")) {
    r.pos++;
    const saveCode = r.digit("save value code");
    if (saveCode !== 0 && saveCode !== 1 && saveCode !== 2 && saveCode !== 5 && saveCode !== 6) r.refuseLast("save value code", "0, 1, 2, 5 or 6");
    if (r.digit("save value applies-to-item code") > 2) r.refuseLast("save value applies-to-item code", "0–2");
    r.digit("store coupon flag");
    if (r.digit("don't-multiply flag") > 1) r.refuseLast("don't-multiply flag", "0 or 1");
  }
  r.end();
}

/**
 * `couponposoffer`: AI (8112), the positive offer file coupon ("GS1 AI (8112) Coupon Data Specification"): all
 * digits; format code 0 or 1; the funder's ID (length indicator 0–6 for 6–12 digits); a 6-digit offer code; the serial
 * number (length indicator digit, then 6 more digits than it says). Nothing may follow.
 */
export function lintCouponPositiveOffer(data: string, reject: LintReject): void {
  lintCouponDigits(data, reject);
  const r = new CouponReader(data, reject);
  if (r.digit("format code") > 1) r.refuseLast("format code", "0 or 1");
  const funderVli = r.digit("funder ID length indicator");
  if (funderVli > 6) r.refuseLast("funder ID length indicator", "0–6");
  r.take(funderVli + 6, "funder ID");
  r.take(6, "offer code");
  r.take(r.digit("serial number length indicator") + 6, "serial number");
  r.end();
}
