import { isCset82 } from "./charset";
import { gs1CheckDigit, isDigits } from "./check-digit";
import type { Gs1Element } from "./element-string";
import { Gs1ErrorCode, fail } from "./errors";

/**
 * An EPC identity split at the GS1 Company Prefix, as EPC URIs and RFID tags carry it.
 * `itemRef` of SGTIN/LGTIN includes the indicator digit in front; `serialRef` of SSCC includes the extension digit.
 */
export type EpcIdentity =
  | { scheme: "sgtin"; companyPrefix: string; itemRef: string; serial: string }
  | { scheme: "lgtin"; companyPrefix: string; itemRef: string; lot: string }
  | { scheme: "gtin"; companyPrefix: string; itemRef: string }
  | { scheme: "sscc"; companyPrefix: string; serialRef: string }
  | { scheme: "sgln"; companyPrefix: string; locationRef: string; extension: string }
  | { scheme: "pgln"; companyPrefix: string; partyRef: string }
  | { scheme: "grai"; companyPrefix: string; assetType: string; serial: string }
  | { scheme: "giai"; companyPrefix: string; assetRef: string }
  | { scheme: "gdti"; companyPrefix: string; documentType: string; serial: string }
  | { scheme: "gsrn" | "gsrnp"; companyPrefix: string; serviceRef: string }
  | { scheme: "sgcn"; companyPrefix: string; couponRef: string; serial: string }
  | { scheme: "gsin"; companyPrefix: string; shipperRef: string }
  | { scheme: "ginc"; companyPrefix: string; consignmentRef: string }
  | { scheme: "upui"; companyPrefix: string; itemRef: string; tpx: string }
  | { scheme: "itip"; companyPrefix: string; itemRef: string; piece: string; total: string; serial: string }
  | { scheme: "cpi"; companyPrefix: string; componentRef: string; serial: string }
  | { scheme: "gid"; generalManager: string; objectClass: string; serial: string }
  | { scheme: "usdod"; cageOrDodaac: string; serial: string }
  | { scheme: "adi"; cageOrDodaac: string; partNumber: string; serial: string }
  | { scheme: "idpat"; pattern: EpcPattern };

/** Identity schemes that have EPC pattern URIs (`urn:epc:idpat:{scheme}:…`), per TDS 2.x. */
export type EpcPatternScheme =
  | "sgtin" | "sscc" | "sgln" | "pgln" | "grai" | "giai" | "gdti" | "gsrn" | "gsrnp" | "sgcn" | "gsin" | "ginc" | "upui" | "itip" | "cpi"
  | "gid" | "usdod" | "adi";

/**
 * An EPC pattern URI (`urn:epc:idpat:…`): the scheme and its fields in URI order, decoded (no percent-encoding),
 * `"*"` for a wildcard. Wildcards stand for a suffix of the fields, in the positions TDS allows (see
 * {@link parseEpcPatternUri}). A field whose whole value is `*` is always a wildcard.
 */
export interface EpcPattern {
  scheme: EpcPatternScheme;
  fields: readonly string[];
}

/** EPC identity schemes this package reads and writes. */
export type EpcIdentityScheme = EpcIdentity["scheme"];

/** RFID binary schemes this package encodes and decodes (tag URIs and hex). */
export type EpcBinaryScheme =
  | "sgtin-96"
  | "sgtin-198"
  | "sscc-96"
  | "sgln-96"
  | "sgln-195"
  | "grai-96"
  | "grai-170"
  | "giai-96"
  | "giai-202"
  | "gdti-96"
  | "gdti-174"
  | "gdti-113"
  | "sgcn-96"
  | "gsrn-96"
  | "gsrnp-96"
  | "itip-110"
  | "itip-212"
  | "cpi-96"
  | "cpi-var"
  | "gid-96"
  | "usdod-96"
  | "adi-var";

/** Every binary scheme, in a stable order. */
export const EPC_BINARY_SCHEMES: readonly EpcBinaryScheme[] = [
  "sgtin-96",
  "sgtin-198",
  "sscc-96",
  "sgln-96",
  "sgln-195",
  "grai-96",
  "grai-170",
  "giai-96",
  "giai-202",
  "gdti-96",
  "gdti-174",
  "gdti-113",
  "sgcn-96",
  "gsrn-96",
  "gsrnp-96",
  "itip-110",
  "itip-212",
  "cpi-96",
  "cpi-var",
  "gid-96",
  "usdod-96",
  "adi-var",
];

/** The identity scheme a binary scheme carries. */
export function identitySchemeOf(scheme: EpcBinaryScheme): EpcIdentityScheme {
  return scheme.slice(0, scheme.indexOf("-")) as EpcIdentityScheme;
}

const URI_ESCAPES: Record<string, string> = { '"': "%22", "%": "%25", "&": "%26", "/": "%2F", "<": "%3C", ">": "%3E", "?": "%3F", "#": "%23" };

