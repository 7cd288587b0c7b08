/**
 * The AI-specific linters of the GS1 Barcode Syntax Dictionary release 2026-01-27 that `linters.ts` implements, each
 * with accepted and refused values (error code asserted) through `validateElementValue`, and fast-check properties:
 * generated valid values pass, each kind of violation fails with its code. Several accepted and refused values are the
 * unit-test data of GS1's reference linters (gs1/gs1-syntax-engine).
 */
import fc from "fast-check";
import { AIDC_MEDIA_TYPES, ISO3166_ALPHA2, ISO3166_NUMERIC, ISO4217_NUMERIC, PACKAGE_TYPE_CODES } from "../code-lists";
import { type LintReject, gs1CheckCharacterPair, lintGcpPos2 } from "../linters";
import { CSET82, Gs1Error, Gs1ErrorCode, validateElementValue } from "../index";
import { expectGs1Error, gs1ErrorOf } from "./helpers";

const RUNS = 300;
const OPTS = { referenceYear: 2026 };
const validate = (ai: string, value: string): void => validateElementValue(ai, value, OPTS);
const accepts = (ai: string, value: string): void => expect(() => validate(ai, value)).not.toThrow();

const digitString = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });
const cset82 = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...CSET82), minLength: min, maxLength: max });
const CSET32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const ALNUM_UPPER = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function property<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => void): void {
  fc.assert(fc.property(arb, predicate), { numRuns: RUNS });
}

describe("code lists", () => {
  it("hold the number of codes of their sources", () => {
    expect(ISO3166_NUMERIC.size).toBe(249);
    expect(ISO3166_ALPHA2.size).toBe(249);
    expect(ISO4217_NUMERIC.size).toBe(179);
    expect(AIDC_MEDIA_TYPES.size).toBe(30);
    expect(PACKAGE_TYPE_CODES.size).toBe(431);
  });

  it("hold codes of the right shape only", () => {
    for (const c of ISO3166_NUMERIC) expect(c).toMatch(/^\d{3}$/);
    for (const c of ISO4217_NUMERIC) expect(c).toMatch(/^\d{3}$/);
    for (const c of ISO3166_ALPHA2) expect(c).toMatch(/^[A-Z]{2}$/);
    for (const c of AIDC_MEDIA_TYPES) expect(c).toMatch(/^\d{2}$/);
    for (const c of PACKAGE_TYPE_CODES) expect(c).toMatch(/^[0-9A-Z]{1,3}$/);
  });
});

