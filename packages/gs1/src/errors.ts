/**
 * Stable error codes thrown by every function of `@tracehub/gs1`.
 *
 * The code says what kind of rule the input broke; the message of the
 * {@link Gs1Error} says which part of the input broke it, in words a person
 * at a scanner can act on.
 */
export enum Gs1ErrorCode {
  /** The input was empty (or only whitespace). */
  EMPTY_INPUT = "EMPTY_INPUT",
  /** The input is none of the accepted forms (element string, scan data, Digital Link, EPC URI, EPC hex). */
  UNRECOGNIZED_FORMAT = "UNRECOGNIZED_FORMAT",
  /**
   * A GS1 key (GTIN, SSCC, GLN, ...) has a wrong mod-10 check digit; also a wrong GMN/MUDI check character pair
   * (mod 1021) or wrong IBAN check digits (mod 97).
   */
  BAD_CHECK_DIGIT = "BAD_CHECK_DIGIT",
  /** An Application Identifier that is not in the AI table. */
  UNKNOWN_AI = "UNKNOWN_AI",
  /** A character outside the set the field allows (digits only, or GS1 character set 82). */
  INVALID_CHARACTER = "INVALID_CHARACTER",
  /** A value longer than its field allows. */
  TOO_LONG = "TOO_LONG",
  /** A value shorter than its field requires (or empty). */
  TOO_SHORT = "TOO_SHORT",
  /** A date or time field that is not a real date (month 13, 30 February, hour 24...). */
  BAD_DATE = "BAD_DATE",
  /** A value that has the right characters and length but breaks a rule of its field (e.g. a GRAI not starting with 0). */
  BAD_VALUE = "BAD_VALUE",
  /** A value that must begin with a GS1 Company Prefix does not: its first four characters (after the indicator or extension digit for `gcppos2`) are not all digits. */
  NO_COMPANY_PREFIX = "NO_COMPANY_PREFIX",
  /** A country code that is not in ISO 3166-1 (numeric or alpha-2, as the field wants; also the country of an IBAN). */
  UNKNOWN_COUNTRY_CODE = "UNKNOWN_COUNTRY_CODE",
  /** A currency code that is not an ISO 4217 numeric code. */
  UNKNOWN_CURRENCY_CODE = "UNKNOWN_CURRENCY_CODE",
  /** A code that is not in the code list its field uses (AIDC media type of 7241, package type of 7041). */
  NOT_IN_CODE_LIST = "NOT_IN_CODE_LIST",
  /** A North American coupon code (8110, 8112) whose fields break the coupon data rules (length indicator, code value, missing or extra data, dates out of order). */
  BAD_COUPON = "BAD_COUPON",
  /** An AI that needs another AI beside it (e.g. serial (21) without GTIN (01)). */
  MISSING_REQUIRED_AI = "MISSING_REQUIRED_AI",
  /** Two AIs that must not appear together (e.g. (21) and (235)). */
  EXCLUDED_AI_COMBINATION = "EXCLUDED_AI_COMBINATION",
  /** The same AI twice with different values. */
  DUPLICATE_AI = "DUPLICATE_AI",
  /** Digital Link key qualifiers in the wrong order (e.g. /21/ before /10/). */
  QUALIFIER_ORDER = "QUALIFIER_ORDER",
  /** A Digital Link path AI that is not a qualifier of the primary key. */
  INVALID_QUALIFIER = "INVALID_QUALIFIER",
  /** An AI that may not appear in a Digital Link query string, or that no Digital Link can carry. */
  NOT_A_DL_ATTRIBUTE = "NOT_A_DL_ATTRIBUTE",
  /**
   * A Digital Link query attribute that is a key qualifier of the path's primary key, so it belongs in the path
   * (`/01/…?21=ABC`, or `/01/…/21/S?10=L`: (10) fits between the key and (21)).
   */
  DL_QUALIFIER_IN_QUERY = "DL_QUALIFIER_IN_QUERY",
  /** The same AI twice in one Digital Link (path twice, query twice, or path and query), whatever the values. */
  DL_DUPLICATE_AI = "DL_DUPLICATE_AI",
  /** An empty segment in the GS1 part of a Digital Link path: an empty AI value, `//`, or a trailing `/`. */
  DL_EMPTY_SEGMENT = "DL_EMPTY_SEGMENT",
  /** A URI that is not a GS1 Digital Link (no primary key found in its path). */
  NOT_A_DIGITAL_LINK = "NOT_A_DIGITAL_LINK",
  /** Malformed percent-encoding (`%` not followed by two hex digits, or invalid UTF-8). */
  BAD_PERCENT_ENCODING = "BAD_PERCENT_ENCODING",
  /** A GTIN-8/12/13 in a Digital Link path, which must carry 14 digits unless the lenient option is set. */
  ZERO_SUPPRESSED_GTIN = "ZERO_SUPPRESSED_GTIN",
  /** A symbology identifier (`]xx`) that does not carry GS1 data this library reads. */
  UNSUPPORTED_SYMBOLOGY = "UNSUPPORTED_SYMBOLOGY",
  /** An EPC URI whose structure is wrong (missing field, wrong digit count...). */
  BAD_EPC_URI = "BAD_EPC_URI",
  /** An EPC scheme or binary scheme this library does not support, or one that does not fit the identifier. */
  UNSUPPORTED_SCHEME = "UNSUPPORTED_SCHEME",
  /** A filter value outside 0–7. */
  BAD_FILTER = "BAD_FILTER",
  /** The conversion needs the GS1 Company Prefix length and none was given or carried by the input. */
  NEEDS_COMPANY_PREFIX_LENGTH = "NEEDS_COMPANY_PREFIX_LENGTH",
  /** A GS1 Company Prefix length outside what the conversion supports (6–12 for EPC). */
  BAD_COMPANY_PREFIX_LENGTH = "BAD_COMPANY_PREFIX_LENGTH",
  /** EPC binary shorter than its scheme requires. */
  TRUNCATED_BINARY = "TRUNCATED_BINARY",
  /** EPC binary with an unknown header byte. */
  UNKNOWN_HEADER = "UNKNOWN_HEADER",
  /** EPC binary whose fields are invalid (partition 7, a field too large for its digits, non-zero padding...). */
  BAD_BINARY = "BAD_BINARY",
  /** The value cannot be represented in the requested scheme (e.g. a letter in an SGTIN-96 serial). */
  NOT_ENCODABLE = "NOT_ENCODABLE",
  /** The identifier lacks the key the conversion needs (e.g. a unit id from a lot-only code). */
  MISSING_KEY = "MISSING_KEY",
  /** An option that is missing or invalid (stem, scheme, filter). */
  INVALID_OPTION = "INVALID_OPTION",
}

