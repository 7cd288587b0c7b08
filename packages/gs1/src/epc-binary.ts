import { isCset82 } from "./charset";
import { type EpcBinaryScheme, type EpcIdentity, checkEncodable, checkFilterFor, GIAI96_ASSET_BITS, identitySchemeOf } from "./epc-uri";
import { Gs1ErrorCode, fail } from "./errors";

/*
 * EPC binary encodings of the GS1 EPC Tag Data Standard (TDS) 2.x: header byte, filter, partition, company prefix
 * and the scheme's own fields. Layouts and partition tables follow the TDS encoding tables, checked against the
 * TDT 2.2 scheme definitions published with
 * `dannyhaak/TagDataTranslation` (`src/TagDataTranslation/Schemes/*.json`); the code is this package's own.
 */

/** A field after the company prefix and the partitioned reference. */
type Field =
  /** Decimal integer without leading zeros. */
  | { kind: "int"; bits: number; what: string }
  /** Integer written as exactly two digits (ITIP piece and total). */
  | { kind: "digits2"; bits: number; what: string }
  /** 7-bit ASCII characters (GS1 character set 82), zero padded (TDS "String" encoding). */
  | { kind: "string7"; bits: number; what: string }
  /** TDS "Numeric String" encoding (SGCN serial): digits (leading zeros allowed) read as the integer of `1` + the digits. */
  | { kind: "numeric-string"; bits: number; what: string; maxDigits: number }
  /** Reserved bits, all zero (SSCC-96, GSRN-96, GSRNP-96). */
  | { kind: "reserved"; bits: number };

/**
 * How the reference after the company prefix is written: an integer of a fixed digit count (partition table), an
 * integer without leading zeros (GIAI-96, CPI-96), 7-bit characters (GIAI-202) or 6-bit characters ended by six zero
 * bits (CPI-var, TDS "6-bit CP-Variable" encoding).
 */
type RefEncoding = "digits" | "int" | "string7" | "string6";

interface PartitionedLayout {
  scheme: EpcBinaryScheme;
  header: number;
  /** Bits of the reference by partition 0–6 (unused for `string6`). */
  refBits: readonly number[];
  ref: RefEncoding;
  /** Digits of the reference for a company prefix of `gcpLength` digits: fixed (`digits`) or at most (`int`, `string6`). */
  refDigits: (gcpLength: number) => number;
  /** What the reference is called in messages. */
  refWhat: string;
  fields: readonly Field[];
  /** Total bits, or `undefined` for a variable-length scheme. */
  totalBits: number | undefined;
}

/** Bits of the GS1 Company Prefix by partition 0–6 (12 down to 6 digits); the same in every partitioned scheme. */
const GCP_BITS = [40, 37, 34, 30, 27, 24, 20];
/** 44 bits with the company prefix: SGTIN, GRAI, ITIP. */
const SGTIN_REF_BITS = [4, 7, 10, 14, 17, 20, 24];
/** 58 bits with the company prefix: SSCC, GSRN, GSRNP. */
const SSCC_REF_BITS = [18, 21, 24, 28, 31, 34, 38];
/** 41 bits with the company prefix: SGLN, GDTI, SGCN. */
const SGLN_REF_BITS = [1, 4, 7, 11, 14, 17, 21];
const GIAI202_REF_BITS = [148, 151, 154, 158, 161, 164, 168];
/** 51 bits with the company prefix: CPI-96. */
const CPI96_REF_BITS = [11, 14, 17, 21, 24, 27, 31];

const digitsRef = (total: number) => (l: number): number => total - l;
const serialInt = (bits: number): Field => ({ kind: "int", bits, what: "serial" });
const serialText = (bits: number): Field => ({ kind: "string7", bits, what: "serial" });
const ITIP_PIECES: readonly Field[] = [{ kind: "digits2", bits: 7, what: "piece number" }, { kind: "digits2", bits: 7, what: "total count" }];

type PartitionedScheme = Exclude<EpcBinaryScheme, "gid-96" | "usdod-96" | "adi-var">;