describe("gcppos1 / gcppos2: a GS1 Company Prefix at position 1 / 2", () => {
  it.each([
    ["8004", "0614141ABC-1"],
    ["8004", "1234"],
    ["401", "0614141xyz47/11"],
    ["8010", "06141415PQ7/Z43"],
    ["7023", "9506000ASSEMBLY"],
    ["414", "9520123456788"],
  ])("accepts (%s) %s", (ai, value) => accepts(ai, value));

  it.each([
    ["8004", "ABC123", 0],
    ["8004", "061A4141", 3],
    ["401", "06X14141", 2],
    ["8010", "ABC123", 0],
    ["7023", "12A4", 2],
  ])("refuses (%s) %s: not digits at its start, NO_COMPANY_PREFIX at position %s", (ai, value, position) => {
    const error = expectGs1Error(() => validate(ai, value), Gs1ErrorCode.NO_COMPANY_PREFIX, `AI (${ai})`, "GS1 Company Prefix");
    expect(error.detail.position).toBe(position);
  });

  it.each([["8004", "123"], ["8010", "1"], ["401", "12"]])("refuses (%s) %s: too short to hold a prefix", (ai, value) => {
    expectGs1Error(() => validate(ai, value), Gs1ErrorCode.NO_COMPANY_PREFIX, "too short");
  });

  const throwing: LintReject = (code, why, position) => {
    throw new Gs1Error(code, why, { position });
  };

  it("gcppos2 skips the first character (indicator or extension digit)", () => {
    expect(() => lintGcpPos2("I0123", throwing)).not.toThrow();
    expect(() => lintGcpPos2("I01234A", throwing)).not.toThrow();
    expect(gs1ErrorOf(() => lintGcpPos2("IA234", throwing))).toMatchObject({ code: Gs1ErrorCode.NO_COMPANY_PREFIX, detail: { position: 1 } });
    expect(gs1ErrorOf(() => lintGcpPos2("I012", throwing)).code).toBe(Gs1ErrorCode.NO_COMPANY_PREFIX);
    expect(gs1ErrorOf(() => lintGcpPos2("", throwing)).code).toBe(Gs1ErrorCode.NO_COMPANY_PREFIX);
  });

  it("property: 4+ leading digits pass; a non-digit among the first four fails at its position", () => {
    property(fc.record({ prefix: digitString(4, 12), rest: cset82(0, 18), at: fc.integer({ min: 0, max: 3 }), bad: fc.constantFrom(..."ABCxyz-_/!") }), ({ prefix, rest, at, bad }) => {
      const value = (prefix + rest).slice(0, 30);
      accepts("8004", value);
      const broken = value.slice(0, at) + bad + value.slice(at + 1);
      expect(gs1ErrorOf(() => validate("8004", broken))).toMatchObject({ code: Gs1ErrorCode.NO_COMPANY_PREFIX, detail: { position: at } });
    });
  });
});

describe("csumalpha: GMN (8013) and MUDI (8014) check character pair", () => {
  it.each([
    ["", "22"],
    ["1987654Ad4X4bL5ttr2310c", "2K"],
    ["12345678901234567890123", "NT"],
    ["12345_ABCDEFGHIJKLM", "CP"],
    ["00000!", "HV"],
  ])("gs1CheckCharacterPair(%j) is %s", (body, pair) => {
    expect(gs1CheckCharacterPair(body)).toBe(pair);
  });

  it.each(["1987654Ad4X4bL5ttr2310c2K", "12345678901234567890123NT", "12345_ABCDEFGHIJKLMCP", "7907665Bm8v2AB", "00000!HV", "0881063PhHvY89"])(
    "accepts the GMN %s",
    (value) => accepts("8013", value),
  );

  it.each([
    ["1987654Ad4X4bL5ttr2310cXK", Gs1ErrorCode.BAD_CHECK_DIGIT, "give 2K"],
    ["1987654Ad4X4bL5ttr2310c2X", Gs1ErrorCode.BAD_CHECK_DIGIT, "give 2K"],
    ["1234567890", Gs1ErrorCode.INVALID_CHARACTER, "character set 32"],
    ["123456789I", Gs1ErrorCode.INVALID_CHARACTER, "'I'"],
    ["1", Gs1ErrorCode.TOO_SHORT, "check character pair"],
  ])("refuses the GMN %s with %s", (value, code, mention) => {
    expectGs1Error(() => validate("8013", value), code, "AI (8013)", mention);
  });

  it("applies to the MUDI (8014) too, before its hasnondigit rule", () => {
    accepts("8014", "1987654Ad4X4bL5ttr2310c2K");
    expectGs1Error(() => validate("8014", "1987654Ad4X4bL5ttr2310c3K"), Gs1ErrorCode.BAD_CHECK_DIGIT, "AI (8014)");
  });

  it("property: a body with its pair passes; any other pair, or any changed body character, fails with BAD_CHECK_DIGIT", () => {
    const arb = fc.record({ prefix: digitString(4, 6), rest: cset82(0, 17), i: fc.nat(), c: fc.constantFrom(...CSET82), p: fc.constantFrom(...CSET32) });
    property(arb, ({ prefix, rest, i, c, p }) => {
      const body = prefix + rest;
      const pair = gs1CheckCharacterPair(body);
      accepts("8013", body + pair);
      const otherPair = pair.charAt(0) + p;
      if (otherPair !== pair) expectGs1Error(() => validate("8013", body + otherPair), Gs1ErrorCode.BAD_CHECK_DIGIT);
      const at = i % body.length;
      const replacement = at < 4 ? String((Number(body.charAt(at)) + 1) % 10) : c;
      const changed = body.slice(0, at) + replacement + body.slice(at + 1);
      if (changed !== body) expectGs1Error(() => validate("8013", changed + pair), Gs1ErrorCode.BAD_CHECK_DIGIT);
    });
  });
});

