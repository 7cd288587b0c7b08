import { isCset82 } from "./charset";
import { type EpcBinaryScheme, type EpcIdentity, checkEncodable, checkFilter, GIAI96_ASSET_BITS, identitySchemeOf } from "./epc-uri";
import { Gs1ErrorCode, fail } from "./errors";

type LastField = { kind: "int"; bits: number } | { kind: "string"; bits: number } | { kind: "reserved"; bits: number } | { kind: "none" };

interface BinaryLayout {
  scheme: EpcBinaryScheme;
  header: number;
  /** Bits of the company prefix by partition 0–6. */
  gcpBits: readonly number[];
  /** Bits of the second field (item ref, serial ref, location ref, asset type/ref) by partition 0–6. */
  refBits: readonly number[];
  /** How the second field is written: integer with a fixed digit count, integer, or 7-bit string. */
  ref: "digits" | "int" | "string";
  /** Digits of the second field for a company prefix of `gcpLength` digits (for `ref: "digits"`). */
  refDigits: (gcpLength: number) => number;
  last: LastField;
  totalBits: number;
}

const GCP_BITS = [40, 37, 34, 30, 27, 24, 20];
const SGTIN_REF_BITS = [4, 7, 10, 14, 17, 20, 24];
const SSCC_REF_BITS = [18, 21, 24, 28, 31, 34, 38];
const SGLN_REF_BITS = [1, 4, 7, 11, 14, 17, 21];
const GIAI202_REF_BITS = [148, 151, 154, 158, 161, 164, 168];

const LAYOUTS: Record<EpcBinaryScheme, BinaryLayout> = {
  "sgtin-96": { scheme: "sgtin-96", header: 0x30, gcpBits: GCP_BITS, refBits: SGTIN_REF_BITS, ref: "digits", refDigits: (l) => 13 - l, last: { kind: "int", bits: 38 }, totalBits: 96 },
  "sgtin-198": { scheme: "sgtin-198", header: 0x36, gcpBits: GCP_BITS, refBits: SGTIN_REF_BITS, ref: "digits", refDigits: (l) => 13 - l, last: { kind: "string", bits: 140 }, totalBits: 198 },
  "sscc-96": { scheme: "sscc-96", header: 0x31, gcpBits: GCP_BITS, refBits: SSCC_REF_BITS, ref: "digits", refDigits: (l) => 17 - l, last: { kind: "reserved", bits: 24 }, totalBits: 96 },
  "sgln-96": { scheme: "sgln-96", header: 0x32, gcpBits: GCP_BITS, refBits: SGLN_REF_BITS, ref: "digits", refDigits: (l) => 12 - l, last: { kind: "int", bits: 41 }, totalBits: 96 },
  "sgln-195": { scheme: "sgln-195", header: 0x39, gcpBits: GCP_BITS, refBits: SGLN_REF_BITS, ref: "digits", refDigits: (l) => 12 - l, last: { kind: "string", bits: 140 }, totalBits: 195 },
  "grai-96": { scheme: "grai-96", header: 0x33, gcpBits: GCP_BITS, refBits: SGTIN_REF_BITS, ref: "digits", refDigits: (l) => 12 - l, last: { kind: "int", bits: 38 }, totalBits: 96 },
  "grai-170": { scheme: "grai-170", header: 0x37, gcpBits: GCP_BITS, refBits: SGTIN_REF_BITS, ref: "digits", refDigits: (l) => 12 - l, last: { kind: "string", bits: 112 }, totalBits: 170 },
  "giai-96": { scheme: "giai-96", header: 0x34, gcpBits: GCP_BITS, refBits: GIAI96_ASSET_BITS, ref: "int", refDigits: () => 0, last: { kind: "none" }, totalBits: 96 },
  "giai-202": { scheme: "giai-202", header: 0x38, gcpBits: GCP_BITS, refBits: GIAI202_REF_BITS, ref: "string", refDigits: () => 0, last: { kind: "none" }, totalBits: 202 },
};

const BY_HEADER = new Map<number, BinaryLayout>(Object.values(LAYOUTS).map((l) => [l.header, l]));

