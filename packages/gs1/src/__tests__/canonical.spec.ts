import {
  Gs1ErrorCode,
  canonicalIdentifier,
  canonicalUnitId,
  gtinClassId,
  lgtinClassId,
  parseCode,
  toDigitalLink,
  tryCanonicalIdentifier,
  unitKey,
} from "../index";
import { expectGs1Error } from "./helpers";

describe("canonicalUnitId", () => {
  it("gives the same id for a printed DataMatrix, its Digital Link and its RFID tag", () => {
    const fromBarcode = canonicalUnitId("]d2018061414112345817261231106789LOT\u001d216789");
    const fromLink = canonicalUnitId("https://brand.example/01/80614141123458/21/6789?17=261231");
    const fromTag = canonicalUnitId("3074257BF7194E4000001A85");
    expect(fromBarcode).toBe("https://id.gs1.org/01/80614141123458/21/6789");
    expect(fromLink).toBe(fromBarcode);
    expect(fromTag).toBe(fromBarcode);
  });

  it("leaves the lot out of a unit id", () => {
    expect(canonicalUnitId("https://id.gs1.org/01/09506000134352/10/ABC/21/XYZ")).toBe("https://id.gs1.org/01/09506000134352/21/XYZ");
  });

  it("builds the id from plain GTIN and serial fields, validating them", () => {
    expect(canonicalUnitId({ gtin: "09506000134352", serial: "A/1" })).toBe("https://id.gs1.org/01/09506000134352/21/A%2F1");
    expect(canonicalUnitId({ gtin: "416000336108", serial: "1" })).toBe("https://id.gs1.org/01/00416000336108/21/1");
    expectGs1Error(() => canonicalUnitId({ gtin: "09506000134353", serial: "1" }), Gs1ErrorCode.BAD_CHECK_DIGIT);
  });

  it("gives SSCC, SGLN, PGLN, GRAI and GIAI ids by their keys", () => {
    expect(canonicalUnitId("urn:epc:id:sscc:123456.06663868985")).toBe("https://id.gs1.org/00/012345666638689852");
    expect(canonicalUnitId("urn:epc:id:sgln:1234567890.11.1111")).toBe("https://id.gs1.org/414/1234567890111/254/1111");
    expect(canonicalUnitId("urn:epc:id:sgln:4374736473.64.0")).toBe("https://id.gs1.org/414/4374736473640");
    expect(canonicalUnitId("urn:epc:id:pgln:1234567890.11")).toBe("https://id.gs1.org/417/1234567890111");
    expect(canonicalUnitId("urn:epc:id:grai:0614141.12345.SER1")).toBe("https://id.gs1.org/8003/00614141123452SER1");
    expect(canonicalUnitId("urn:epc:id:giai:0614141.ABC")).toBe("https://id.gs1.org/8004/0614141ABC");
  });

  it("refuses a code that names a product or a lot rather than one unit", () => {
    expectGs1Error(() => canonicalUnitId("(01)09506000134352(10)ABC"), Gs1ErrorCode.MISSING_KEY, "not one unit");
    expectGs1Error(() => canonicalUnitId("(01)09506000134352"), Gs1ErrorCode.MISSING_KEY);
  });

  it("equals the Digital Link of the code reduced to its unit key", () => {
    const code = parseCode("(01)09506000134352(17)261231(10)ABC(21)XYZ");
    expect(toDigitalLink(unitKey(code))).toBe(canonicalUnitId(code));
  });
});

describe("class ids", () => {
  it("gives the GTIN-only and the LGTIN class ids", () => {
    expect(gtinClassId("(01)09506000134352(21)XYZ")).toBe("https://id.gs1.org/01/09506000134352");
    expect(lgtinClassId("urn:epc:class:lgtin:4023333.002000.2019-10-07")).toBe("https://id.gs1.org/01/04023333020008/10/2019-10-07");
    expectGs1Error(() => lgtinClassId("(01)09506000134352"), Gs1ErrorCode.MISSING_KEY);
  });
});

describe("canonicalIdentifier (CBV 2.0 hash canonicalisation)", () => {
  it.each([
    ["urn:epc:id:sgtin:0614141.107346.2017", "https://id.gs1.org/01/10614141073464/21/2017"],
    ["urn:epc:id:sgln:0614141.07346.1234", "https://id.gs1.org/414/0614141073467/254/1234"],
    ["urn:epc:id:sgtin:234567890.1123.9999", "https://id.gs1.org/01/12345678901231/21/9999"],
    ["urn:epc:id:sscc:123456.06663868985", "https://id.gs1.org/00/012345666638689852"],
    ["urn:epc:id:sgln:4374736473.64.0", "https://id.gs1.org/414/4374736473640"],
    ["urn:epc:class:lgtin:4023333.002000.2019-10-07", "https://id.gs1.org/01/04023333020008/10/2019-10-07"],
    ["urn:epc:idpat:sgtin:4023333.002000.*", "https://id.gs1.org/01/04023333020008"],
    ["urn:epc:id:pgln:1234567890.11", "https://id.gs1.org/417/1234567890111"],
    ["urn:epc:tag:sgtin-96:3.0614141.812345.6789", "https://id.gs1.org/01/80614141123458/21/6789"],
    ["https://example.com/01/09506000134352/22/V1/10/ABC/21/XYZ?17=261231", "https://id.gs1.org/01/09506000134352/21/XYZ"],
    ["https://brand.example/dl/01/09506000134352/10/ABC?3103=000189", "https://id.gs1.org/01/09506000134352/10/ABC"],
    ["https://id.gs1.org/253/4000001000005ABC", "https://id.gs1.org/253/4000001000005ABC"],
  ])("canonicalises %s", (input, expected) => {
    expect(canonicalIdentifier(input)).toBe(expected);
  });

  it("encodes ' ; = like the CBV hash reference only when asked", () => {
    expect(canonicalIdentifier("urn:epc:id:sgtin:0614141.107346.a'b;c=d!")).toBe("https://id.gs1.org/01/10614141073464/21/a%27b%3Bc%3Dd%21");
    expect(canonicalIdentifier("urn:epc:id:sgtin:0614141.107346.a'b;c=d!", { cbvHashEncoding: true })).toBe(
      "https://id.gs1.org/01/10614141073464/21/a'b;c=d%21",
    );
  });

  it("returns undefined from the non-throwing variant for identifiers that are not GS1", () => {
    expect(tryCanonicalIdentifier("urn:uuid:2d9b7d0a-4c0e-4b9b-9d0b-0d7d2a9b4c0e")).toBeUndefined();
    expect(tryCanonicalIdentifier("https://example.com/party/42")).toBeUndefined();
    expect(tryCanonicalIdentifier("urn:epc:id:sgtin:0614141.107346.2017")).toBe("https://id.gs1.org/01/10614141073464/21/2017");
  });
});