describe("iso3166 / iso3166999 / iso3166alpha2 / iso4217: country and currency codes", () => {
  it.each([
    ["422", "276"],
    ["422", "894"],
    ["421", "276D-80331"],
    ["423", "276056528"],
    ["426", "004"],
    ["7030", "999PROC1"],
    ["7031", "276PROC2"],
    ["4307", "DE"],
    ["4317", "GB"],
    ["3911", "978123"],
    ["3932", "840995"],
    ["3930", "9991"],
  ])("accepts (%s) %s", (ai, value) => accepts(ai, value));

  it.each([
    ["422", "000", Gs1ErrorCode.UNKNOWN_COUNTRY_CODE, 0],
    ["422", "999", Gs1ErrorCode.UNKNOWN_COUNTRY_CODE, 0],
    ["423", "276999", Gs1ErrorCode.UNKNOWN_COUNTRY_CODE, 3],
    ["425", "276056001", Gs1ErrorCode.UNKNOWN_COUNTRY_CODE, 6],
    ["7030", "998PROC1", Gs1ErrorCode.UNKNOWN_COUNTRY_CODE, 0],
    ["4307", "UK", Gs1ErrorCode.UNKNOWN_COUNTRY_CODE, 0],
    ["4307", "de", Gs1ErrorCode.UNKNOWN_COUNTRY_CODE, 0],
    ["3911", "000123", Gs1ErrorCode.UNKNOWN_CURRENCY_CODE, 0],
    ["3935", "998100", Gs1ErrorCode.UNKNOWN_CURRENCY_CODE, 0],
  ])("refuses (%s) %s with %s at position %s", (ai, value, code, position) => {
    const error = expectGs1Error(() => validate(ai, value), code, `AI (${ai})`);
    expect(error.detail.position).toBe(position);
  });

  const threeDigits = fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, "0"));

  it("property: every listed code passes, every other three digits fail with the field's code", () => {
    property(fc.record({ country: fc.constantFrom(...ISO3166_NUMERIC), currency: fc.constantFrom(...ISO4217_NUMERIC), any: threeDigits, amount: digitString(1, 15) }), (v) => {
      accepts("422", v.country);
      accepts("7032", `${v.country}X`);
      accepts("3912", v.currency + v.amount);
      if (!ISO3166_NUMERIC.has(v.any)) expectGs1Error(() => validate("426", v.any), Gs1ErrorCode.UNKNOWN_COUNTRY_CODE);
      if (!ISO3166_NUMERIC.has(v.any) && v.any !== "999") expectGs1Error(() => validate("7039", `${v.any}X`), Gs1ErrorCode.UNKNOWN_COUNTRY_CODE);
      if (!ISO4217_NUMERIC.has(v.any)) expectGs1Error(() => validate("3939", v.any + v.amount), Gs1ErrorCode.UNKNOWN_CURRENCY_CODE);
    });
  });

  it("property: every alpha-2 country passes (4307), any other two capitals fail with UNKNOWN_COUNTRY_CODE", () => {
    const letter = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    property(fc.record({ country: fc.constantFrom(...ISO3166_ALPHA2), a: letter, b: letter }), ({ country, a, b }) => {
      accepts("4307", country);
      if (!ISO3166_ALPHA2.has(a + b)) expectGs1Error(() => validate("4317", a + b), Gs1ErrorCode.UNKNOWN_COUNTRY_CODE);
    });
  });
});