/** Names of EPC binary headers this package recognises but does not decode (for clearer errors). */
const OTHER_HEADERS: Record<number, string> = {
  0x2d: "GSRN-96", 0x2e: "GSRNP-96", 0x2c: "GDTI-96", 0x3a: "GDTI-113", 0x3e: "GDTI-174", 0x3c: "CPI-96", 0x3d: "CPI-var",
  0x3f: "SGCN-96", 0x35: "GID-96", 0x3b: "ADI-var", 0x2f: "USDOD-96", 0x40: "ITIP-110", 0x41: "ITIP-212", 0xf7: "SGTIN+",
  0xfb: "DSGTIN+", 0xf9: "SSCC+", 0xf2: "SGLN+", 0xfd: "SGTIN++", 0xfc: "DSGTIN++", 0xef: "SSCC++", 0x00: "unprogrammed tag",
};

/** The binary scheme whose header byte is `header`, if this package decodes it. */
export function binarySchemeOfHeader(header: number): EpcBinaryScheme | undefined {
  return BY_HEADER.get(header)?.scheme;
}

function intBits(value: bigint, bits: number, what: string): string {
  const s = value.toString(2);
  if (s.length > bits) fail(Gs1ErrorCode.NOT_ENCODABLE, `The ${what} ${value} does not fit in ${bits} bits.`, { value: String(value) });
  return s.padStart(bits, "0");
}

function stringBits(text: string, bits: number, what: string): string {
  let s = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) fail(Gs1ErrorCode.NOT_ENCODABLE, `The ${what} "${text}" has a character that is not 7-bit ASCII.`, { value: text });
    s += c.toString(2).padStart(7, "0");
  }
  if (s.length > bits) fail(Gs1ErrorCode.NOT_ENCODABLE, `The ${what} "${text}" is too long for ${bits / 7 | 0} characters.`, { value: text });
  return s.padEnd(bits, "0");
}

function partsOf(id: EpcIdentity): { gcp: string; ref: string; last: string } {
  switch (id.scheme) {
    case "sgtin":
      return { gcp: id.companyPrefix, ref: id.itemRef, last: id.serial };
    case "sscc":
      return { gcp: id.companyPrefix, ref: id.serialRef, last: "" };
    case "sgln":
      return { gcp: id.companyPrefix, ref: id.locationRef, last: id.extension };
    case "grai":
      return { gcp: id.companyPrefix, ref: id.assetType, last: id.serial };
    case "giai":
      return { gcp: id.companyPrefix, ref: id.assetRef, last: "" };
    default:
      return fail(Gs1ErrorCode.UNSUPPORTED_SCHEME, `${id.scheme.toUpperCase()} has no RFID binary encoding.`);
  }
}

/**
 * Encodes an identity as EPC binary in upper-case hex (padded with zero bits to a whole hex digit:
 * 24 digits for the 96-bit schemes, 50 for SGTIN-198).
 *
 * @throws Gs1Error `UNSUPPORTED_SCHEME`, `NOT_ENCODABLE`, `BAD_FILTER`, `BAD_COMPANY_PREFIX_LENGTH`.
 */
export function encodeEpcBinary(id: EpcIdentity, scheme: EpcBinaryScheme, filter: number): string {
  checkFilter(filter);
  checkEncodable(id, scheme);
  const layout = LAYOUTS[scheme];
  const { gcp, ref, last } = partsOf(id);
  const partition = 12 - gcp.length;
  const gcpBits = layout.gcpBits[partition];
  const refBits = layout.refBits[partition];
  if (gcpBits === undefined || refBits === undefined) {
    fail(Gs1ErrorCode.BAD_COMPANY_PREFIX_LENGTH, `EPC binary encodings cover company prefixes of 6 to 12 digits; this one has ${gcp.length}.`);
  }
  let bits = layout.header.toString(2).padStart(8, "0") + filter.toString(2).padStart(3, "0") + partition.toString(2).padStart(3, "0");
  bits += intBits(BigInt(gcp), gcpBits, "company prefix");
  bits += layout.ref === "string" ? stringBits(ref, refBits, "asset reference") : intBits(ref === "" ? 0n : BigInt(ref), refBits, "reference");
  const lf = layout.last;
  if (lf.kind === "int") bits += intBits(BigInt(last), lf.bits, identitySchemeOf(scheme) === "sgln" ? "extension" : "serial");
  else if (lf.kind === "string") bits += stringBits(last, lf.bits, identitySchemeOf(scheme) === "sgln" ? "extension" : "serial");
  else if (lf.kind === "reserved") bits += "0".repeat(lf.bits);
  while (bits.length % 4 !== 0) bits += "0";
  let hex = "";
  for (let i = 0; i < bits.length; i += 4) hex += parseInt(bits.slice(i, i + 4), 2).toString(16).toUpperCase();
  return hex;
}