/** Where in the input a problem was found, when that is known. */
export interface Gs1ErrorDetail {
  /** The Application Identifier whose value is at fault. */
  ai?: string;
  /** The offending value or fragment of input. */
  value?: string;
  /** Zero-based character position in the input. */
  position?: number;
}

/**
 * The only error type this package throws.
 *
 * `code` is stable and meant for programs; `message` names the part of the
 * input and the rule it broke, for people.
 */
export class Gs1Error extends Error {
  /** Stable machine-readable code. */
  readonly code: Gs1ErrorCode;
  /** Extra facts about the failure (AI, value, position). */
  readonly detail: Gs1ErrorDetail;

  constructor(code: Gs1ErrorCode, message: string, detail: Gs1ErrorDetail = {}) {
    super(message);
    this.name = "Gs1Error";
    this.code = code;
    this.detail = detail;
  }
}

/** Type guard: is `error` a {@link Gs1Error} (optionally with the given code)? */
export function isGs1Error(error: unknown, code?: Gs1ErrorCode): error is Gs1Error {
  return error instanceof Gs1Error && (code === undefined || error.code === code);
}

/** @internal shorthand used across the package. */
export function fail(code: Gs1ErrorCode, message: string, detail?: Gs1ErrorDetail): never {
  throw new Gs1Error(code, message, detail);
}