/** The IBAN with the right check digits for `country` and `bban` (ISO 13616: 98 − the number mod 97). */
function ibanOf(country: string, bban: string): string {
  const numeric = [...`${bban}${country}00`].map((c) => String(parseInt(c, 36))).join("");
  let remainder = 0;
  for (const d of numeric) remainder = (remainder * 10 + Number(d)) % 97;
  return `${country}${String(98 - remainder).padStart(2, "0")}${bban}`;
}

describe("iban: (8007)", () => {
  it.each([
    "DE89370400440532013000",
    "GB82WEST12345698765432",
    "FR7630006000011234567890189",
    "BE71096123456769",
    "MT90MALT011000012345MTLCAST001SABC",
    "CH5604835012345678009",
  ])("accepts %s", (iban) => accepts("8007", iban));

  it.each([
    ["DE89370400440532013001", Gs1ErrorCode.BAD_CHECK_DIGIT, "check digits 89"],
    ["BE71096123456760", Gs1ErrorCode.BAD_CHECK_DIGIT, "mod 97"],
    ["XX89370400440532013000", Gs1ErrorCode.UNKNOWN_COUNTRY_CODE, "\"XX\""],
    ["de89370400440532013000", Gs1ErrorCode.UNKNOWN_COUNTRY_CODE, "country"],
    ["DE89370400", Gs1ErrorCode.TOO_SHORT, "too short for an IBAN"],
    ["BE7", Gs1ErrorCode.TOO_SHORT, "too short to be an IBAN"],
    ["DE89370400440532013a00", Gs1ErrorCode.INVALID_CHARACTER, "'a' at position 20"],
  ])("refuses %s with %s", (iban, code, mention) => {
    expectGs1Error(() => validate("8007", iban), code, "AI (8007)", mention);
  });

  it("property: generated IBANs pass; another check number, a changed digit, a lower-case letter or an unknown country fail with their codes", () => {
    const bban = fc.string({ unit: fc.constantFrom(...ALNUM_UPPER), minLength: 7, maxLength: 30 });
    property(fc.record({ country: fc.constantFrom(...ISO3166_ALPHA2), bban, check: fc.integer({ min: 0, max: 99 }), at: fc.nat() }), ({ country, bban: b, check, at }) => {
      const iban = ibanOf(country, b);
      accepts("8007", iban);
      const other = `${country}${String(check).padStart(2, "0")}${b}`;
      // Check numbers 97 apart (01/98, 02/99, 00/97) are the same modulo 97: only the others must fail.
      if ((check - Number(iban.slice(2, 4))) % 97 !== 0) expectGs1Error(() => validate("8007", other), Gs1ErrorCode.BAD_CHECK_DIGIT);
      const i = 4 + (at % b.length);
      const ch = iban.charAt(i);
      if (/\d/.test(ch)) {
        const changed = iban.slice(0, i) + String((Number(ch) + 1 + (at % 9)) % 10) + iban.slice(i + 1);
        expectGs1Error(() => validate("8007", changed), Gs1ErrorCode.BAD_CHECK_DIGIT);
      } else {
        const lowered = iban.slice(0, i) + ch.toLowerCase() + iban.slice(i + 1);
        expect(gs1ErrorOf(() => validate("8007", lowered))).toMatchObject({ code: Gs1ErrorCode.INVALID_CHARACTER, detail: { position: i } });
      }
      expectGs1Error(() => validate("8007", `AA${iban.slice(2)}`), Gs1ErrorCode.UNKNOWN_COUNTRY_CODE);
    });
  });
});

