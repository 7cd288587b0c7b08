import {
  Gs1ErrorCode,
  canonicalIdentifier,
  decodeEpcBinary,
  encodeEpcBinary,
  formatEpcPatternUri,
  formatEpcUri,
  formatTagUri,
  parseCode,
  parseEpcPatternUri,
  parseEpcUri,
  toDigitalLink,
  toElementString,
  toEpcHex,
  toEpcTagUri,
  toEpcUri,
  tryCanonicalIdentifier,
  type EpcBinaryScheme,
} from "../index";
import { expectGs1Error } from "./helpers";

/**
 * The worked examples of the GS1 EPC Tag Data Standard (TDS 2.x, Annex E "Encoding and decoding examples"), as the
 * TDSStandard unit tests of `dannyhaak/TagDataTranslation` (C#) carry them, with that project's corrections of the TDS
 * text noted there (GSRN-96 hex filter, SGCN-96 filter). TDS shows the binary padded to a 16-bit word; this package
 * writes whole hex digits, so a few expected hex strings below are the TDS ones without their trailing zero digits
 * (the decoder accepts both). The second SGCN-96 row is from `awelxtr/epcGS1coder`
 * (`src/test/java/org/java/epcGS1coder/sgcn/Sgcn96Test.java`).
 */
const TDS_EXAMPLES: ReadonlyArray<{ tag: string; hex: string; wordHex?: string; pure: string; elements?: string; cpl?: number }> = [
  { tag: "urn:epc:tag:gsrn-96:3.0614141.1234567890", hex: "2D74257BF4499602D2000000", pure: "urn:epc:id:gsrn:0614141.1234567890", elements: "(8018)061414112345678902", cpl: 7 },
  { tag: "urn:epc:tag:gsrnp-96:3.0614141.1234567890", hex: "2E74257BF4499602D2000000", pure: "urn:epc:id:gsrnp:0614141.1234567890", elements: "(8017)061414112345678902", cpl: 7 },
  { tag: "urn:epc:tag:gdti-96:3.0614141.12345.5678", hex: "2C74257BF46072000000162E", pure: "urn:epc:id:gdti:0614141.12345.5678", elements: "(253)06141411234525678", cpl: 7 },
  {
    tag: "urn:epc:tag:gdti-174:3.4012345.98765.ABCDefgh012345678",
    hex: "3E74F4E4E7039B061438997367D0C18B266D1AB66EE0",
    pure: "urn:epc:id:gdti:4012345.98765.ABCDefgh012345678",
    elements: "(253)4012345987652ABCDefgh012345678",
    cpl: 7,
  },
  { tag: "urn:epc:tag:cpi-96:3.0614141.98765.12345", hex: "3C74257BF400C0E680003039", pure: "urn:epc:id:cpi:0614141.98765.12345", elements: "(8010)061414198765(8011)12345", cpl: 7 },
  {
    tag: "urn:epc:tag:cpi-var:3.0614141.5PQ7%2FZ43.12345",
    hex: "3D74257BF75411DEF6B4CC00000003039",
    pure: "urn:epc:id:cpi:0614141.5PQ7%2FZ43.12345",
    elements: "(8010)06141415PQ7/Z43(8011)12345",
    cpl: 7,
  },
  { tag: "urn:epc:tag:sgcn-96:3.4012345.67890.04711", hex: "3F74F4E4E612640000019907", pure: "urn:epc:id:sgcn:4012345.67890.04711", elements: "(255)401234567890104711", cpl: 7 },
  { tag: "urn:epc:tag:sgcn-96:1.1234567890.12.0021458", hex: "3F28499602D218000098EA52", pure: "urn:epc:id:sgcn:1234567890.12.0021458", elements: "(255)12345678901280021458", cpl: 10 },
  {
    tag: "urn:epc:tag:itip-110:3.4012345.012345.01.02.987",
    hex: "4074F4E4E40C0E40820000000F6C",
    pure: "urn:epc:id:itip:4012345.012345.01.02.987",
    elements: "(8006)040123451234560102(21)987",
    cpl: 7,
  },
  {
    tag: "urn:epc:tag:itip-212:3.4012345.012345.01.02.mw133",
    hex: "4174F4E4E40C0E4082DBDD8B36600000000000000000000000000",
    wordHex: "4174F4E4E40C0E4082DBDD8B36600000000000000000000000000000",
    pure: "urn:epc:id:itip:4012345.012345.01.02.mw133",
    elements: "(8006)040123451234560102(21)mw133",
    cpl: 7,
  },
  { tag: "urn:epc:tag:gid-96:31415.271828.1414", hex: "350007AB70425D4000000586", pure: "urn:epc:id:gid:31415.271828.1414" },
  { tag: "urn:epc:tag:usdod-96:3.CAGEY.5678", hex: "2F320434147455900000162E", pure: "urn:epc:id:usdod:CAGEY.5678" },
  { tag: "urn:epc:tag:adi-var:3.35962.PQ7VZ4.M37GXB92", hex: "3B0E0CF5E76C9047759AD00373DC7602E7200", pure: "urn:epc:id:adi:35962.PQ7VZ4.M37GXB92" },
];

