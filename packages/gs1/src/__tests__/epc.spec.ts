import {
  Gs1ErrorCode,
  decodeEpcBinary,
  parseCode,
  toDigitalLink,
  toElementString,
  toEpcHex,
  toEpcTagUri,
  toEpcUri,
} from "../index";
import { expectGs1Error } from "./helpers";

describe("EPC pure-identity, class and pattern URIs", () => {
  it("moves the indicator digit to the front of the item reference (GTIN 80614141123458, prefix length 7)", () => {
    expect(toEpcUri("(01)80614141123458(21)6789", { companyPrefixLength: 7 })).toBe("urn:epc:id:sgtin:0614141.812345.6789");
    expect(parseCode("urn:epc:id:sgtin:0614141.812345.6789").gtin).toBe("80614141123458");
  });

  it("asks for the company prefix length when converting an element string or Digital Link to an EPC", () => {
    expectGs1Error(() => toEpcUri("(01)80614141123458(21)6789"), Gs1ErrorCode.NEEDS_COMPANY_PREFIX_LENGTH, "80614141123458", "companyPrefixLength");
    expectGs1Error(() => toEpcHex("https://id.gs1.org/00/012345666638689852", { filter: 0 }), Gs1ErrorCode.NEEDS_COMPANY_PREFIX_LENGTH, "SSCC");
  });

  it("does not ask for the company prefix length when the input was an EPC (it is in the URN)", () => {
    const code = parseCode("urn:epc:id:sgtin:0614141.812345.6789");
    expect(code.companyPrefixLength).toBe(7);
    expect(toDigitalLink(code)).toBe("https://id.gs1.org/01/80614141123458/21/6789");
    expect(toEpcTagUri(code, { filter: 1 })).toBe("urn:epc:tag:sgtin-96:1.0614141.812345.6789");
  });

  it("remembers a company prefix length given at parse time", () => {
    const code = parseCode("(01)80614141123458(21)6789", { companyPrefixLength: 7 });
    expect(toEpcUri(code)).toBe("urn:epc:id:sgtin:0614141.812345.6789");
  });

  it("rejects a company prefix length outside 6–12", () => {
    expectGs1Error(() => toEpcUri("(01)80614141123458(21)6789", { companyPrefixLength: 5 }), Gs1ErrorCode.BAD_COMPANY_PREFIX_LENGTH);
  });

  it("writes SSCC, SGLN (extension 0 = none), PGLN, GRAI and GIAI URIs and reads them back", () => {
    const cases: Array<[string, number, string]> = [
      ["(00)012345666638689852", 6, "urn:epc:id:sscc:123456.06663868985"],
      ["(414)1234567890111(254)1111", 10, "urn:epc:id:sgln:1234567890.11.1111"],
      ["(414)4374736473640", 10, "urn:epc:id:sgln:4374736473.64.0"],
      ["(417)1234567890111", 10, "urn:epc:id:pgln:1234567890.11"],
      ["(8003)00614141123452SER1", 7, "urn:epc:id:grai:0614141.12345.SER1"],
      ["(8004)0614141A%2F", 7, "urn:epc:id:giai:0614141.A%252F"],
    ];
    for (const [es, cpl, uri] of cases) {
      expect(toEpcUri(es, { companyPrefixLength: cpl })).toBe(uri);
      expect(toElementString(uri)).toBe(es);
    }
  });

  it("writes a 12-digit company prefix SGLN with an empty location reference", () => {
    const uri = toEpcUri("(414)4374736473640", { companyPrefixLength: 12 });
    expect(uri).toBe("urn:epc:id:sgln:437473647364..0");
    expect(parseCode(uri).gln).toBe("4374736473640");
  });

  it("writes GTIN + lot as an LGTIN class URI and a GTIN alone as an SGTIN pattern", () => {
    expect(toEpcUri("(01)04023333020008(10)2019-10-07", { companyPrefixLength: 7 })).toBe("urn:epc:class:lgtin:4023333.002000.2019-10-07");
    expect(toEpcUri("(01)04023333020008", { companyPrefixLength: 7 })).toBe("urn:epc:idpat:sgtin:4023333.002000.*");
    expect(parseCode("urn:epc:idpat:sgtin:4023333.002000.*")).toMatchObject({ kind: "gtin", gtin: "04023333020008", form: "epc-pattern-uri" });
  });

  it("escapes and unescapes the URI-reserved characters of a serial", () => {
    const uri = toEpcUri("(01)80614141123458(21)a/b&c%d\"e<f>g?h", { companyPrefixLength: 7 });
    expect(uri).toBe("urn:epc:id:sgtin:0614141.812345.a%2Fb%26c%25d%22e%3Cf%3Eg%3Fh");
    expect(parseCode(uri).serial).toBe("a/b&c%d\"e<f>g?h");
  });

  it("rejects malformed EPC URIs with a reason", () => {
    expectGs1Error(() => parseCode("urn:epc:id:sgtin:0614141.812345"), Gs1ErrorCode.BAD_EPC_URI, "field is missing");
    expectGs1Error(() => parseCode("urn:epc:id:sgtin:0614141.81234.1"), Gs1ErrorCode.BAD_EPC_URI, "6 digits");
    expectGs1Error(() => parseCode("urn:epc:id:gid:95100000.12345.400"), Gs1ErrorCode.UNSUPPORTED_SCHEME, "GID has no GS1 key");
    expectGs1Error(() => parseCode("urn:epc:id:xyz:95100000.12345.400"), Gs1ErrorCode.UNSUPPORTED_SCHEME, "xyz");
    expectGs1Error(() => parseCode("urn:epc:id:sgtin:0614141.812345.A#1"), Gs1ErrorCode.INVALID_CHARACTER);
  });
});