describe("mediatype (7241), packagetype (7041), importeridx (7040)", () => {
  it.each([
    ["7241", "01"],
    ["7241", "10"],
    ["7241", "80"],
    ["7241", "99"],
    ["7041", "BX"],
    ["7041", "PX"],
    ["7041", "200"],
    ["7041", "8"],
    ["7041", "X11"],
    ["7040", "1AB-"],
    ["7040", "1ABz"],
    ["7040", "9ZZ_"],
  ])("accepts (%s) %s", (ai, value) => accepts(ai, value));

  it.each([
    ["7241", "00", Gs1ErrorCode.NOT_IN_CODE_LIST],
    ["7241", "11", Gs1ErrorCode.NOT_IN_CODE_LIST],
    ["7241", "79", Gs1ErrorCode.NOT_IN_CODE_LIST],
    ["7041", "bx", Gs1ErrorCode.NOT_IN_CODE_LIST],
    ["7041", "ZZZZ", Gs1ErrorCode.NOT_IN_CODE_LIST],
    ["7041", "2", Gs1ErrorCode.NOT_IN_CODE_LIST],
    ["7040", "1AB!", Gs1ErrorCode.INVALID_CHARACTER],
    ["7040", "1AB.", Gs1ErrorCode.INVALID_CHARACTER],
  ])("refuses (%s) %s with %s", (ai, value, code) => {
    expectGs1Error(() => validate(ai, value), code, `AI (${ai})`);
  });

  it("property: listed codes pass, CSET 82 strings outside the lists fail with NOT_IN_CODE_LIST; importer index by character", () => {
    const importerOk = new Set("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");
    property(
      fc.record({ media: fc.constantFrom(...AIDC_MEDIA_TYPES), pkg: fc.constantFrom(...PACKAGE_TYPE_CODES), two: digitString(2, 2), text: cset82(1, 4), ch: fc.constantFrom(...CSET82) }),
      ({ media, pkg, two, text, ch }) => {
        accepts("7241", media);
        accepts("7041", pkg);
        if (!AIDC_MEDIA_TYPES.has(two)) expectGs1Error(() => validate("7241", two), Gs1ErrorCode.NOT_IN_CODE_LIST);
        if (!PACKAGE_TYPE_CODES.has(text)) expectGs1Error(() => validate("7041", text), Gs1ErrorCode.NOT_IN_CODE_LIST);
        if (importerOk.has(ch)) accepts("7040", `1AB${ch}`);
        else expect(gs1ErrorOf(() => validate("7040", `1AB${ch}`))).toMatchObject({ code: Gs1ErrorCode.INVALID_CHARACTER, detail: { position: 3 } });
      },
    );
  });
});