const LAYOUTS: Record<PartitionedScheme, PartitionedLayout> = {
  "sgtin-96": { scheme: "sgtin-96", header: 0x30, refBits: SGTIN_REF_BITS, ref: "digits", refDigits: digitsRef(13), refWhat: "item reference", fields: [serialInt(38)], totalBits: 96 },
  "sgtin-198": { scheme: "sgtin-198", header: 0x36, refBits: SGTIN_REF_BITS, ref: "digits", refDigits: digitsRef(13), refWhat: "item reference", fields: [serialText(140)], totalBits: 198 },
  "sscc-96": { scheme: "sscc-96", header: 0x31, refBits: SSCC_REF_BITS, ref: "digits", refDigits: digitsRef(17), refWhat: "serial reference", fields: [{ kind: "reserved", bits: 24 }], totalBits: 96 },
  "sgln-96": { scheme: "sgln-96", header: 0x32, refBits: SGLN_REF_BITS, ref: "digits", refDigits: digitsRef(12), refWhat: "location reference", fields: [{ kind: "int", bits: 41, what: "extension" }], totalBits: 96 },
  "sgln-195": { scheme: "sgln-195", header: 0x39, refBits: SGLN_REF_BITS, ref: "digits", refDigits: digitsRef(12), refWhat: "location reference", fields: [{ kind: "string7", bits: 140, what: "extension" }], totalBits: 195 },
  "grai-96": { scheme: "grai-96", header: 0x33, refBits: SGTIN_REF_BITS, ref: "digits", refDigits: digitsRef(12), refWhat: "asset type", fields: [serialInt(38)], totalBits: 96 },
  "grai-170": { scheme: "grai-170", header: 0x37, refBits: SGTIN_REF_BITS, ref: "digits", refDigits: digitsRef(12), refWhat: "asset type", fields: [serialText(112)], totalBits: 170 },
  "giai-96": { scheme: "giai-96", header: 0x34, refBits: GIAI96_ASSET_BITS, ref: "int", refDigits: digitsRef(30), refWhat: "asset reference", fields: [], totalBits: 96 },
  "giai-202": { scheme: "giai-202", header: 0x38, refBits: GIAI202_REF_BITS, ref: "string7", refDigits: digitsRef(30), refWhat: "asset reference", fields: [], totalBits: 202 },
  "gdti-96": { scheme: "gdti-96", header: 0x2c, refBits: SGLN_REF_BITS, ref: "digits", refDigits: digitsRef(12), refWhat: "document type", fields: [serialInt(41)], totalBits: 96 },
  "gdti-113": {
    scheme: "gdti-113", header: 0x3a, refBits: SGLN_REF_BITS, ref: "digits", refDigits: digitsRef(12), refWhat: "document type",
    fields: [{ kind: "numeric-string", bits: 58, what: "serial", maxDigits: 17 }], totalBits: 113,
  },
  "gdti-174": { scheme: "gdti-174", header: 0x3e, refBits: SGLN_REF_BITS, ref: "digits", refDigits: digitsRef(12), refWhat: "document type", fields: [serialText(119)], totalBits: 174 },
  "sgcn-96": { scheme: "sgcn-96", header: 0x3f, refBits: SGLN_REF_BITS, ref: "digits", refDigits: digitsRef(12), refWhat: "coupon reference", fields: [{ kind: "numeric-string", bits: 41, what: "serial", maxDigits: 12 }], totalBits: 96 },
  "gsrn-96": { scheme: "gsrn-96", header: 0x2d, refBits: SSCC_REF_BITS, ref: "digits", refDigits: digitsRef(17), refWhat: "service reference", fields: [{ kind: "reserved", bits: 24 }], totalBits: 96 },
  "gsrnp-96": { scheme: "gsrnp-96", header: 0x2e, refBits: SSCC_REF_BITS, ref: "digits", refDigits: digitsRef(17), refWhat: "service reference", fields: [{ kind: "reserved", bits: 24 }], totalBits: 96 },
  "itip-110": { scheme: "itip-110", header: 0x40, refBits: SGTIN_REF_BITS, ref: "digits", refDigits: digitsRef(13), refWhat: "item reference", fields: [...ITIP_PIECES, serialInt(38)], totalBits: 110 },
  "itip-212": { scheme: "itip-212", header: 0x41, refBits: SGTIN_REF_BITS, ref: "digits", refDigits: digitsRef(13), refWhat: "item reference", fields: [...ITIP_PIECES, serialText(140)], totalBits: 212 },
  "cpi-96": { scheme: "cpi-96", header: 0x3c, refBits: CPI96_REF_BITS, ref: "int", refDigits: digitsRef(15), refWhat: "component/part reference", fields: [serialInt(31)], totalBits: 96 },
  "cpi-var": { scheme: "cpi-var", header: 0x3d, refBits: [], ref: "string6", refDigits: digitsRef(30), refWhat: "component/part reference", fields: [serialInt(40)], totalBits: undefined },
};

