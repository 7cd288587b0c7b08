/** Stable codes of every error this package throws. */
export enum EpcisErrorCode {
  /** The document (or event) breaks the EPCIS 2.0 JSON Schema or a rule the schema cannot express. */
  INVALID_DOCUMENT = "INVALID_DOCUMENT",
  /** The input is not parseable JSON. */
  INVALID_JSON = "INVALID_JSON",
  /** The input is not well-formed XML, declares a DOCTYPE or entities, or is not an EPCIS XML document. */
  INVALID_XML = "INVALID_XML",
  /** The input is larger than an explicit limit (bytes, events, nesting depth). */
  LIMIT_EXCEEDED = "LIMIT_EXCEEDED",
  /** An event cannot be hashed (missing type, unparseable time...). */
  UNHASHABLE_EVENT = "UNHASHABLE_EVENT",
  /** A Digital Link cannot be rendered as an EPC URN without the GS1 Company Prefix length. */
  NEEDS_COMPANY_PREFIX_LENGTH = "NEEDS_COMPANY_PREFIX_LENGTH",
  /** An identifier is not a GS1 identifier in a form this package can convert. */
  UNSUPPORTED_IDENTIFIER = "UNSUPPORTED_IDENTIFIER",
  /** Export was asked to build a document from events that do not make a valid EPCIS document. */
  INVALID_EXPORT = "INVALID_EXPORT",
}

/** One problem found in a document: where (JSON path, e.g. `$.epcisBody.eventList[2].action`), why, and which event. */
export interface EpcisValidationIssue {
  /** JSONPath of the offending value, rooted at `$` (the document, or the bare event). */
  path: string;
  /** Human-readable reason naming the rule that was broken. */
  message: string;
  /** Index of the event in the event list, when the problem is inside an event. */
  eventIndex?: number;
}

/** Base class of all errors thrown by `@tracehub/epcis`; `code` is stable, `message` is for humans. */
export class EpcisError extends Error {
  /** Stable machine-readable code. */
  readonly code: EpcisErrorCode;

  /** @param code stable code; @param message human-readable explanation. */
  constructor(code: EpcisErrorCode, message: string) {
    super(message);
    this.name = "EpcisError";
    this.code = code;
  }
}

/** Thrown by `normalizeEpcisDocument` (and export, when asked to validate) for an invalid document; carries every issue. */
export class EpcisValidationError extends EpcisError {
  /** Every problem found, in document order. */
  readonly errors: EpcisValidationIssue[];

  /** @param errors the issues; the message summarises the first few. */
  constructor(errors: EpcisValidationIssue[], code: EpcisErrorCode = EpcisErrorCode.INVALID_DOCUMENT) {
    const head = errors
      .slice(0, 3)
      .map((e) => `${e.path}: ${e.message}`)
      .join("; ");
    super(code, `Invalid EPCIS document (${errors.length} problem${errors.length === 1 ? "" : "s"}): ${head}${errors.length > 3 ? "; ..." : ""}`);
    this.name = "EpcisValidationError";
    this.errors = errors;
  }
}

/** Thrown when input exceeds a configured limit; `limit` names which one, `actual`/`max` give the figures. */
export class EpcisLimitError extends EpcisError {
  /** Which limit was exceeded. */
  readonly limit: "maxBytes" | "maxEvents" | "maxDepth";
  /** The observed size (bytes, events or depth); a lower bound when counting stopped early. */
  readonly actual: number;
  /** The configured maximum. */
  readonly max: number;

  /** @param limit the limit's option name; @param actual observed size; @param max configured maximum. */
  constructor(limit: "maxBytes" | "maxEvents" | "maxDepth", actual: number, max: number) {
    const what = limit === "maxBytes" ? "bytes" : limit === "maxEvents" ? "events" : "levels of nesting";
    super(
      EpcisErrorCode.LIMIT_EXCEEDED,
      `EPCIS input refused: ${actual} ${what} exceeds the limit of ${max} (${limit}); raise the ${limit} option or split the document`,
    );
    this.name = "EpcisLimitError";
    this.limit = limit;
    this.actual = actual;
    this.max = max;
  }
}