/** Escapes a CSET 82 value for an EPC URI (`" % & / < > ?` become `%22 %25 %26 %2F %3C %3E %3F`). */
export function escapeEpcComponent(value: string): string {
  return /["%&/<>?#]/.test(value) ? value.replace(/["%&/<>?#]/g, (c) => URI_ESCAPES[c] ?? c) : value;
}

/** Decodes `%XX` escapes of an EPC URI component. @throws Gs1Error `BAD_PERCENT_ENCODING`. */
export function unescapeEpcComponent(value: string, what: string): string {
  if (!value.includes("%")) return value;
  return value.replace(/%(..)?/g, (whole, hex: string | undefined) => {
    if (hex === undefined || !/^[0-9A-Fa-f]{2}$/.test(hex)) {
      fail(Gs1ErrorCode.BAD_PERCENT_ENCODING, `The ${what} "${value}" has a '%' that is not followed by two hex digits.`, { value });
    }
    return String.fromCharCode(parseInt(hex, 16));
  });
}

function checkCompanyPrefix(gcp: string, uri: string): void {
  if (!isDigits(gcp)) fail(Gs1ErrorCode.BAD_EPC_URI, `The company prefix "${gcp}" in ${uri} must be digits.`, { value: gcp });
  if (gcp.length < 6 || gcp.length > 12) {
    fail(Gs1ErrorCode.BAD_COMPANY_PREFIX_LENGTH, `The company prefix "${gcp}" in ${uri} has ${gcp.length} digits; EPC URIs use 6 to 12.`, { value: gcp });
  }
}

function checkRef(ref: string, digits: number, what: string, uri: string): void {
  if (ref.length !== digits || (digits > 0 && !isDigits(ref))) {
    fail(
      Gs1ErrorCode.BAD_EPC_URI,
      `The ${what} "${ref}" in ${uri} must be ${digits} digits, so that company prefix and ${what} together make the key's length.`,
      { value: ref },
    );
  }
}

function checkText(text: string, max: number, what: string, uri: string): void {
  if (text.length === 0) fail(Gs1ErrorCode.BAD_EPC_URI, `${uri} has no ${what}.`, { value: uri });
  if (text.length > max) fail(Gs1ErrorCode.TOO_LONG, `The ${what} "${text}" in ${uri} has ${text.length} characters; at most ${max} are allowed.`, { value: text });
  if (!isCset82(text)) {
    fail(Gs1ErrorCode.INVALID_CHARACTER, `The ${what} "${text}" in ${uri} has a character outside GS1 character set 82.`, { value: text });
  }
}

/** A decimal integer without leading zeros that fits `bits` bits (GID, USDOD fields). */
function checkDecimal(value: string, bits: number, what: string, uri: string): void {
  if (!/^(0|[1-9]\d*)$/.test(value) || BigInt(value) > 2n ** BigInt(bits) - 1n) {
    fail(Gs1ErrorCode.BAD_EPC_URI, `The ${what} "${value}" in ${uri} must be a decimal integer without leading zeros, 0 to ${2n ** BigInt(bits) - 1n}.`, { value });
  }
}

/** A US DoD CAGE code (5 characters) or DoDAAC (6): digits and capital letters other than I and O. */
function checkCage(value: string, uri: string): void {
  if (!/^[0-9A-HJ-NP-Z]{5,6}$/.test(value)) {
    fail(Gs1ErrorCode.BAD_EPC_URI, `The CAGE code or DoDAAC "${value}" in ${uri} must be 5 or 6 of 0-9 and A-Z without I and O.`, { value });
  }
}

/** Splits `body` at the first `count - 1` dots (the last field keeps any further dots). */
function splitFields(body: string, count: number, uri: string, shape: string): string[] {
  const fields: string[] = [];
  let rest = body;
  for (let i = 0; i < count - 1; i++) {
    const dot = rest.indexOf(".");
    if (dot === -1) fail(Gs1ErrorCode.BAD_EPC_URI, `${uri} should have the form ${shape}; a field is missing.`, { value: uri });
    fields.push(rest.slice(0, dot));
    rest = rest.slice(dot + 1);
  }
  fields.push(rest);
  return fields;
}

// Constants rather than a template per parse (they only appear in error messages).
const SGTIN_SHAPE = "urn:epc:id:sgtin:{companyPrefix}.{indicator+itemRef}.{serial}";
const LGTIN_SHAPE = "urn:epc:class:lgtin:{companyPrefix}.{indicator+itemRef}.{lot}";

/**
 * Parses the body of a pure-identity, class or pattern EPC URI (what follows `urn:epc:id:sgtin:` etc.).
 * @internal
 */
export function parseIdentityBody(scheme: EpcIdentityScheme, body: string, uri: string): EpcIdentity {
  switch (scheme) {
    case "sgtin":
    case "lgtin": {
      const [gcp = "", itemRef = "", raw = ""] = splitFields(body, 3, uri, scheme === "sgtin" ? SGTIN_SHAPE : LGTIN_SHAPE);
      checkCompanyPrefix(gcp, uri);
      checkRef(itemRef, 13 - gcp.length, "indicator and item reference", uri);
      const text = unescapeEpcComponent(raw, scheme === "sgtin" ? "serial" : "lot");
      checkText(text, 20, scheme === "sgtin" ? "serial" : "lot", uri);
      return scheme === "sgtin"
        ? { scheme, companyPrefix: gcp, itemRef, serial: text }
        : { scheme, companyPrefix: gcp, itemRef, lot: text };
    }
    case "gtin": {
      const [gcp = "", itemRef = "", star = ""] = splitFields(body, 3, uri, "urn:epc:idpat:sgtin:{companyPrefix}.{indicator+itemRef}.*");
      checkCompanyPrefix(gcp, uri);
      checkRef(itemRef, 13 - gcp.length, "indicator and item reference", uri);
      if (star !== "*") {
        fail(Gs1ErrorCode.BAD_EPC_URI, `Only the pattern "{companyPrefix}.{itemRef}.*" (any serial of one GTIN) is supported; ${uri} has "${star}".`, { value: uri });
      }
      return { scheme, companyPrefix: gcp, itemRef };
    }
    case "sscc": {
      const [gcp = "", serialRef = ""] = splitFields(body, 2, uri, "urn:epc:id:sscc:{companyPrefix}.{extension+serialRef}");
      checkCompanyPrefix(gcp, uri);
      checkRef(serialRef, 17 - gcp.length, "extension digit and serial reference", uri);
      return { scheme, companyPrefix: gcp, serialRef };
    }
    case "sgln": {
      const [gcp = "", locationRef = "", raw = ""] = splitFields(body, 3, uri, "urn:epc:id:sgln:{companyPrefix}.{locationRef}.{extension}");
      checkCompanyPrefix(gcp, uri);
      checkRef(locationRef, 12 - gcp.length, "location reference", uri);
      const extension = unescapeEpcComponent(raw, "extension");
      checkText(extension, 20, "extension", uri);
      return { scheme, companyPrefix: gcp, locationRef, extension };
    }
    case "pgln": {
      const [gcp = "", partyRef = ""] = splitFields(body, 2, uri, "urn:epc:id:pgln:{companyPrefix}.{partyRef}");
      checkCompanyPrefix(gcp, uri);
      checkRef(partyRef, 12 - gcp.length, "party reference", uri);
      return { scheme, companyPrefix: gcp, partyRef };
    }
    case "grai": {
      const [gcp = "", assetType = "", raw = ""] = splitFields(body, 3, uri, "urn:epc:id:grai:{companyPrefix}.{assetType}.{serial}");
      checkCompanyPrefix(gcp, uri);
      checkRef(assetType, 12 - gcp.length, "asset type", uri);
      const serial = unescapeEpcComponent(raw, "serial");
      checkText(serial, 16, "serial", uri);
      return { scheme, companyPrefix: gcp, assetType, serial };
    }
    case "gdti": {
      const [gcp = "", documentType = "", raw = ""] = splitFields(body, 3, uri, "urn:epc:id:gdti:{companyPrefix}.{documentType}.{serial}");
      checkCompanyPrefix(gcp, uri);
      checkRef(documentType, 12 - gcp.length, "document type", uri);
      const serial = unescapeEpcComponent(raw, "serial");
      checkText(serial, 17, "serial", uri);
      return { scheme, companyPrefix: gcp, documentType, serial };
    }
    case "gsrn":
    case "gsrnp": {
      const [gcp = "", serviceRef = ""] = splitFields(body, 2, uri, `urn:epc:id:${scheme}:{companyPrefix}.{serviceRef}`);
      checkCompanyPrefix(gcp, uri);
      checkRef(serviceRef, 17 - gcp.length, "service reference", uri);
      return { scheme, companyPrefix: gcp, serviceRef };
    }
    case "sgcn": {
      const [gcp = "", couponRef = "", serial = ""] = splitFields(body, 3, uri, "urn:epc:id:sgcn:{companyPrefix}.{couponRef}.{serial}");
      checkCompanyPrefix(gcp, uri);
      checkRef(couponRef, 12 - gcp.length, "coupon reference", uri);
      if (!/^\d{1,12}$/.test(serial)) fail(Gs1ErrorCode.BAD_EPC_URI, `The coupon serial "${serial}" in ${uri} must be 1 to 12 digits.`, { value: serial });
      return { scheme, companyPrefix: gcp, couponRef, serial };
    }
    case "gsin": {
      const [gcp = "", shipperRef = ""] = splitFields(body, 2, uri, "urn:epc:id:gsin:{companyPrefix}.{shipperRef}");
      checkCompanyPrefix(gcp, uri);
      checkRef(shipperRef, 16 - gcp.length, "shipper reference", uri);
      return { scheme, companyPrefix: gcp, shipperRef };
    }
    case "ginc": {
      const [gcp = "", raw = ""] = splitFields(body, 2, uri, "urn:epc:id:ginc:{companyPrefix}.{consignmentRef}");
      checkCompanyPrefix(gcp, uri);
      const consignmentRef = unescapeEpcComponent(raw, "consignment reference");
      checkText(consignmentRef, 30 - gcp.length, "consignment reference", uri);
      return { scheme, companyPrefix: gcp, consignmentRef };
    }
    case "upui": {
      const [gcp = "", itemRef = "", raw = ""] = splitFields(body, 3, uri, "urn:epc:id:upui:{companyPrefix}.{indicator+itemRef}.{tpx}");
      checkCompanyPrefix(gcp, uri);
      checkRef(itemRef, 13 - gcp.length, "indicator and item reference", uri);
      const tpx = unescapeEpcComponent(raw, "third-party serial extension");
      checkText(tpx, 28, "third-party serial extension", uri);
      return { scheme, companyPrefix: gcp, itemRef, tpx };
    }
    case "itip": {
      const [gcp = "", itemRef = "", piece = "", total = "", raw = ""] = splitFields(body, 5, uri, "urn:epc:id:itip:{companyPrefix}.{indicator+itemRef}.{piece}.{total}.{serial}");
      checkCompanyPrefix(gcp, uri);
      checkRef(itemRef, 13 - gcp.length, "indicator and item reference", uri);
      checkRef(piece, 2, "piece number", uri);
      checkRef(total, 2, "total count", uri);
      const serial = unescapeEpcComponent(raw, "serial");
      checkText(serial, 20, "serial", uri);
      return { scheme, companyPrefix: gcp, itemRef, piece, total, serial };
    }
    case "cpi": {
      const [gcp = "", rest = ""] = splitFields(body, 2, uri, "urn:epc:id:cpi:{companyPrefix}.{componentRef}.{serial}");
      checkCompanyPrefix(gcp, uri);
      const dot = rest.lastIndexOf(".");
      const componentRef = unescapeEpcComponent(dot === -1 ? rest : rest.slice(0, dot), "component/part reference");
      const serial = dot === -1 ? "" : rest.slice(dot + 1);
      if (componentRef === "" || componentRef.length > 30 - gcp.length || !/^[0-9A-Z#/-]+$/.test(componentRef)) {
        fail(Gs1ErrorCode.BAD_EPC_URI, `The component/part reference "${componentRef}" in ${uri} must be 1 to ${30 - gcp.length} of A-Z, 0-9, #, -, /.`, { value: componentRef });
      }
      if (!/^(0|[1-9]\d{0,11})$/.test(serial)) fail(Gs1ErrorCode.BAD_EPC_URI, `The CPI serial "${serial}" in ${uri} must be 1 to 12 digits without leading zeros.`, { value: serial });
      return { scheme, companyPrefix: gcp, componentRef, serial };
    }
    case "gid": {
      const [generalManager = "", objectClass = "", serial = ""] = splitFields(body, 3, uri, "urn:epc:id:gid:{generalManager}.{objectClass}.{serial}");
      checkDecimal(generalManager, 28, "general manager number", uri);
      checkDecimal(objectClass, 24, "object class", uri);
      checkDecimal(serial, 36, "serial", uri);
      return { scheme, generalManager, objectClass, serial };
    }
    case "usdod": {
      const [cageOrDodaac = "", serial = ""] = splitFields(body, 2, uri, "urn:epc:id:usdod:{cageOrDodaac}.{serial}");
      checkCage(cageOrDodaac, uri);
      checkDecimal(serial, 36, "serial", uri);
      return { scheme, cageOrDodaac, serial };
    }
    case "adi": {
      const [cageOrDodaac = "", rawPart = "", rawSerial = ""] = splitFields(body, 3, uri, "urn:epc:id:adi:{cageOrDodaac}.{partNumber}.{serial}");
      checkCage(cageOrDodaac, uri);
      const partNumber = unescapeEpcComponent(rawPart, "original part number");
      const serial = unescapeEpcComponent(rawSerial, "serial");
      if (partNumber.length > 32 || !/^[0-9A-Z/-]*$/.test(partNumber)) {
        fail(Gs1ErrorCode.BAD_EPC_URI, `The original part number "${partNumber}" in ${uri} must be 0 to 32 of A-Z, 0-9, -, /.`, { value: partNumber });
      }
      if (serial.length > 30 || !/^#?[0-9A-Z/-]+$/.test(serial)) {
        fail(Gs1ErrorCode.BAD_EPC_URI, `The ADI serial "${serial}" in ${uri} must be 1 to 30 of A-Z, 0-9, -, /, optionally starting with # (written %23).`, { value: serial });
      }
      return { scheme, cageOrDodaac, partNumber, serial };
    }
    case "idpat":
      return fail(Gs1ErrorCode.BAD_EPC_URI, `${uri} is a pattern; read it with parseEpcPatternUri.`, { value: uri });
    case "giai": {
      const [gcp = "", raw = ""] = splitFields(body, 2, uri, "urn:epc:id:giai:{companyPrefix}.{assetRef}");
      checkCompanyPrefix(gcp, uri);
      const assetRef = unescapeEpcComponent(raw, "asset reference");
      checkText(assetRef, 30 - gcp.length, "asset reference", uri);
      return { scheme, companyPrefix: gcp, assetRef };
    }
  }
}

/** Writes the body of an EPC URI for an identity (no `urn:epc:...:` prefix). @internal */
export function formatIdentityBody(id: EpcIdentity): string {
  switch (id.scheme) {
    case "sgtin":
      return `${id.companyPrefix}.${id.itemRef}.${escapeEpcComponent(id.serial)}`;
    case "lgtin":
      return `${id.companyPrefix}.${id.itemRef}.${escapeEpcComponent(id.lot)}`;
    case "gtin":
      return `${id.companyPrefix}.${id.itemRef}.*`;
    case "sscc":
      return `${id.companyPrefix}.${id.serialRef}`;
    case "sgln":
      return `${id.companyPrefix}.${id.locationRef}.${escapeEpcComponent(id.extension)}`;
    case "pgln":
      return `${id.companyPrefix}.${id.partyRef}`;
    case "grai":
      return `${id.companyPrefix}.${id.assetType}.${escapeEpcComponent(id.serial)}`;
    case "giai":
      return `${id.companyPrefix}.${escapeEpcComponent(id.assetRef)}`;
    case "gdti":
      return `${id.companyPrefix}.${id.documentType}.${escapeEpcComponent(id.serial)}`;
    case "gsrn":
    case "gsrnp":
      return `${id.companyPrefix}.${id.serviceRef}`;
    case "sgcn":
      return `${id.companyPrefix}.${id.couponRef}.${id.serial}`;
    case "gsin":
      return `${id.companyPrefix}.${id.shipperRef}`;
    case "ginc":
      return `${id.companyPrefix}.${escapeEpcComponent(id.consignmentRef)}`;
    case "upui":
      return `${id.companyPrefix}.${id.itemRef}.${escapeEpcComponent(id.tpx)}`;
    case "itip":
      return `${id.companyPrefix}.${id.itemRef}.${id.piece}.${id.total}.${escapeEpcComponent(id.serial)}`;
    case "cpi":
      return `${id.companyPrefix}.${escapeEpcComponent(id.componentRef)}.${id.serial}`;
    case "gid":
      return `${id.generalManager}.${id.objectClass}.${id.serial}`;
    case "usdod":
      return `${id.cageOrDodaac}.${id.serial}`;
    case "adi":
      return `${id.cageOrDodaac}.${escapeEpcComponent(id.partNumber)}.${escapeEpcComponent(id.serial)}`;
    case "idpat":
      return id.pattern.fields.map((f) => (f === "*" ? "*" : escapeEpcComponent(f))).join(".");
  }
}

/** The URI prefix of an identity: `urn:epc:id:sgtin:`, `urn:epc:class:lgtin:`, `urn:epc:idpat:sgtin:`... */
export function identityUriPrefix(scheme: EpcIdentityScheme): string {
  if (scheme === "lgtin") return "urn:epc:class:lgtin:";
  if (scheme === "gtin") return "urn:epc:idpat:sgtin:";
  return `urn:epc:id:${scheme}:`;
}

/** The decoded fields of an identity in EPC URI order (company prefix first, where there is one). @internal */
export function identityFields(id: EpcIdentity): string[] {
  switch (id.scheme) {
    case "sgtin":
      return [id.companyPrefix, id.itemRef, id.serial];
    case "lgtin":
      return [id.companyPrefix, id.itemRef, id.lot];
    case "gtin":
      return [id.companyPrefix, id.itemRef, "*"];
    case "sscc":
      return [id.companyPrefix, id.serialRef];
    case "sgln":
      return [id.companyPrefix, id.locationRef, id.extension];
    case "pgln":
      return [id.companyPrefix, id.partyRef];
    case "grai":
      return [id.companyPrefix, id.assetType, id.serial];
    case "giai":
      return [id.companyPrefix, id.assetRef];
    case "gdti":
      return [id.companyPrefix, id.documentType, id.serial];
    case "gsrn":
    case "gsrnp":
      return [id.companyPrefix, id.serviceRef];
    case "sgcn":
      return [id.companyPrefix, id.couponRef, id.serial];
    case "gsin":
      return [id.companyPrefix, id.shipperRef];
    case "ginc":
      return [id.companyPrefix, id.consignmentRef];
    case "upui":
      return [id.companyPrefix, id.itemRef, id.tpx];
    case "itip":
      return [id.companyPrefix, id.itemRef, id.piece, id.total, id.serial];
    case "cpi":
      return [id.companyPrefix, id.componentRef, id.serial];
    case "gid":
      return [id.generalManager, id.objectClass, id.serial];
    case "usdod":
      return [id.cageOrDodaac, id.serial];
    case "adi":
      return [id.cageOrDodaac, id.partNumber, id.serial];
    case "idpat":
      return [...id.pattern.fields];
  }
}

/** The GS1 Company Prefix of an identity or pattern, or `undefined` (GID, USDOD, ADI, a pattern with `*` there). */
export function identityCompanyPrefix(id: EpcIdentity): string | undefined {
  if ("companyPrefix" in id) return id.companyPrefix;
  if (id.scheme === "idpat" && !NO_GCP_PATTERNS.has(id.pattern.scheme) && id.pattern.fields[0] !== "*") return id.pattern.fields[0];
  return undefined;
}

const NO_GCP_PATTERNS: ReadonlySet<EpcPatternScheme> = new Set(["gid", "usdod", "adi"]);

const zeros = (n: number): string => "0".repeat(Math.max(0, n));

/**
 * Pattern URI rules per scheme: field count, the positions where the wildcards may start (TDS 2.x grammar: the
 * fields from that position on are all `*`), and valid stand-in values for the wildcard fields given a company
 * prefix of `l` digits (used only to check the fields that are given, with the pure-identity rules).
 */
const PATTERN_SPECS: Readonly<Record<EpcPatternScheme, { count: number; starts: readonly number[]; fill: (l: number) => string[] }>> = {
  sgtin: { count: 3, starts: [0, 1, 2], fill: (l) => [zeros(l), zeros(13 - l), "1"] },
  sscc: { count: 2, starts: [0, 1], fill: (l) => [zeros(l), zeros(17 - l)] },
  sgln: { count: 3, starts: [0, 1, 2], fill: (l) => [zeros(l), zeros(12 - l), "0"] },
  pgln: { count: 2, starts: [0, 1], fill: (l) => [zeros(l), zeros(12 - l)] },
  grai: { count: 3, starts: [0, 1, 2], fill: (l) => [zeros(l), zeros(12 - l), "1"] },
  giai: { count: 2, starts: [0, 1], fill: (l) => [zeros(l), "1"] },
  gdti: { count: 3, starts: [0, 1, 2], fill: (l) => [zeros(l), zeros(12 - l), "1"] },
  gsrn: { count: 2, starts: [0, 1], fill: (l) => [zeros(l), zeros(17 - l)] },
  gsrnp: { count: 2, starts: [0, 1], fill: (l) => [zeros(l), zeros(17 - l)] },
  sgcn: { count: 3, starts: [0, 1, 2], fill: (l) => [zeros(l), zeros(12 - l), "1"] },
  gsin: { count: 2, starts: [0, 1], fill: (l) => [zeros(l), zeros(16 - l)] },
  ginc: { count: 2, starts: [0, 1], fill: (l) => [zeros(l), "1"] },
  upui: { count: 3, starts: [0, 1, 2], fill: (l) => [zeros(l), zeros(13 - l), "1"] },
  itip: { count: 5, starts: [0, 1, 4], fill: (l) => [zeros(l), zeros(13 - l), "01", "01", "1"] },
  cpi: { count: 3, starts: [0, 1, 2], fill: (l) => [zeros(l), "1", "1"] },
  gid: { count: 3, starts: [0, 1, 2], fill: () => ["0", "0", "0"] },
  usdod: { count: 2, starts: [0, 1], fill: () => ["00000", "0"] },
  adi: { count: 3, starts: [0, 1, 2], fill: () => ["00000", "", "1"] },
};

/** Schemes of `urn:epc:idpat:` URIs this package reads and writes. */
export const PATTERN_SCHEMES: readonly EpcPatternScheme[] = Object.keys(PATTERN_SPECS) as EpcPatternScheme[];

function patternShape(scheme: EpcPatternScheme): string {
  const { count, starts } = PATTERN_SPECS[scheme];
  return starts.map((k) => Array.from({ length: count }, (_, i) => (i < k ? `{field${i + 1}}` : "*")).join(".")).join(" or ");
}

/** Parses the body of a pattern URI (what follows `urn:epc:idpat:{scheme}:`). @internal */
export function parsePatternBody(scheme: EpcPatternScheme, body: string, uri: string): EpcPattern {
  const spec = PATTERN_SPECS[scheme];
  const raw = splitFields(body, spec.count, uri, `urn:epc:idpat:${scheme}:${patternShape(scheme)}`);
  const star = raw.indexOf("*");
  const given = star === -1 ? spec.count : star;
  if (star !== -1 && (!spec.starts.includes(star) || raw.slice(star).some((f) => f !== "*"))) {
    fail(
      Gs1ErrorCode.BAD_EPC_URI,
      `In ${uri} a * must stand for the last fields together, as in ${patternShape(scheme)}.`,
      { value: uri },
    );
  }
  const fill = spec.fill(given === 0 || NO_GCP_PATTERNS.has(scheme) ? 7 : (raw[0] ?? "").length);
  const full = raw.map((f, i) => (i < given ? f : (fill[i] ?? "")));
  const identity = parseIdentityBody(scheme, full.join("."), uri);
  const fields = identityFields(identity).map((f, i) => (i < given ? f : "*"));
  return { scheme, fields };
}

/**
 * Reads an EPC pattern URI `urn:epc:idpat:{scheme}:…` (TDS 2.x pattern URI grammar) for every scheme that has one:
 * sgtin, sscc, sgln, pgln, grai, giai, gdti, gsrn, gsrnp, sgcn, gsin, ginc, upui, itip, cpi, gid, usdod, adi. The
 * given fields follow the pure-identity rules; `*` stands for the last fields together (`{gcp}.{itemRef}.*`,
 * `{gcp}.*.*`, `*.*.*`; ITIP: `{gcp}.{itemRef}.{piece}.{total}.*`, `{gcp}.*.*.*.*`, `*.*.*.*.*`); no `*` at all is
 * allowed too (a pattern matching one EPC).
 *
 * @throws Gs1Error `BAD_EPC_URI` (not an idpat URI, wrong field or `*` placement), `UNSUPPORTED_SCHEME`, and the
 *   pure-identity field errors (`BAD_COMPANY_PREFIX_LENGTH`, `INVALID_CHARACTER`, `TOO_LONG`, `BAD_PERCENT_ENCODING`).
 */
export function parseEpcPatternUri(uri: string): EpcPattern {
  const m = /^urn:epc:idpat:([A-Za-z0-9-]+):(.*)$/i.exec(uri);
  if (m === null) fail(Gs1ErrorCode.BAD_EPC_URI, `"${uri}" is not an EPC pattern URI of the form urn:epc:idpat:{scheme}:{fields}.`, { value: uri });
  const scheme = (m[1] ?? "").toLowerCase();
  if (!(PATTERN_SCHEMES as readonly string[]).includes(scheme)) {
    fail(Gs1ErrorCode.UNSUPPORTED_SCHEME, `EPC pattern scheme "${scheme}" is not supported (supported: ${PATTERN_SCHEMES.join(", ")}).`, { value: uri });
  }
  return parsePatternBody(scheme as EpcPatternScheme, m[2] ?? "", uri);
}

/**
 * Writes an EPC pattern URI, e.g. `urn:epc:idpat:grai:0614141.12345.*`. Values are percent-escaped as in pure-identity
 * URIs; `*` fields are written as `*`.
 * @throws Gs1Error as {@link parseEpcPatternUri} when the pattern is not one TDS allows.
 */
export function formatEpcPatternUri(pattern: EpcPattern): string {
  const uri = `urn:epc:idpat:${pattern.scheme}:${formatIdentityBody({ scheme: "idpat", pattern })}`;
  parseEpcPatternUri(uri);
  return uri;
}

/**
 * The GS1 element a class-level pattern stands for, which is how the EPCIS 2.0 / CBV 2.0 event hash turns a
 * pattern into a Digital Link: `sgtin`/`upui` `{gcp}.{itemRef}.*` → (01) GTIN; `grai` `{gcp}.{assetType}.*` → (8003)
 * without serial; `gdti` → (253) without serial; `sgcn` → (255) without serial; `cpi` `{gcp}.{cpRef}.*` → (8010);
 * `itip` `{gcp}.{itemRef}.{piece}.{total}.*` → (8006). `undefined` for every other pattern (they match more than one
 * GS1 key, or name one EPC and should be written as `urn:epc:id:`).
 */
export function patternClassElements(pattern: EpcPattern): Gs1Element[] | undefined {
  const f = pattern.fields;
  const star = f.indexOf("*");
  const withCheck = (body: string): string => body + gs1CheckDigit(body);
  const [gcp = "", ref = ""] = f;
  switch (pattern.scheme) {
    case "sgtin":
    case "upui":
      return star === 2 ? [{ ai: "01", value: withCheck(ref.slice(0, 1) + gcp + ref.slice(1)) }] : undefined;
    case "grai":
      return star === 2 ? [{ ai: "8003", value: `0${withCheck(gcp + ref)}` }] : undefined;
    case "gdti":
      return star === 2 ? [{ ai: "253", value: withCheck(gcp + ref) }] : undefined;
    case "sgcn":
      return star === 2 ? [{ ai: "255", value: withCheck(gcp + ref) }] : undefined;
    case "cpi":
      return star === 2 ? [{ ai: "8010", value: gcp + ref }] : undefined;
    case "itip":
      return star === 4 ? [{ ai: "8006", value: withCheck(ref.slice(0, 1) + gcp + ref.slice(1)) + (f[2] ?? "") + (f[3] ?? "") }] : undefined;
    default:
      return undefined;
  }
}

/** The pure-identity (or class / pattern) EPC URI of an identity. */
export function formatEpcUri(id: EpcIdentity): string {
  if (id.scheme === "idpat") return `urn:epc:idpat:${id.pattern.scheme}:${formatIdentityBody(id)}`;
  return identityUriPrefix(id.scheme) + formatIdentityBody(id);
}

/** Schemes of `urn:epc:id:` URIs this package reads and writes. */
export const PURE_IDENTITY_SCHEMES: readonly string[] = [
  "sgtin", "sscc", "sgln", "pgln", "grai", "giai", "gdti", "gsrn", "gsrnp", "sgcn", "gsin", "ginc", "upui", "itip", "cpi", "gid", "usdod", "adi",
];

/** Parsed EPC URI: the identity, and for tag URIs the binary scheme and filter. */
export interface ParsedEpcUri {
  /** The identity. */
  identity: EpcIdentity;
  /** Which kind of EPC URI it was. */
  uriKind: "id" | "class" | "idpat" | "tag";
  /** Binary scheme (tag URIs only). */
  scheme?: EpcBinaryScheme;
  /** Filter value (tag URIs only): 0–7, USDOD-96 0–15, ADI-var 0–63, GID-96 none (0). */
  filter?: number;
  /** The pattern, fields decoded (`idpat` URIs only). */
  pattern?: EpcPattern;
}

/**
 * Parses an EPC URI: pure identity (`urn:epc:id:sgtin|sscc|sgln|grai|giai|pgln|…|gid|usdod|adi:`), class
 * (`urn:epc:class:lgtin:`), pattern (`urn:epc:idpat:{scheme}:…`, see {@link parseEpcPatternUri}; the GTIN pattern
 * `urn:epc:idpat:sgtin:{gcp}.{itemRef}.*` gives identity `gtin`, every other pattern identity `idpat`) or tag
 * (`urn:epc:tag:sgtin-96:{filter}.…`; `urn:epc:tag:gid-96:…` has no filter).
 *
 * @throws Gs1Error `BAD_EPC_URI`, `UNSUPPORTED_SCHEME`, `BAD_FILTER`, `BAD_COMPANY_PREFIX_LENGTH`, `INVALID_CHARACTER`,
 *   `TOO_LONG`, `BAD_PERCENT_ENCODING`, `NOT_ENCODABLE` (a tag URI value its binary scheme cannot hold).
 */
export function parseEpcUri(uri: string): ParsedEpcUri {
  const m = /^urn:epc:(id|class|idpat|tag):([A-Za-z0-9-]+):(.*)$/i.exec(uri);
  if (m === null) fail(Gs1ErrorCode.BAD_EPC_URI, `"${uri}" is not an EPC URI of the form urn:epc:id:{scheme}:{fields}.`, { value: uri });
  const uriKind = (m[1] ?? "").toLowerCase() as ParsedEpcUri["uriKind"];
  const scheme = (m[2] ?? "").toLowerCase();
  const body = m[3] ?? "";
  if (uriKind === "id" && PURE_IDENTITY_SCHEMES.includes(scheme)) {
    return { identity: parseIdentityBody(scheme as EpcIdentityScheme, body, uri), uriKind };
  }
  if (uriKind === "class" && scheme === "lgtin") return { identity: parseIdentityBody("lgtin", body, uri), uriKind };
  if (uriKind === "idpat" && (PATTERN_SCHEMES as readonly string[]).includes(scheme)) {
    const pattern = parsePatternBody(scheme as EpcPatternScheme, body, uri);
    const [gcp = "", itemRef = "", star] = pattern.fields;
    // The GTIN pattern keeps its own identity, as before patterns of other forms were read.
    if (scheme === "sgtin" && itemRef !== "*" && star === "*") return { identity: { scheme: "gtin", companyPrefix: gcp, itemRef }, uriKind, pattern };
    return { identity: { scheme: "idpat", pattern }, uriKind, pattern };
  }
  if (uriKind === "tag" && (EPC_BINARY_SCHEMES as readonly string[]).includes(scheme)) {
    const binary = scheme as EpcBinaryScheme;
    const max = maxFilter(binary);
    let filter = 0;
    let rest = body;
    if (max > 0) {
      const dot = body.indexOf(".");
      const filterText = dot === -1 ? body : body.slice(0, dot);
      if (!/^(\d|[1-9]\d)$/.test(filterText) || Number(filterText) > max) {
        fail(Gs1ErrorCode.BAD_FILTER, `The filter value "${filterText}" in ${uri} must be ${max === 7 ? "one digit 0–7" : `an integer 0–${max}`}.`, { value: filterText });
      }
      filter = Number(filterText);
      rest = dot === -1 ? "" : body.slice(dot + 1);
    }
    const identity = parseIdentityBody(identitySchemeOf(binary), rest, uri);
    checkEncodable(identity, binary);
    return { identity, uriKind, scheme: binary, filter };
  }
  fail(Gs1ErrorCode.UNSUPPORTED_SCHEME, `EPC URI scheme "urn:epc:${uriKind}:${scheme}" is not supported (supported: ${PURE_IDENTITY_SCHEMES.join(", ")}, class lgtin, idpat ${PATTERN_SCHEMES.join(", ")}, and the tag schemes ${EPC_BINARY_SCHEMES.join(", ")}).`, {
    value: uri,
  });
}

/** Maximum integer value of the numeric last field of the 96-bit schemes. */
const MAX_38_BITS = 2n ** 38n - 1n;
const MAX_41_BITS = 2n ** 41n - 1n;
const MAX_31_BITS = 2n ** 31n - 1n;

/** Bits of the GIAI-96 asset reference by partition (GCP length 12 → index 0). @internal */
export const GIAI96_ASSET_BITS = [42, 45, 48, 52, 55, 58, 62];

function checkNumericNoLeadingZero(value: string, max: bigint, what: string, scheme: string, alternative: string): void {
  if (!isDigits(value) || (value.length > 1 && value.startsWith("0")) || BigInt(value) > max) {
    fail(
      Gs1ErrorCode.NOT_ENCODABLE,
      `${scheme.toUpperCase()} can carry only a ${what} made of digits, without leading zeros, up to ${max}; "${value}" does not fit. Use ${alternative}.`,
      { value },
    );
  }
}

/**
 * Checks that an identity fits a binary scheme (e.g. SGTIN-96 serials are integers without leading zeros).
 * @throws Gs1Error `UNSUPPORTED_SCHEME` (scheme of another identity), `NOT_ENCODABLE`.
 */
export function checkEncodable(id: EpcIdentity, scheme: EpcBinaryScheme): void {
  if (identitySchemeOf(scheme) !== id.scheme) {
    fail(Gs1ErrorCode.UNSUPPORTED_SCHEME, `Binary scheme ${scheme.toUpperCase()} encodes ${identitySchemeOf(scheme).toUpperCase()}, not ${id.scheme.toUpperCase()}.`, {
      value: scheme,
    });
  }
  switch (scheme) {
    case "sgtin-96":
      if (id.scheme === "sgtin") checkNumericNoLeadingZero(id.serial, MAX_38_BITS, "serial", scheme, "SGTIN-198");
      return;
    case "sgln-96":
      if (id.scheme === "sgln") checkNumericNoLeadingZero(id.extension, MAX_41_BITS, "extension", scheme, "SGLN-195");
      return;
    case "grai-96":
      if (id.scheme === "grai") checkNumericNoLeadingZero(id.serial, MAX_38_BITS, "serial", scheme, "GRAI-170");
      return;
    case "giai-96":
      if (id.scheme === "giai") {
        const bits = GIAI96_ASSET_BITS[12 - id.companyPrefix.length] ?? 0;
        checkNumericNoLeadingZero(id.assetRef, 2n ** BigInt(bits) - 1n, "asset reference", scheme, "GIAI-202");
      }
      return;
    case "gdti-96":
      if (id.scheme === "gdti") checkNumericNoLeadingZero(id.serial, MAX_41_BITS, "serial", scheme, "GDTI-174");
      return;
    case "gdti-113":
      if (id.scheme === "gdti" && !/^\d{1,17}$/.test(id.serial)) {
        fail(Gs1ErrorCode.NOT_ENCODABLE, `GDTI-113 can carry only a serial of 1 to 17 digits; "${id.serial}" does not fit. Use GDTI-174.`, { value: id.serial });
      }
      return;
    case "itip-110":
      if (id.scheme === "itip") checkNumericNoLeadingZero(id.serial, MAX_38_BITS, "serial", scheme, "ITIP-212");
      return;
    case "cpi-96":
      if (id.scheme === "cpi") {
        const digits = 15 - id.companyPrefix.length;
        checkNumericNoLeadingZero(id.componentRef, 10n ** BigInt(digits) - 1n, "component/part reference", scheme, "CPI-var");
        checkNumericNoLeadingZero(id.serial, MAX_31_BITS, "serial", scheme, "CPI-var");
      }
      return;
    default:
      return;
  }
}

/** Highest filter value of a binary scheme: 7, USDOD-96 15 (4 bits), ADI-var 63 (6 bits), GID-96 0 (no filter). */
export function maxFilter(scheme: EpcBinaryScheme): number {
  return scheme === "usdod-96" ? 15 : scheme === "adi-var" ? 63 : scheme === "gid-96" ? 0 : 7;
}

/** @throws Gs1Error `BAD_FILTER` unless `filter` is an integer the binary scheme can carry (see {@link maxFilter}). */
export function checkFilterFor(filter: number, scheme: EpcBinaryScheme): void {
  const max = maxFilter(scheme);
  if (max === 7) return checkFilter(filter);
  if (!Number.isInteger(filter) || filter < 0 || filter > max) {
    fail(
      Gs1ErrorCode.BAD_FILTER,
      max === 0 ? `GID-96 has no filter value; pass 0 (got ${String(filter)}).` : `The filter value of ${scheme.toUpperCase()} must be an integer 0–${max}; got ${String(filter)}.`,
    );
  }
}

/** The tag URI of an identity for a binary scheme and filter. @throws as {@link checkEncodable}, plus `BAD_FILTER`. */
export function formatTagUri(id: EpcIdentity, scheme: EpcBinaryScheme, filter: number): string {
  checkFilterFor(filter, scheme);
  checkEncodable(id, scheme);
  return scheme === "gid-96" ? `urn:epc:tag:${scheme}:${formatIdentityBody(id)}` : `urn:epc:tag:${scheme}:${filter}.${formatIdentityBody(id)}`;
}

/** @throws Gs1Error `BAD_FILTER` unless `filter` is an integer 0–7. */
export function checkFilter(filter: number): void {
  if (!Number.isInteger(filter) || filter < 0 || filter > 7) {
    fail(Gs1ErrorCode.BAD_FILTER, `The filter value must be an integer 0–7 (e.g. 1 point-of-sale item, 2 case, 6 unit load); got ${String(filter)}.`);
  }
}

/** The AI elements of an identity (GTIN/SSCC/GLN check digits computed). No company prefix length is needed. */
export function identityToElements(id: EpcIdentity): Gs1Element[] {
  const withCheck = (body: string): string => body + gs1CheckDigit(body);
  const gtinOf = (gcp: string, itemRef: string): string => withCheck(itemRef.slice(0, 1) + gcp + itemRef.slice(1));
  switch (id.scheme) {
    case "sgtin":
      return [{ ai: "01", value: gtinOf(id.companyPrefix, id.itemRef) }, { ai: "21", value: id.serial }];
    case "lgtin":
      return [{ ai: "01", value: gtinOf(id.companyPrefix, id.itemRef) }, { ai: "10", value: id.lot }];
    case "gtin":
      return [{ ai: "01", value: gtinOf(id.companyPrefix, id.itemRef) }];
    case "sscc":
      return [{ ai: "00", value: withCheck(id.serialRef.slice(0, 1) + id.companyPrefix + id.serialRef.slice(1)) }];
    case "sgln": {
      const gln: Gs1Element = { ai: "414", value: withCheck(id.companyPrefix + id.locationRef) };
      return id.extension === "0" ? [gln] : [gln, { ai: "254", value: id.extension }];
    }
    case "pgln":
      return [{ ai: "417", value: withCheck(id.companyPrefix + id.partyRef) }];
    case "grai":
      return [{ ai: "8003", value: `0${withCheck(id.companyPrefix + id.assetType)}${id.serial}` }];
    case "giai":
      return [{ ai: "8004", value: id.companyPrefix + id.assetRef }];
    case "gdti":
      return [{ ai: "253", value: withCheck(id.companyPrefix + id.documentType) + id.serial }];
    case "gsrn":
      return [{ ai: "8018", value: withCheck(id.companyPrefix + id.serviceRef) }];
    case "gsrnp":
      return [{ ai: "8017", value: withCheck(id.companyPrefix + id.serviceRef) }];
    case "sgcn":
      return [{ ai: "255", value: withCheck(id.companyPrefix + id.couponRef) + id.serial }];
    case "gsin":
      return [{ ai: "402", value: withCheck(id.companyPrefix + id.shipperRef) }];
    case "ginc":
      return [{ ai: "401", value: id.companyPrefix + id.consignmentRef }];
    case "upui":
      return [{ ai: "01", value: gtinOf(id.companyPrefix, id.itemRef) }, { ai: "235", value: id.tpx }];
    case "itip":
      return [{ ai: "8006", value: gtinOf(id.companyPrefix, id.itemRef) + id.piece + id.total }, { ai: "21", value: id.serial }];
    case "cpi":
      return [{ ai: "8010", value: id.companyPrefix + id.componentRef }, { ai: "8011", value: id.serial }];
    case "gid":
    case "usdod":
    case "adi":
      return fail(
        Gs1ErrorCode.UNSUPPORTED_SCHEME,
        `${id.scheme.toUpperCase()} has no GS1 key, so it has no element string or GS1 Digital Link; it exists only as an EPC URI, tag URI and RFID binary.`,
        { value: formatEpcUri(id) },
      );
    case "idpat": {
      const elements = patternClassElements(id.pattern);
      if (elements === undefined) {
        fail(
          Gs1ErrorCode.UNSUPPORTED_SCHEME,
          `The pattern ${formatEpcUri(id)} has no GS1 Digital Link form: only a class-level pattern (all fields up to the serial given, the serial "*") of SGTIN, UPUI, GRAI, GDTI, SGCN, CPI or ITIP names one GS1 key.`,
          { value: formatEpcUri(id) },
        );
      }
      return elements;
    }
  }
}