/** Header bytes of the schemes without company prefix partition. */
const GID96_HEADER = 0x35;
const USDOD96_HEADER = 0x2f;
const ADIVAR_HEADER = 0x3b;

const BY_HEADER = new Map<number, EpcBinaryScheme>([
  ...Object.values(LAYOUTS).map((l): [number, EpcBinaryScheme] => [l.header, l.scheme]),
  [GID96_HEADER, "gid-96"],
  [USDOD96_HEADER, "usdod-96"],
  [ADIVAR_HEADER, "adi-var"],
]);

/** Names of EPC binary headers this package recognises but does not decode (for clearer errors). */
const OTHER_HEADERS: Record<number, string> = {
  0xf7: "SGTIN+", 0xfb: "DSGTIN+", 0xf9: "SSCC+", 0xf2: "SGLN+", 0xfd: "SGTIN++", 0xfc: "DSGTIN++",
  0xef: "SSCC++", 0x00: "unprogrammed tag",
};

/** The binary scheme whose header byte is `header`, if this package decodes it. */
export function binarySchemeOfHeader(header: number): EpcBinaryScheme | undefined {
  return BY_HEADER.get(header);
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

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

/** TDS 6-bit characters (the low six bits of ASCII 0x20–0x5F), without terminator. */
function sixBits(text: string, what: string): string {
  let s = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x5f) fail(Gs1ErrorCode.NOT_ENCODABLE, `The ${what} "${text}" has a character that 6-bit encoding cannot carry.`, { value: text });
    s += (c & 0x3f).toString(2).padStart(6, "0");
  }
  return s;
}

function toHex(bits: string): string {
  let b = bits;
  while (b.length % 4 !== 0) b += "0";
  let hex = "";
  for (let i = 0; i < b.length; i += 4) hex += parseInt(b.slice(i, i + 4), 2).toString(16).toUpperCase();
  return hex;
}

function partsOf(id: EpcIdentity): { gcp: string; ref: string; rest: string[] } {
  switch (id.scheme) {
    case "sgtin":
      return { gcp: id.companyPrefix, ref: id.itemRef, rest: [id.serial] };
    case "sscc":
      return { gcp: id.companyPrefix, ref: id.serialRef, rest: [""] };
    case "sgln":
      return { gcp: id.companyPrefix, ref: id.locationRef, rest: [id.extension] };
    case "grai":
      return { gcp: id.companyPrefix, ref: id.assetType, rest: [id.serial] };
    case "giai":
      return { gcp: id.companyPrefix, ref: id.assetRef, rest: [] };
    case "gdti":
      return { gcp: id.companyPrefix, ref: id.documentType, rest: [id.serial] };
    case "sgcn":
      return { gcp: id.companyPrefix, ref: id.couponRef, rest: [id.serial] };
    case "gsrn":
    case "gsrnp":
      return { gcp: id.companyPrefix, ref: id.serviceRef, rest: [""] };
    case "itip":
      return { gcp: id.companyPrefix, ref: id.itemRef, rest: [id.piece, id.total, id.serial] };
    case "cpi":
      return { gcp: id.companyPrefix, ref: id.componentRef, rest: [id.serial] };
    default:
      return fail(Gs1ErrorCode.UNSUPPORTED_SCHEME, `${id.scheme.toUpperCase()} has no RFID binary encoding.`);
  }
}