describe("EPC binary schemes of TDS 2.x beyond SGTIN/SSCC/SGLN/GRAI/GIAI (TDS Annex E examples)", () => {
  it.each(TDS_EXAMPLES)("$tag ⇄ $hex", ({ tag, hex, wordHex, pure, elements, cpl }) => {
    const parsed = parseEpcUri(tag);
    const scheme = parsed.scheme as EpcBinaryScheme;
    expect(encodeEpcBinary(parsed.identity, scheme, parsed.filter ?? 0)).toBe(hex);
    for (const input of [hex, hex.toLowerCase(), wordHex ?? hex]) {
      const decoded = decodeEpcBinary(input);
      expect(decoded).toEqual({ identity: parsed.identity, scheme, filter: parsed.filter });
      expect(formatTagUri(decoded.identity, decoded.scheme, decoded.filter)).toBe(tag);
      expect(formatEpcUri(decoded.identity)).toBe(pure);
    }
    expect(parseEpcUri(pure).identity).toEqual(parsed.identity);
    if (elements !== undefined) {
      expect(toElementString(parseCode(hex))).toBe(elements);
      expect(toElementString(parseCode(tag))).toBe(elements);
      expect(toEpcTagUri(hex)).toBe(tag);
      expect(toEpcHex(elements, { companyPrefixLength: cpl, scheme, filter: parsed.filter })).toBe(hex);
      expect(toEpcUri(elements, { companyPrefixLength: cpl })).toBe(pure);
      expect(canonicalIdentifier(hex)).toBe(canonicalIdentifier(elements));
    }
  });

  it("chooses the short scheme when the value fits it, else the long one", () => {
    expect(toEpcTagUri("(253)06141411234525678", { companyPrefixLength: 7, filter: 3 })).toBe("urn:epc:tag:gdti-96:3.0614141.12345.5678");
    expect(toEpcTagUri("(253)0614141123452ABC", { companyPrefixLength: 7, filter: 3 })).toBe("urn:epc:tag:gdti-174:3.0614141.12345.ABC");
    expect(toEpcTagUri("(8006)040123451234560102(21)987", { companyPrefixLength: 7, filter: 1 })).toBe("urn:epc:tag:itip-110:1.4012345.012345.01.02.987");
    expect(toEpcTagUri("(8006)040123451234560102(21)0987", { companyPrefixLength: 7, filter: 1 })).toBe("urn:epc:tag:itip-212:1.4012345.012345.01.02.0987");
    expect(toEpcTagUri("(8010)061414198765(8011)12345", { companyPrefixLength: 7, filter: 0 })).toBe("urn:epc:tag:cpi-96:0.0614141.98765.12345");
    expect(toEpcTagUri("(8010)0614141098765(8011)12345", { companyPrefixLength: 7, filter: 0 })).toBe("urn:epc:tag:cpi-var:0.0614141.098765.12345");
  });

  it("reads and writes the deprecated GDTI-113 (serial as a TDS numeric string of up to 17 digits), never choosing it itself", () => {
    // Computed field by field from the GDTI-113 layout (header 0x3A, partition 5: 24 + 17 bits, serial "1" + "006847"
    // = 1006847 in 58 bits); TDS has no worked example for this deprecated scheme.
    const tag = "urn:epc:tag:gdti-113:3.0614141.12345.006847";
    const hex = "3A74257BF460720000000007AE7F8";
    const { identity } = parseEpcUri(tag);
    expect(encodeEpcBinary(identity, "gdti-113", 3)).toBe(hex);
    expect(decodeEpcBinary(hex)).toEqual({ identity, scheme: "gdti-113", filter: 3 });
    expect(toEpcTagUri("(253)0614141123452006847", { companyPrefixLength: 7, filter: 3 })).toBe("urn:epc:tag:gdti-174:3.0614141.12345.006847");
    expectGs1Error(() => parseEpcUri("urn:epc:tag:gdti-113:3.0614141.12345.A1"), Gs1ErrorCode.NOT_ENCODABLE, "GDTI-174");
  });

  it("refuses values a scheme cannot carry, naming the scheme to use", () => {
    const gdti = parseEpcUri("urn:epc:id:gdti:0614141.12345.0678").identity;
    expectGs1Error(() => encodeEpcBinary(gdti, "gdti-96", 0), Gs1ErrorCode.NOT_ENCODABLE, "GDTI-174");
    const itip = parseEpcUri("urn:epc:id:itip:4012345.012345.01.02.A1").identity;
    expectGs1Error(() => encodeEpcBinary(itip, "itip-110", 0), Gs1ErrorCode.NOT_ENCODABLE, "ITIP-212");
    const cpi = parseEpcUri("urn:epc:id:cpi:0614141.5PQ7.12345").identity;
    expectGs1Error(() => encodeEpcBinary(cpi, "cpi-96", 0), Gs1ErrorCode.NOT_ENCODABLE, "CPI-var");
    expectGs1Error(() => parseEpcUri("urn:epc:tag:cpi-96:0.0614141.5PQ7.12345"), Gs1ErrorCode.NOT_ENCODABLE);
    expectGs1Error(() => encodeEpcBinary(gdti, "sgcn-96", 0), Gs1ErrorCode.UNSUPPORTED_SCHEME, "SGCN");
  });

  it("checks each scheme's filter range: 0–7, USDOD-96 0–15, ADI-var 0–63, GID-96 none", () => {
    const usdod = parseEpcUri("urn:epc:id:usdod:CAGEY.5678").identity;
    expect(formatTagUri(usdod, "usdod-96", 15)).toBe("urn:epc:tag:usdod-96:15.CAGEY.5678");
    expect(decodeEpcBinary(encodeEpcBinary(usdod, "usdod-96", 15)).filter).toBe(15);
    expectGs1Error(() => encodeEpcBinary(usdod, "usdod-96", 16), Gs1ErrorCode.BAD_FILTER, "0–15");
    const adi = parseEpcUri("urn:epc:id:adi:35962.PQ7VZ4.M37GXB92").identity;
    expect(decodeEpcBinary(encodeEpcBinary(adi, "adi-var", 63)).filter).toBe(63);
    expectGs1Error(() => parseEpcUri("urn:epc:tag:adi-var:64.35962.PQ7VZ4.M37GXB92"), Gs1ErrorCode.BAD_FILTER, "0–63");
    const gid = parseEpcUri("urn:epc:id:gid:31415.271828.1414").identity;
    expectGs1Error(() => encodeEpcBinary(gid, "gid-96", 1), Gs1ErrorCode.BAD_FILTER, "no filter");
    expectGs1Error(() => parseEpcUri("urn:epc:tag:gdti-96:8.0614141.12345.5678"), Gs1ErrorCode.BAD_FILTER, "0–7");
  });

  it("reads the ADI forms: DoDAAC, empty part number, # serial, escaped /", () => {
    for (const uri of ["urn:epc:id:adi:W81X9C.3KL984PX1.2WMA52", "urn:epc:id:adi:2S194..12345678901", "urn:epc:id:adi:2S194..%23A%2FB-1", "urn:epc:id:adi:2S194.A%2F1.%23X"]) {
      const { identity } = parseEpcUri(uri);
      expect(formatEpcUri(identity)).toBe(uri);
      const hex = encodeEpcBinary(identity, "adi-var", 0);
      expect(decodeEpcBinary(hex).identity).toEqual(identity);
    }
    expectGs1Error(() => parseEpcUri("urn:epc:id:adi:2S194.A.B%23C"), Gs1ErrorCode.BAD_EPC_URI, "#");
    expectGs1Error(() => parseEpcUri("urn:epc:id:adi:2SI94.A.B"), Gs1ErrorCode.BAD_EPC_URI, "CAGE");
    expectGs1Error(() => parseEpcUri("urn:epc:id:adi:2S194.a.B"), Gs1ErrorCode.BAD_EPC_URI, "part number");
  });

  it("reads GID and USDOD URIs only within their 96-bit ranges, without leading zeros", () => {
    expectGs1Error(() => parseEpcUri("urn:epc:id:gid:268435456.1.1"), Gs1ErrorCode.BAD_EPC_URI, "268435455");
    expectGs1Error(() => parseEpcUri("urn:epc:id:gid:1.01.1"), Gs1ErrorCode.BAD_EPC_URI, "leading zeros");
    expectGs1Error(() => parseEpcUri("urn:epc:id:usdod:CAGEY.68719476736"), Gs1ErrorCode.BAD_EPC_URI, "68719476735");
    expect(parseEpcUri("urn:epc:id:usdod:W81X9C.68719476735").identity).toEqual({ scheme: "usdod", cageOrDodaac: "W81X9C", serial: "68719476735" });
  });

  it("says GID, USDOD and ADI have no GS1 key where a Digital Link or element string is asked for", () => {
    for (const input of ["urn:epc:id:gid:31415.271828.1414", "350007AB70425D4000000586", "urn:epc:tag:usdod-96:3.CAGEY.5678", "urn:epc:id:adi:35962.PQ7VZ4.M37GXB92"]) {
      expectGs1Error(() => toDigitalLink(input), Gs1ErrorCode.UNSUPPORTED_SCHEME, "no GS1 key", "Digital Link");
      expectGs1Error(() => canonicalIdentifier(input), Gs1ErrorCode.UNSUPPORTED_SCHEME, "no GS1 key");
      expect(tryCanonicalIdentifier(input)).toBeUndefined();
    }
  });

  it("rejects truncated and corrupt binaries of the new schemes with their codes", () => {
    expectGs1Error(() => decodeEpcBinary("2C74257BF46072000000162"), Gs1ErrorCode.TRUNCATED_BINARY, "96 bits");
    expectGs1Error(() => decodeEpcBinary("4174F4E4E40C0E4082DBDD8B366"), Gs1ErrorCode.TRUNCATED_BINARY, "212 bits");
    expectGs1Error(() => decodeEpcBinary("3D74257BF75411DEF6B4CC0000000303"), Gs1ErrorCode.TRUNCATED_BINARY, "CPI-VAR");
    expectGs1Error(() => decodeEpcBinary("3B0E0CF5E76C9047759AD00373DC7602E72"), Gs1ErrorCode.TRUNCATED_BINARY, "ADI-VAR");
    expectGs1Error(() => decodeEpcBinary("2C7C257BF46072000000162E"), Gs1ErrorCode.BAD_BINARY, "partition value 7");
    expectGs1Error(() => decodeEpcBinary("2D74257BF4499602D2000001"), Gs1ErrorCode.BAD_BINARY, "reserved");
    expectGs1Error(() => decodeEpcBinary("3B0E0CF5E76C9047759AD00373DC7602E7201"), Gs1ErrorCode.BAD_BINARY, "non-zero bits");
    // SGCN-96 serial field 0x19907 with its leading 1 removed (0x09907 = 39175): not "1" + digits.
    expectGs1Error(() => decodeEpcBinary("3F74F4E4E612640000009907"), Gs1ErrorCode.BAD_BINARY, "1 followed by");
    // ITIP-110 piece number 127 (more than two digits).
    expectGs1Error(() => decodeEpcBinary("4074F4E4E40C0E7F820000000F6C"), Gs1ErrorCode.BAD_BINARY, "piece number");
    // USDOD-96 with a lower-case letter in the CAGE field.
    expectGs1Error(() => decodeEpcBinary("2F320436147455900000162E"), Gs1ErrorCode.BAD_BINARY, "CAGE");
  });
});