describe("couponcode (8110) and couponposoffer (8112)", () => {
  /** GCP VLI 0 + 123456, offer 123456, save value 1 digit "1", purchase requirement 1 digit "1", code 0, family 123. */
  const BASE = "012345612345611110123";

  it.each([
    ["base fields only", BASE],
    ["a second purchase with the same prefix (VLI 9)", `${BASE}101504569`],
    ["a second purchase with its own 7-digit prefix", `${BASE}1015045617654321`],
    ["a third purchase", `${BASE}21504569`],
    ["expiration then start date", `${BASE}32512314250101`],
    ["a serial number of 6 digits", `${BASE}50123456`],
    ["a retailer GLN of 13 digits", `${BASE}679521234567890`],
    ["miscellaneous field 9", `${BASE}90001`],
    ["every optional field but the serial (70 digits at most)", `${BASE}101504569215045693261231426010161952123490001`],
    ["every optional field but the retailer", `${BASE}10150456921504569326123142601015012345690001`],
  ])("accepts a coupon with %s", (_what, value) => accepts("8110", value));

  it.each([
    ["a letter", "01234561234561111012a", Gs1ErrorCode.INVALID_CHARACTER, "'a'"],
    ["a prefix length indicator 7", "71234567890123", Gs1ErrorCode.BAD_COUPON, "0–6"],
    ["a prefix cut short", "212345", Gs1ErrorCode.BAD_COUPON, "GS1 Company Prefix needs 8 digits"],
    ["an offer code cut short", "0123456123", Gs1ErrorCode.BAD_COUPON, "offer code"],
    ["no save value indicator", "0123456123456", Gs1ErrorCode.BAD_COUPON, "save value length indicator is missing"],
    ["a save value indicator 0", "01234561234560", Gs1ErrorCode.BAD_COUPON, "1–5"],
    ["a purchase requirement code 5", "012345612345611115123", Gs1ErrorCode.BAD_COUPON, "0–4 or 9"],
    ["a family code cut short", "01234561234561111012", Gs1ErrorCode.BAD_COUPON, "family code"],
    ["an additional rules code 4", `${BASE}14`, Gs1ErrorCode.BAD_COUPON, "0–3"],
    ["a second purchase prefix indicator 7", `${BASE}101504567`, Gs1ErrorCode.BAD_COUPON, "0–6 or 9"],
    ["an expiration date in month 13", `${BASE}3251301`, Gs1ErrorCode.BAD_DATE, "expiration date"],
    ["a start date of 30 February", `${BASE}4250230`, Gs1ErrorCode.BAD_DATE, "start date"],
    ["an expiration before the start", `${BASE}32512314260101`, Gs1ErrorCode.BAD_COUPON, "before its start date"],
    ["a serial number cut short", `${BASE}5112345`, Gs1ErrorCode.BAD_COUPON, "serial number"],
    ["a retailer indicator 8", `${BASE}68`, Gs1ErrorCode.BAD_COUPON, "1–7"],
    ["a save value code 3", `${BASE}93`, Gs1ErrorCode.BAD_COUPON, "0, 1, 2, 5 or 6"],
    ["an applies-to-item code 3", `${BASE}903`, Gs1ErrorCode.BAD_COUPON, "0–2"],
    ["a don't-multiply flag 2", `${BASE}90002`, Gs1ErrorCode.BAD_COUPON, "0 or 1"],
    ["extra data", `${BASE}7`, Gs1ErrorCode.BAD_COUPON, "extra data"],
    ["fields out of order", `${BASE}4250101325123`, Gs1ErrorCode.BAD_COUPON, "extra data"],
  ])("refuses a coupon (8110) with %s", (_what, value, code, mention) => {
    expectGs1Error(() => validate("8110", value), code, "AI (8110) COUPON", mention);
  });

  it.each(["001234561234560123456", "101234561234560123456", "0012345612345611234567", "061234567890121234569123456789012345"])("accepts the positive offer coupon %s", (value) =>
    accepts("8112", value),
  );

  it.each([
    ["201234561234560123456", Gs1ErrorCode.BAD_COUPON, "format code"],
    ["07", Gs1ErrorCode.BAD_COUPON, "funder ID length indicator"],
    ["0012345", Gs1ErrorCode.BAD_COUPON, "funder ID needs 6"],
    ["0012345612345", Gs1ErrorCode.BAD_COUPON, "offer code"],
    ["00123456123456", Gs1ErrorCode.BAD_COUPON, "serial number length indicator is missing"],
    ["001234561234561123456", Gs1ErrorCode.BAD_COUPON, "serial number needs 7"],
    ["0012345612345601234567", Gs1ErrorCode.BAD_COUPON, "extra data"],
    ["0012345612345a0123456", Gs1ErrorCode.INVALID_CHARACTER, "'a'"],
  ])("refuses the positive offer coupon (8112) %s with %s", (value, code, mention) => {
    expectGs1Error(() => validate("8112", value), code, "AI (8112)", mention);
  });

  const yymmdd = fc
    .record({ yy: fc.integer({ min: 0, max: 99 }), mm: fc.integer({ min: 1, max: 12 }), dd: fc.integer({ min: 1, max: 28 }) })
    .map(({ yy, mm, dd }) => [yy, mm, dd].map((n) => String(n).padStart(2, "0")).join(""));
  const vliField = (vli: fc.Arbitrary<number>, extra: number): fc.Arbitrary<string> => vli.chain((n) => digitString(n + extra, n + extra).map((d) => `${n}${d}`));
  const purchase = fc.tuple(vliField(fc.integer({ min: 1, max: 5 }), 0), fc.constantFrom("0", "1", "2", "3", "4", "9"), digitString(3, 3)).map((p) => p.join(""));
  const extraPrefix = fc.oneof(fc.constant("9"), vliField(fc.integer({ min: 0, max: 6 }), 6));
  const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

  /** A valid NACC (8110) coupon of at most 70 digits, ending with field 9 when `misc` is set. */
  const coupon = fc
    .record({
      head: fc.tuple(vliField(fc.integer({ min: 0, max: 6 }), 6), digitString(6, 6), vliField(fc.integer({ min: 1, max: 5 }), 0), purchase).map((p) => p.join("")),
      second: opt(fc.tuple(fc.constantFrom("0", "1", "2", "3"), purchase, extraPrefix).map((p) => `1${p.join("")}`)),
      third: opt(fc.tuple(purchase, extraPrefix).map((p) => `2${p.join("")}`)),
      dates: fc.tuple(opt(yymmdd), opt(yymmdd)).map(([a, b]) => (a !== undefined && b !== undefined && b > a ? [b, a] : [a, b])),
      serial: opt(vliField(fc.integer({ min: 0, max: 9 }), 6).map((s) => `5${s}`)),
      retailer: opt(vliField(fc.integer({ min: 1, max: 7 }), 6).map((s) => `6${s}`)),
      misc: opt(fc.tuple(fc.constantFrom("0", "1", "2", "5", "6"), fc.constantFrom("0", "1", "2"), digitString(1, 1), fc.constantFrom("0", "1")).map((p) => `9${p.join("")}`)),
    })
    .map(({ head, second, third, dates: [expiry, start], serial, retailer, misc }) =>
      [head, second, third, expiry === undefined ? undefined : `3${expiry}`, start === undefined ? undefined : `4${start}`, serial, retailer, misc].filter((f) => f !== undefined).join(""),
    )
    .filter((c) => c.length <= 70);

  it("property: generated coupons (8110) pass; without their last digit, with a letter, or with one more digit they fail with their codes", () => {
    property(fc.record({ c: coupon, at: fc.nat(), extra: digitString(1, 1) }), ({ c, at, extra }) => {
      accepts("8110", c);
      expectGs1Error(() => validate("8110", c.slice(0, -1)), Gs1ErrorCode.BAD_COUPON);
      const i = at % c.length;
      expect(gs1ErrorOf(() => validate("8110", `${c.slice(0, i)}x${c.slice(i + 1)}`))).toMatchObject({ code: Gs1ErrorCode.INVALID_CHARACTER, detail: { position: i } });
      if (c.length < 70) expectGs1Error(() => validate("8110", c + extra), Gs1ErrorCode.BAD_COUPON);
    });
  });

  it("property: generated positive offer coupons (8112) pass; cut short or extended they fail with BAD_COUPON", () => {
    const posOffer = fc
      .tuple(fc.constantFrom("0", "1"), vliField(fc.integer({ min: 0, max: 6 }), 6), digitString(6, 6), vliField(fc.integer({ min: 0, max: 9 }), 6))
      .map((p) => p.join(""));
    property(fc.record({ c: posOffer, extra: digitString(1, 1) }), ({ c, extra }) => {
      accepts("8112", c);
      expectGs1Error(() => validate("8112", c.slice(0, -1)), Gs1ErrorCode.BAD_COUPON);
      expectGs1Error(() => validate("8112", c + extra), Gs1ErrorCode.BAD_COUPON, "extra data");
    });
  });
});