function encodePartitioned(id: EpcIdentity, layout: PartitionedLayout, filter: number): string {
  const { gcp, ref, rest } = partsOf(id);
  const partition = 12 - gcp.length;
  const gcpBits = GCP_BITS[partition];
  if (gcpBits === undefined || partition < 0) {
    fail(Gs1ErrorCode.BAD_COMPANY_PREFIX_LENGTH, `EPC binary encodings cover company prefixes of 6 to 12 digits; this one has ${gcp.length}.`);
  }
  let bits = layout.header.toString(2).padStart(8, "0") + filter.toString(2).padStart(3, "0") + partition.toString(2).padStart(3, "0");
  bits += intBits(BigInt(gcp), gcpBits, "company prefix");
  const refBits = layout.refBits[partition] ?? 0;
  switch (layout.ref) {
    case "string7":
      bits += stringBits(ref, refBits, layout.refWhat);
      break;
    case "string6":
      bits += `${sixBits(ref, layout.refWhat)}000000`;
      break;
    default:
      bits += intBits(ref === "" ? 0n : BigInt(ref), refBits, layout.refWhat);
  }
  layout.fields.forEach((field, i) => {
    const value = rest[i] ?? "";
    switch (field.kind) {
      case "int":
      case "digits2":
        bits += intBits(BigInt(value), field.bits, field.what);
        break;
      case "numeric-string":
        bits += intBits(BigInt(`1${value}`), field.bits, field.what);
        break;
      case "string7":
        bits += stringBits(value, field.bits, field.what);
        break;
      case "reserved":
        bits += "0".repeat(field.bits);
        break;
    }
  });
  return bits;
}

function encodeOther(id: EpcIdentity, scheme: "gid-96" | "usdod-96" | "adi-var", filter: number): string {
  if (id.scheme === "gid" && scheme === "gid-96") {
    return GID96_HEADER.toString(2).padStart(8, "0") + intBits(BigInt(id.generalManager), 28, "general manager number") +
      intBits(BigInt(id.objectClass), 24, "object class") + intBits(BigInt(id.serial), 36, "serial");
  }
  if (id.scheme === "usdod" && scheme === "usdod-96") {
    let cage = "";
    for (const c of id.cageOrDodaac.padStart(6, " ")) cage += c.charCodeAt(0).toString(2).padStart(8, "0");
    return USDOD96_HEADER.toString(2).padStart(8, "0") + filter.toString(2).padStart(4, "0") + cage + intBits(BigInt(id.serial), 36, "serial");
  }
  if (id.scheme === "adi" && scheme === "adi-var") {
    return ADIVAR_HEADER.toString(2).padStart(8, "0") + filter.toString(2).padStart(6, "0") + sixBits(id.cageOrDodaac.padStart(6, " "), "CAGE code or DoDAAC") +
      `${sixBits(id.partNumber, "original part number")}000000${sixBits(id.serial, "serial")}000000`;
  }
  return fail(Gs1ErrorCode.UNSUPPORTED_SCHEME, `Binary scheme ${scheme.toUpperCase()} does not encode ${id.scheme.toUpperCase()}.`, { value: scheme });
}

/**
 * Encodes an identity as EPC binary in upper-case hex, padded with zero bits to a whole hex digit (24 digits for the
 * 96-bit schemes, 50 for SGTIN-198, 28 for ITIP-110; CPI-var and ADI-var as long as their values need).
 *
 * Filter values: 0–7, USDOD-96 0–15, ADI-var 0–63; GID-96 has no filter (pass 0).
 *
 * @throws Gs1Error `UNSUPPORTED_SCHEME`, `NOT_ENCODABLE`, `BAD_FILTER`, `BAD_COMPANY_PREFIX_LENGTH`.
 */