describe("EPC pattern URIs (urn:epc:idpat:) of every TDS scheme", () => {
  it.each([
    "urn:epc:idpat:sgtin:0614141.812345.*",
    "urn:epc:idpat:sgtin:0614141.*.*",
    "urn:epc:idpat:sgtin:*.*.*",
    "urn:epc:idpat:sgtin:0614141.812345.6789",
    "urn:epc:idpat:sscc:0614141.*",
    "urn:epc:idpat:sscc:*.*",
    "urn:epc:idpat:sgln:0614141.12345.*",
    "urn:epc:idpat:sgln:437473647364..*",
    "urn:epc:idpat:pgln:0614141.*",
    "urn:epc:idpat:grai:0614141.12345.*",
    "urn:epc:idpat:giai:0614141.*",
    "urn:epc:idpat:giai:0614141.A%2FB",
    "urn:epc:idpat:gdti:0614141.12345.*",
    "urn:epc:idpat:gsrn:0614141.*",
    "urn:epc:idpat:gsrnp:*.*",
    "urn:epc:idpat:sgcn:4012345.67890.*",
    "urn:epc:idpat:gsin:0614141.*",
    "urn:epc:idpat:ginc:0614141.*",
    "urn:epc:idpat:upui:1234567.089456.*",
    "urn:epc:idpat:itip:4012345.012345.01.02.*",
    "urn:epc:idpat:itip:4012345.*.*.*.*",
    "urn:epc:idpat:itip:*.*.*.*.*",
    "urn:epc:idpat:cpi:0614141.5PQ7%2FZ43.*",
    "urn:epc:idpat:cpi:0614141.*.*",
    "urn:epc:idpat:gid:31415.271828.*",
    "urn:epc:idpat:gid:31415.*.*",
    "urn:epc:idpat:usdod:CAGEY.*",
    "urn:epc:idpat:adi:35962.PQ7VZ4.*",
    "urn:epc:idpat:adi:35962..*",
    "urn:epc:idpat:adi:*.*.*",
  ])("reads and writes %s", (uri) => {
    const pattern = parseEpcPatternUri(uri);
    expect(formatEpcPatternUri(pattern)).toBe(uri);
    const parsed = parseEpcUri(uri);
    expect(parsed.uriKind).toBe("idpat");
    expect(parsed.pattern).toEqual(pattern);
    expect(formatEpcUri(parsed.identity)).toBe(uri);
  });

  it("decodes the fields of a pattern", () => {
    expect(parseEpcPatternUri("urn:epc:idpat:cpi:0614141.5PQ7%2FZ43.*")).toEqual({ scheme: "cpi", fields: ["0614141", "5PQ7/Z43", "*"] });
    expect(parseEpcPatternUri("urn:epc:idpat:itip:4012345.*.*.*.*")).toEqual({ scheme: "itip", fields: ["4012345", "*", "*", "*", "*"] });
  });

  it("refuses * where TDS does not allow it, fields that break the identity rules, and unknown schemes", () => {
    expectGs1Error(() => parseEpcPatternUri("urn:epc:idpat:sgtin:*.812345.*"), Gs1ErrorCode.BAD_EPC_URI, "last fields");
    expectGs1Error(() => parseEpcPatternUri("urn:epc:idpat:sgtin:0614141.*.6789"), Gs1ErrorCode.BAD_EPC_URI, "last fields");
    expectGs1Error(() => parseEpcPatternUri("urn:epc:idpat:itip:4012345.012345.*.*.*"), Gs1ErrorCode.BAD_EPC_URI, "{field1}.{field2}.{field3}.{field4}.*");
    expectGs1Error(() => parseEpcPatternUri("urn:epc:idpat:sgtin:0614141.81234.*"), Gs1ErrorCode.BAD_EPC_URI, "6 digits");
    expectGs1Error(() => parseEpcPatternUri("urn:epc:idpat:sscc:06141.*"), Gs1ErrorCode.BAD_COMPANY_PREFIX_LENGTH);
    expectGs1Error(() => parseEpcPatternUri("urn:epc:idpat:grai:0614141.12345"), Gs1ErrorCode.BAD_EPC_URI, "field is missing");
    expectGs1Error(() => parseEpcPatternUri("urn:epc:idpat:lgtin:0614141.812345.*"), Gs1ErrorCode.UNSUPPORTED_SCHEME, "lgtin");
    expectGs1Error(() => parseEpcPatternUri("urn:epc:id:sgtin:0614141.812345.1"), Gs1ErrorCode.BAD_EPC_URI, "pattern");
    expectGs1Error(() => formatEpcPatternUri({ scheme: "gdti", fields: ["*", "12345", "*"] }), Gs1ErrorCode.BAD_EPC_URI);
  });

  /** `urn:epc:idpat` → canonical Digital Link, as the CBV 2.0 event hash converts them (values from the idpat rules of
   * `RalphTro/epcis-event-hash-generator` `epcis_event_hash_generator/dl_normaliser.py` and their unit tests). */
  it.each([
    ["urn:epc:idpat:sgtin:4012345.012345.*", "https://id.gs1.org/01/04012345123456"],
    ["urn:epc:idpat:grai:4012345.99999.*", "https://id.gs1.org/8003/04012345999990"],
    ["urn:epc:idpat:gdti:4012345.11111.*", "https://id.gs1.org/253/4012345111118"],
    ["urn:epc:idpat:sgcn:4012345.22222.*", "https://id.gs1.org/255/4012345222227"],
    ["urn:epc:idpat:cpi:4012345.AB12.*", "https://id.gs1.org/8010/4012345AB12"],
    ["urn:epc:idpat:itip:4012345.012345.01.02.*", "https://id.gs1.org/8006/040123451234560102"],
    ["urn:epc:idpat:upui:4012345.012345.*", "https://id.gs1.org/01/04012345123456"],
    ["urn:epc:idpat:cpi:0614141.5PQ7%2FZ43.*", "https://id.gs1.org/8010/06141415PQ7%2FZ43"],
  ])("canonicalIdentifier(%s) is %s", (uri, dl) => {
    expect(canonicalIdentifier(uri)).toBe(dl);
    expect(parseCode(uri).form).toBe("epc-pattern-uri");
  });

  it("gives no Digital Link for patterns that match many GS1 keys or name one EPC (kept as given by EPCIS)", () => {
    for (const uri of ["urn:epc:idpat:sgtin:0614141.*.*", "urn:epc:idpat:sscc:0614141.*", "urn:epc:idpat:gsrn:0614141.*", "urn:epc:idpat:sgtin:0614141.812345.6789",
      "urn:epc:idpat:gid:31415.271828.*", "urn:epc:idpat:itip:4012345.*.*.*.*"]) {
      expectGs1Error(() => canonicalIdentifier(uri), Gs1ErrorCode.UNSUPPORTED_SCHEME, "no GS1 Digital Link form");
    }
  });
});
