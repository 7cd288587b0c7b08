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
  | { scheme: "cpi"; companyPrefix: string; componentRef: string; serial: string };

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
  | "giai-202";

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
  }
}

/** The URI prefix of an identity: `urn:epc:id:sgtin:`, `urn:epc:class:lgtin:`, `urn:epc:idpat:sgtin:`... */
export function identityUriPrefix(scheme: EpcIdentityScheme): string {
  if (scheme === "lgtin") return "urn:epc:class:lgtin:";
  if (scheme === "gtin") return "urn:epc:idpat:sgtin:";
  return `urn:epc:id:${scheme}:`;
}

/** The pure-identity (or class / pattern) EPC URI of an identity. */
export function formatEpcUri(id: EpcIdentity): string {
  return identityUriPrefix(id.scheme) + formatIdentityBody(id);
}

/** Schemes of `urn:epc:id:` URIs this package reads and writes. */
export const PURE_IDENTITY_SCHEMES: readonly string[] = ["sgtin", "sscc", "sgln", "pgln", "grai", "giai", "gdti", "gsrn", "gsrnp", "sgcn", "gsin", "ginc", "upui", "itip", "cpi"];

/** Parsed EPC URI: the identity, and for tag URIs the binary scheme and filter. */
export interface ParsedEpcUri {
  /** The identity. */
  identity: EpcIdentity;
  /** Which kind of EPC URI it was. */
  uriKind: "id" | "class" | "idpat" | "tag";
  /** Binary scheme (tag URIs only). */
  scheme?: EpcBinaryScheme;
  /** Filter value 0–7 (tag URIs only). */
  filter?: number;
}

/**
 * Parses an EPC URI: pure identity (`urn:epc:id:sgtin|sscc|sgln|grai|giai|pgln:`), class (`urn:epc:class:lgtin:`),
 * pattern (`urn:epc:idpat:sgtin:{gcp}.{itemRef}.*`) or tag (`urn:epc:tag:sgtin-96:{filter}.…`).
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
  if (uriKind === "idpat" && scheme === "sgtin") return { identity: parseIdentityBody("gtin", body, uri), uriKind };
  if (uriKind === "tag" && (EPC_BINARY_SCHEMES as readonly string[]).includes(scheme)) {
    const binary = scheme as EpcBinaryScheme;
    const dot = body.indexOf(".");
    const filterText = dot === -1 ? body : body.slice(0, dot);
    if (!/^[0-7]$/.test(filterText)) {
      fail(Gs1ErrorCode.BAD_FILTER, `The filter value "${filterText}" in ${uri} must be one digit 0–7.`, { value: filterText });
    }
    const identity = parseIdentityBody(identitySchemeOf(binary), dot === -1 ? "" : body.slice(dot + 1), uri);
    checkEncodable(identity, binary);
    return { identity, uriKind, scheme: binary, filter: Number(filterText) };
  }
  fail(Gs1ErrorCode.UNSUPPORTED_SCHEME, `EPC URI scheme "urn:epc:${uriKind}:${scheme}" is not supported (supported: ${PURE_IDENTITY_SCHEMES.join(", ")}, class lgtin, idpat sgtin, and the tag schemes ${EPC_BINARY_SCHEMES.join(", ")}).`, {
    value: uri,
  });
}

/** Maximum integer value of the numeric last field of the 96-bit schemes. */
const MAX_38_BITS = 2n ** 38n - 1n;
const MAX_41_BITS = 2n ** 41n - 1n;

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
    default:
      return;
  }
}

/** The tag URI of an identity for a binary scheme and filter. @throws as {@link checkEncodable}, plus `BAD_FILTER`. */
export function formatTagUri(id: EpcIdentity, scheme: EpcBinaryScheme, filter: number): string {
  checkFilter(filter);
  checkEncodable(id, scheme);
  return `urn:epc:tag:${scheme}:${filter}.${formatIdentityBody(id)}`;
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
  }
}
