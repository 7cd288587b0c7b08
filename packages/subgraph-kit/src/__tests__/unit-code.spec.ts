import { canonicalUnitId } from "@tracehub/gs1";
import { ErrorCode, anyUnitId, locationId, normalizeGtin, parseUnitCode, unitId } from "..";

describe("unit codes at the door", () => {
  it("reads the same unit from an element string, a Digital Link on another host and scan data", () => {
    const forms = [
      "(01)09506000134352(21)ABC123",
      "https://brand.example/01/09506000134352/21/ABC123?17=261231",
      "]d2010950600013435221ABC123",
    ];
    const ids = forms.map((f) => parseUnitCode(f).id);
    expect(new Set(ids)).toEqual(new Set(["https://id.gs1.org/01/09506000134352/21/ABC123"]));
  });

  it("builds exactly the id @tracehub/gs1 calls canonical, for serials that need escaping", () => {
    for (const serial of ["ABC123", "0012", "a/b%c", "x&y+z", "(!'*)", "A:B;C<D>E?F"]) {
      expect(unitId("09506000134352", serial)).toBe(canonicalUnitId(`https://id.gs1.org/01/09506000134352/21/${encodeURIComponent(serial)}`));
    }
  });

  it("answers a wrong check digit with BAD_USER_INPUT naming the field", () => {
    try {
      parseUnitCode("(01)09506000134353(21)ABC", "codes[3]");
      throw new Error("expected a failure");
    } catch (error) {
      expect((error as { code: string }).code).toBe(ErrorCode.BadUserInput);
      expect((error as Error).message).toContain("codes[3]");
    }
  });

  it("refuses a code that names a product but no serial", () => {
    expect(() => parseUnitCode("(01)09506000134352(10)LOT1")).toThrow(/serial/);
  });

  it("pads GTIN-13 to 14 digits and refuses a bad check digit", () => {
    expect(normalizeGtin("9506000134352")).toBe("09506000134352");
    expect(() => normalizeGtin("9506000134353")).toThrow(expect.objectContaining({ code: ErrorCode.BadUserInput }));
  });
});

describe("any unit and location codes", () => {
  it("reads SSCCs in every form as one canonical id", () => {
    expect(anyUnitId("(00)106141411234567897")).toBe("https://id.gs1.org/00/106141411234567897");
    expect(anyUnitId("urn:epc:id:sscc:0614141.1123456789")).toBe("https://id.gs1.org/00/106141411234567897");
  });

  it("refuses a class (GTIN without serial) where one unit is meant", () => {
    expect(() => anyUnitId("(01)09506000134352(10)LOT")).toThrow(/not one physical unit/);
  });

  it("reads locations as GLN Digital Links, keeps private URNs, refuses words", () => {
    expect(locationId("urn:epc:id:sgln:0614141.00777.0")).toBe("https://id.gs1.org/414/0614141007776");
    expect(locationId("(414)0614141007776")).toBe("https://id.gs1.org/414/0614141007776");
    expect(locationId("urn:acme:dock:7")).toBe("urn:acme:dock:7");
    expect(() => locationId("warehouse 7")).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
    expect(() => locationId("urn:epc:id:sgln:0614141.00777")).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
  });
});