describe("EPC tag URIs and binary", () => {
  it("decodes the TDS SGTIN-96 example in every direction (V2)", () => {
    const code = parseCode("3074257BF7194E4000001A85");
    expect(code).toMatchObject({ kind: "sgtin", form: "epc-hex", filter: 3, scheme: "sgtin-96", companyPrefixLength: 7 });
    expect(toEpcTagUri(code)).toBe("urn:epc:tag:sgtin-96:3.0614141.812345.6789");
    expect(toEpcHex(parseCode("urn:epc:tag:sgtin-96:3.0614141.812345.6789"))).toBe("3074257BF7194E4000001A85");
  });

  it("encodes a GTIN and serial with filter 1 and prefix length 7 (V5)", () => {
    expect(toEpcHex("(01)08411135354029(21)54879624", { scheme: "sgtin-96", filter: 1, companyPrefixLength: 7 })).toBe("3036015FFC22928003456588");
  });

  it("decodes partition 5 and a GTIN that shows a wrongly placed indicator (V4, V21)", () => {
    expect(toEpcTagUri("3034007D00011C400000000B")).toBe("urn:epc:tag:sgtin-96:1.0008000.001137.11");
    const v21 = parseCode("303403332C121B2F276CB8E8");
    expect(toEpcTagUri(v21)).toBe("urn:epc:tag:sgtin-96:1.0052427.018540.202524899560");
    expect(v21.gtin).toBe("00052427185402");
  });

  it("encodes and decodes SGTIN-198 with an alphanumeric serial (V3)", () => {
    const hex = "3674257BF6B7A659B2C2BF1000000000000000000000000000";
    expect(toEpcHex("urn:epc:tag:sgtin-198:3.0614141.712345.32a%2Fb")).toBe(hex);
    const code = parseCode(hex);
    expect(code.serial).toBe("32a/b");
    expect(toEpcTagUri(code)).toBe("urn:epc:tag:sgtin-198:3.0614141.712345.32a%2Fb");
  });

  it("accepts the Gen2 word padding of a 198-bit EPC (52 hex digits)", () => {
    expect(parseCode("3674257BF6B7A659B2C2BF100000000000000000000000000000").serial).toBe("32a/b");
  });

  it("encodes and decodes SSCC-96 (V7, V8)", () => {
    expect(toEpcTagUri("31AC16465751CCD0C2000000")).toBe("urn:epc:tag:sscc-96:5.023356789.30200002");
    expect(toEpcHex("(00)012345678901234560", { scheme: "sscc-96", filter: 0, companyPrefixLength: 8 })).toBe("31105E30A7055F2CC0000000");
    expect(toEpcUri("31105E30A7055F2CC0000000")).toBe("urn:epc:id:sscc:12345678.090123456");
  });

  it("encodes and decodes SGLN-96 (V9)", () => {
    expect(toEpcHex("urn:epc:tag:sgln-96:3.0614141.12345.400")).toBe("3274257BF460720000000190");
    expect(toEpcTagUri("3274257BF460720000000190")).toBe("urn:epc:tag:sgln-96:3.0614141.12345.400");
  });

  it("round-trips GRAI-96, GRAI-170, GIAI-96, GIAI-202 and SGLN-195", () => {
    const tags = [
      "urn:epc:tag:grai-96:2.0614141.12345.5678",
      "urn:epc:tag:grai-170:2.0614141.12345.A%2F1",
      "urn:epc:tag:giai-96:0.0614141.12345678",
      "urn:epc:tag:giai-202:0.0614141.ABC-99%2F1",
      "urn:epc:tag:sgln-195:0.0614141.12345.EXT-1",
    ];
    for (const tag of tags) {
      const hex = toEpcHex(tag);
      expect(toEpcTagUri(hex)).toBe(tag);
    }
  });

  it("picks SGTIN-198 when the serial does not fit SGTIN-96, and refuses SGTIN-96 explicitly", () => {
    const opts = { companyPrefixLength: 7, filter: 1 };
    expect(toEpcTagUri("(01)80614141123458(21)0123", opts)).toBe("urn:epc:tag:sgtin-198:1.0614141.812345.0123");
    expect(toEpcTagUri("(01)80614141123458(21)123", opts)).toBe("urn:epc:tag:sgtin-96:1.0614141.812345.123");
    expectGs1Error(() => toEpcHex("(01)80614141123458(21)0123", { ...opts, scheme: "sgtin-96" }), Gs1ErrorCode.NOT_ENCODABLE, "SGTIN-198");
    expectGs1Error(() => toEpcHex("(01)80614141123458(21)274877906944", { ...opts, scheme: "sgtin-96" }), Gs1ErrorCode.NOT_ENCODABLE);
    expect(toEpcTagUri("(01)80614141123458(21)274877906943", opts)).toBe("urn:epc:tag:sgtin-96:1.0614141.812345.274877906943");
  });

  it("rejects a tag URI whose serial its scheme cannot hold", () => {
    expectGs1Error(() => parseCode("urn:epc:tag:sgtin-96:3.0614141.812345.AB"), Gs1ErrorCode.NOT_ENCODABLE);
  });

  it("requires a filter value, and one in 0–7", () => {
    expectGs1Error(() => toEpcHex("(01)80614141123458(21)6789", { companyPrefixLength: 7 }), Gs1ErrorCode.BAD_FILTER);
    expectGs1Error(() => toEpcHex("(01)80614141123458(21)6789", { companyPrefixLength: 7, filter: 8 }), Gs1ErrorCode.BAD_FILTER);
    expectGs1Error(() => parseCode("urn:epc:tag:sgtin-96:9.0614141.812345.6789"), Gs1ErrorCode.BAD_FILTER);
  });

  it("refuses a binary scheme of another identifier type", () => {
    expectGs1Error(() => toEpcHex("(00)012345678901234560", { scheme: "sgtin-96", filter: 0, companyPrefixLength: 8 }), Gs1ErrorCode.UNSUPPORTED_SCHEME, "SGTIN-96");
    expectGs1Error(() => toEpcHex("(01)04023333020008(10)L1", { filter: 0, companyPrefixLength: 7 }), Gs1ErrorCode.UNSUPPORTED_SCHEME);
  });

  it("rejects truncated, unknown, unsupported and corrupt binaries", () => {
    expectGs1Error(() => parseCode("3074257BF7194E40"), Gs1ErrorCode.TRUNCATED_BINARY, "96 bits");
    expectGs1Error(() => decodeEpcBinary("E2801160600002054CC2096F"), Gs1ErrorCode.UNKNOWN_HEADER, "0xE2");
    expectGs1Error(() => decodeEpcBinary("F774257BF7194E4000001A85"), Gs1ErrorCode.UNSUPPORTED_SCHEME, "SGTIN+");
    expectGs1Error(() => decodeEpcBinary("307C257BF7194E4000001A85"), Gs1ErrorCode.BAD_BINARY, "partition value 7");
    expectGs1Error(() => decodeEpcBinary("3074257BF7194E4000001A8500000001"), Gs1ErrorCode.BAD_BINARY, "non-zero bits");
    expectGs1Error(() => decodeEpcBinary("30FFFFFFFFFFFFFFFFFFFFFF"), Gs1ErrorCode.BAD_BINARY);
  });

  it("reads lower-case hex", () => {
    expect(parseCode("3074257bf7194e4000001a85").serial).toBe("6789");
  });
});