export function encodeEpcBinary(id: EpcIdentity, scheme: EpcBinaryScheme, filter: number): string {
  checkFilterFor(filter, scheme);
  checkEncodable(id, scheme);
  if (scheme === "gid-96" || scheme === "usdod-96" || scheme === "adi-var") return toHex(encodeOther(id, scheme, filter));
  return toHex(encodePartitioned(id, LAYOUTS[scheme], filter));
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/** A decoded EPC binary: identity, scheme and filter. */
export interface DecodedEpcBinary {
  /** The identity. */
  identity: EpcIdentity;
  /** The binary scheme from the header byte. */
  scheme: EpcBinaryScheme;
  /** Filter value: 0–7, USDOD-96 0–15, ADI-var 0–63; 0 for GID-96, which has none. */
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

/** Reads bits left to right; running out of bits is a truncated read. */
class BitReader {
  pos = 8;
  /** `limit`: the scheme's length in bits (fixed-length schemes), else all the bits. */
  constructor(readonly bits: string, readonly limit: number, readonly hex: string, readonly scheme: EpcBinaryScheme) {}

  /** The scheme's name for messages (computed only when one is written). */
  get name(): string {
    return this.scheme.toUpperCase();
  }

  take(n: number): string {
    if (this.pos + n > this.limit) {
      fail(Gs1ErrorCode.TRUNCATED_BINARY, `This ${this.name} tag ends in the middle of a field ("${this.hex}" has ${this.hex.length} hex digits). Re-read the tag.`, { value: this.hex });
    }
    const s = this.bits.slice(this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  int(n: number): bigint {
    return BigInt(`0b${this.take(n)}`);
  }

  /** A field of up to 31 bits as a number (cheaper than {@link int}). */
  small(n: number): number {
    return parseInt(this.take(n), 2);
  }

  /** 6-bit characters up to the six-zero-bit terminator. */
  sixBitText(): string {
    let text = "";
    for (;;) {
      const v = parseInt(this.take(6), 2);
      if (v === 0) return text;
      text += String.fromCharCode(v >= 0x20 ? v : v + 0x40);
    }
  }

  /** Fails unless every bit after the current position is zero (padding to a word boundary). */
  end(): void {
    const one = this.bits.indexOf("1", this.pos);
    if (one !== -1 && one < this.limit) {
      fail(Gs1ErrorCode.BAD_BINARY, `${this.name} ends after ${this.pos} bits, but "${this.hex}" has non-zero bits after them.`, { value: this.hex });
    }
  }
}

/** @throws Gs1Error `BAD_BINARY` with `value` (default: the whole hex). */
function badBinary(r: BitReader, message: string, value?: string): never {
  return fail(Gs1ErrorCode.BAD_BINARY, message, { value: value ?? r.hex });
}

function decodePartitioned(layout: PartitionedLayout, r: BitReader): DecodedEpcBinary {
  const filter = r.small(3);
  const partition = r.small(3);
  const gcpBits = GCP_BITS[partition];
  if (gcpBits === undefined) badBinary(r, `${r.name} partition value ${partition} is invalid (0–6 allowed); the tag is corrupt.`);
  const gcpLength = 12 - partition;
  const gcpValue = r.int(gcpBits);
  const gcp = gcpValue.toString().padStart(gcpLength, "0");
  if (gcp.length > gcpLength) badBinary(r, `The company prefix field of this ${r.name} tag holds ${gcpValue}, more than ${gcpLength} digits.`);
  const refBits = layout.refBits[partition] ?? 0;
  const maxDigits = layout.refDigits(gcpLength);
  let ref: string;
  switch (layout.ref) {
    case "string7":
      ref = readString(r.take(refBits), layout.refWhat, r.name);
      break;
    case "string6":
      ref = r.sixBitText();
      if (ref === "" || ref.length > maxDigits || !/^[0-9A-Z#/-]+$/.test(ref)) {
        badBinary(r, `The ${layout.refWhat} "${ref}" of this ${r.name} tag must be 1 to ${maxDigits} of A-Z, 0-9, #, -, /.`, ref);
      }
      break;
    case "int": {
      const value = r.int(refBits);
      ref = value.toString();
      if (ref.length > maxDigits) badBinary(r, `The ${layout.refWhat} field of this ${r.name} tag holds ${value}, more than ${maxDigits} digits.`);
      break;
    }
    default: {
      const value = r.int(refBits);
      ref = maxDigits === 0 ? "" : value.toString().padStart(maxDigits, "0");
      if ((maxDigits === 0 && value !== 0n) || ref.length > maxDigits) {
        badBinary(r, `The ${layout.refWhat} field of this ${r.name} tag holds ${value}, more than ${maxDigits} digits.`);
      }
    }
  }
  const rest: string[] = [];
  for (const field of layout.fields) {
    switch (field.kind) {
      case "int":
        rest.push(r.int(field.bits).toString());
        break;
      case "digits2": {
        const value = r.int(field.bits);
        if (value > 99n) badBinary(r, `The ${field.what} field of this ${r.name} tag holds ${value}, more than two digits.`);
        rest.push(value.toString().padStart(2, "0"));
        break;
      }
      case "numeric-string": {
        const text = r.int(field.bits).toString();
        if (!/^1\d+$/.test(text) || text.length > field.maxDigits + 1) {
          badBinary(r, `The ${field.what} field of this ${r.name} tag holds ${text}, which is not 1 followed by 1 to ${field.maxDigits} digits.`);
        }
        rest.push(text.slice(1));
        break;
      }
      case "string7": {
        const text = readString(r.take(field.bits), field.what, r.name);
        if (text === "") badBinary(r, `This ${r.name} tag has an empty ${field.what}.`);
        rest.push(text);
        break;
      }
      case "reserved":
        if (r.take(field.bits).includes("1")) badBinary(r, `The reserved bits of this ${r.name} tag are not zero; the tag is corrupt.`);
        rest.push("");
        break;
    }
  }
  r.end();
  const [a = "", b = "", c = ""] = rest;
  let identity: EpcIdentity;
  switch (identitySchemeOf(layout.scheme)) {
    case "sgtin":
      identity = { scheme: "sgtin", companyPrefix: gcp, itemRef: ref, serial: a };
      break;
    case "sscc":
      identity = { scheme: "sscc", companyPrefix: gcp, serialRef: ref };
      break;
    case "sgln":
      identity = { scheme: "sgln", companyPrefix: gcp, locationRef: ref, extension: a };
      break;
    case "grai":
      identity = { scheme: "grai", companyPrefix: gcp, assetType: ref, serial: a };
      break;
    case "giai":
      if (ref === "") badBinary(r, `This ${r.name} tag has an empty asset reference.`);
      if (gcp.length + ref.length > 30) badBinary(r, `This ${r.name} tag holds a GIAI longer than 30 characters.`);
      identity = { scheme: "giai", companyPrefix: gcp, assetRef: ref };
      break;
    case "gdti":
      identity = { scheme: "gdti", companyPrefix: gcp, documentType: ref, serial: a };
      break;
    case "sgcn":
      identity = { scheme: "sgcn", companyPrefix: gcp, couponRef: ref, serial: a };
      break;
    case "gsrn":
      identity = { scheme: "gsrn", companyPrefix: gcp, serviceRef: ref };
      break;
    case "gsrnp":
      identity = { scheme: "gsrnp", companyPrefix: gcp, serviceRef: ref };
      break;
    case "itip":
      identity = { scheme: "itip", companyPrefix: gcp, itemRef: ref, piece: a, total: b, serial: c };
      break;
    default:
      if (Number(a) > 999_999_999_999) badBinary(r, `The serial of this ${r.name} tag is ${a}, more than 12 digits.`);
      identity = { scheme: "cpi", companyPrefix: gcp, componentRef: ref, serial: a };
      break;
  }
  return { identity, scheme: layout.scheme, filter };
}

const CAGE = /^[0-9A-HJ-NP-Z]{5,6}$/;

function decodeOther(scheme: "gid-96" | "usdod-96" | "adi-var", r: BitReader): DecodedEpcBinary {
  if (scheme === "gid-96") {
    const generalManager = r.int(28).toString();
    const objectClass = r.int(24).toString();
    const serial = r.int(36).toString();
    r.end();
    return { identity: { scheme: "gid", generalManager, objectClass, serial }, scheme, filter: 0 };
  }
  if (scheme === "usdod-96") {
    const filter = Number(r.int(4));
    let text = "";
    for (let i = 0; i < 6; i++) text += String.fromCharCode(Number(r.int(8)));
    const cageOrDodaac = text.startsWith(" ") ? text.slice(1) : text;
    if (!CAGE.test(cageOrDodaac)) badBinary(r, `The CAGE/DoDAAC field of this USDOD-96 tag holds "${text}", not 5 or 6 of 0-9 and A-Z without I and O.`, text);
    const serial = r.int(36).toString();
    r.end();
    return { identity: { scheme: "usdod", cageOrDodaac, serial }, scheme, filter };
  }
  const filter = Number(r.int(6));
  let text = "";
  for (let i = 0; i < 6; i++) {
    const v = Number(r.int(6));
    text += String.fromCharCode(v >= 0x20 ? v : v + 0x40);
  }
  const cageOrDodaac = text.startsWith(" ") ? text.slice(1) : text;
  if (!CAGE.test(cageOrDodaac)) badBinary(r, `The CAGE/DoDAAC field of this ADI-var tag holds "${text}", not 5 or 6 of 0-9 and A-Z without I and O.`, text);
  const partNumber = r.sixBitText();
  const serial = r.sixBitText();
  r.end();
  if (partNumber.length > 32 || !/^[0-9A-Z/-]*$/.test(partNumber)) badBinary(r, `The original part number "${partNumber}" of this ADI-var tag must be 0 to 32 of A-Z, 0-9, -, /.`, partNumber);
  if (serial.length > 30 || !/^#?[0-9A-Z/-]+$/.test(serial)) badBinary(r, `The serial "${serial}" of this ADI-var tag must be 1 to 30 of A-Z, 0-9, -, /, optionally after a leading #.`, serial);
  return { identity: { scheme: "adi", cageOrDodaac, partNumber, serial }, scheme, filter };
}

/** Bits the fixed-length part of a variable scheme needs at least (header to the first terminator). */
const MIN_VARIABLE_BITS: Readonly<Record<string, number>> = { "cpi-var": 8 + 3 + 3 + 20 + 12 + 40, "adi-var": 8 + 6 + 36 + 6 + 12 };

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
  const scheme = BY_HEADER.get(header);
  if (scheme === undefined) {
    const known = OTHER_HEADERS[header];
    if (known !== undefined) {
      fail(Gs1ErrorCode.UNSUPPORTED_SCHEME, `EPC header 0x${hex.slice(0, 2).toUpperCase()} is ${known}, which this system does not decode.`, { value: hex });
    }
    fail(Gs1ErrorCode.UNKNOWN_HEADER, `EPC header 0x${hex.slice(0, 2).toUpperCase()} is not a GS1 EPC scheme; the tag may hold non-GS1 data.`, { value: hex });
  }
  const totalBits = scheme === "gid-96" || scheme === "usdod-96" ? 96 : scheme === "adi-var" ? undefined : LAYOUTS[scheme].totalBits;
  const needBits = totalBits ?? MIN_VARIABLE_BITS[scheme] ?? 0;
  const needHex = Math.ceil(needBits / 4);
  if (hex.length < needHex) {
    fail(
      Gs1ErrorCode.TRUNCATED_BINARY,
      `${scheme.toUpperCase()} needs ${totalBits === undefined ? "at least " : ""}${needBits} bits (${needHex} hex digits); "${hex}" has only ${hex.length} hex digits. Re-read the tag.`,
      { value: hex },
    );
  }
  let bits = "";
  for (let i = 0; i < hex.length; i++) bits += NIBBLE_BITS[parseInt(hex.charAt(i), 16)] as string;
  if (totalBits !== undefined && bits.slice(totalBits).includes("1")) {
    fail(Gs1ErrorCode.BAD_BINARY, `${scheme.toUpperCase()} is ${totalBits} bits long, but "${hex}" has non-zero bits after them.`, { value: hex });
  }
  const reader = new BitReader(bits, totalBits ?? bits.length, hex, scheme);
  if (scheme === "gid-96" || scheme === "usdod-96" || scheme === "adi-var") return decodeOther(scheme, reader);
  return decodePartitioned(LAYOUTS[scheme], reader);
}