/** A decoded EPC binary: identity, scheme and filter. */
export interface DecodedEpcBinary {
  /** The identity. */
  identity: EpcIdentity;
  /** The binary scheme from the header byte. */
  scheme: EpcBinaryScheme;
  /** Filter value 0–7. */
  filter: number;
}

/** `"0000"` … `"1111"` by hex digit value: a table instead of `toString(2).padStart(4)` per digit of every tag read. */
const NIBBLE_BITS: readonly string[] = Array.from({ length: 16 }, (_, n) => n.toString(2).padStart(4, "0"));

function readString(bits: string, what: string, scheme: string): string {
  let text = "";
  let i = 0;
  for (; i + 7 <= bits.length; i += 7) {
    const c = parseInt(bits.slice(i, i + 7), 2);
    if (c === 0) break;
    text += String.fromCharCode(c);
  }
  if (bits.slice(i).includes("1")) {
    fail(Gs1ErrorCode.BAD_BINARY, `The ${what} of this ${scheme} tag has data after its end marker; the tag is corrupt.`);
  }
  if (!isCset82(text)) fail(Gs1ErrorCode.BAD_BINARY, `The ${what} "${text}" of this ${scheme} tag has characters outside GS1 character set 82.`, { value: text });
  return text;
}

/**
 * Decodes EPC binary given in hex (upper or lower case). Trailing zero padding to a word boundary, as Gen2
 * readers report it, is accepted.
 *
 * @throws Gs1Error `INVALID_CHARACTER` (not hex), `TRUNCATED_BINARY`, `UNKNOWN_HEADER`, `UNSUPPORTED_SCHEME`, `BAD_BINARY`.
 */
export function decodeEpcBinary(hex: string): DecodedEpcBinary {
  if (!/^[0-9A-Fa-f]+$/.test(hex)) {
    fail(Gs1ErrorCode.INVALID_CHARACTER, `EPC binary must be hexadecimal digits; "${hex}" has other characters.`, { value: hex });
  }
  if (hex.length < 2) fail(Gs1ErrorCode.TRUNCATED_BINARY, `EPC binary "${hex}" is too short to hold a header byte.`, { value: hex });
  const header = parseInt(hex.slice(0, 2), 16);
  const layout = BY_HEADER.get(header);
  if (layout === undefined) {
    const known = OTHER_HEADERS[header];
    if (known !== undefined) {
      fail(Gs1ErrorCode.UNSUPPORTED_SCHEME, `EPC header 0x${hex.slice(0, 2).toUpperCase()} is ${known}, which this system does not decode.`, { value: hex });
    }
    fail(Gs1ErrorCode.UNKNOWN_HEADER, `EPC header 0x${hex.slice(0, 2).toUpperCase()} is not a GS1 EPC scheme; the tag may hold non-GS1 data.`, { value: hex });
  }
  const needHex = Math.ceil(layout.totalBits / 4);
  if (hex.length < needHex) {
    fail(
      Gs1ErrorCode.TRUNCATED_BINARY,
      `${layout.scheme.toUpperCase()} needs ${layout.totalBits} bits (${needHex} hex digits); "${hex}" has only ${hex.length} hex digits. Re-read the tag.`,
      { value: hex },
    );
  }
  let bits = "";
  for (let i = 0; i < hex.length; i++) bits += NIBBLE_BITS[parseInt(hex.charAt(i), 16)] as string;
  if (bits.slice(layout.totalBits).includes("1")) {
    fail(Gs1ErrorCode.BAD_BINARY, `${layout.scheme.toUpperCase()} is ${layout.totalBits} bits long, but "${hex}" has non-zero bits after them.`, { value: hex });
  }
  const filter = parseInt(bits.slice(8, 11), 2);
  const partition = parseInt(bits.slice(11, 14), 2);
  const gcpBits = layout.gcpBits[partition];
  const refBits = layout.refBits[partition];
  if (gcpBits === undefined || refBits === undefined) {
    fail(Gs1ErrorCode.BAD_BINARY, `${layout.scheme.toUpperCase()} partition value ${partition} is invalid (0–6 allowed); the tag is corrupt.`, { value: hex });
  }
  const gcpLength = 12 - partition;
  let pos = 14;
  const gcpValue = BigInt(`0b${bits.slice(pos, pos + gcpBits)}`);
  pos += gcpBits;
  const gcp = gcpValue.toString().padStart(gcpLength, "0");
  if (gcp.length > gcpLength) {
    fail(Gs1ErrorCode.BAD_BINARY, `The company prefix field of this ${layout.scheme.toUpperCase()} tag holds ${gcpValue}, more than ${gcpLength} digits.`, { value: hex });
  }
  const refField = bits.slice(pos, pos + refBits);
  pos += refBits;
  let ref: string;
  if (layout.ref === "string") {
    ref = readString(refField, "asset reference", layout.scheme.toUpperCase());
  } else {
    const refValue = BigInt(`0b${refField}`);
    if (layout.ref === "int") {
      ref = refValue.toString();
    } else {
      const digits = layout.refDigits(gcpLength);
      ref = digits === 0 ? "" : refValue.toString().padStart(digits, "0");
      if ((digits === 0 && refValue !== 0n) || ref.length > digits) {
        fail(Gs1ErrorCode.BAD_BINARY, `The reference field of this ${layout.scheme.toUpperCase()} tag holds ${refValue}, more than ${digits} digits.`, { value: hex });
      }
    }
  }
  let last = "";
  const lf = layout.last;
  if (lf.kind === "int") last = BigInt(`0b${bits.slice(pos, pos + lf.bits)}`).toString();
  else if (lf.kind === "string") last = readString(bits.slice(pos, pos + lf.bits), identitySchemeOf(layout.scheme) === "sgln" ? "extension" : "serial", layout.scheme.toUpperCase());
  let identity: EpcIdentity;
  switch (identitySchemeOf(layout.scheme)) {
    case "sgtin":
      identity = { scheme: "sgtin", companyPrefix: gcp, itemRef: ref, serial: last };
      break;
    case "sscc":
      identity = { scheme: "sscc", companyPrefix: gcp, serialRef: ref };
      break;
    case "sgln":
      identity = { scheme: "sgln", companyPrefix: gcp, locationRef: ref, extension: last };
      break;
    case "grai":
      identity = { scheme: "grai", companyPrefix: gcp, assetType: ref, serial: last };
      break;
    default:
      identity = { scheme: "giai", companyPrefix: gcp, assetRef: ref };
      break;
  }
  if ((identity.scheme === "sgtin" || identity.scheme === "sgln" || identity.scheme === "grai") && last === "") {
    fail(Gs1ErrorCode.BAD_BINARY, `This ${layout.scheme.toUpperCase()} tag has an empty ${identity.scheme === "sgln" ? "extension" : "serial"}.`, { value: hex });
  }
  if (identity.scheme === "giai" && ref === "") fail(Gs1ErrorCode.BAD_BINARY, `This ${layout.scheme.toUpperCase()} tag has an empty asset reference.`, { value: hex });
  if (identity.scheme === "giai" && gcp.length + ref.length > 30) {
    fail(Gs1ErrorCode.BAD_BINARY, `This ${layout.scheme.toUpperCase()} tag holds a GIAI longer than 30 characters.`, { value: hex });
  }
  return { identity, scheme: layout.scheme, filter };
}
