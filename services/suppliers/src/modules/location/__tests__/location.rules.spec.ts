import { readAddress, readGln, readName, readPosition } from "../location.rules";

const GLN = "0614141000005"; // GS1 General Specifications example GLN (company prefix 0614141)

describe("a location's GLN in any GS1 form", () => {
  it.each([
    ["13 digits", GLN],
    ["13 digits with white space around", `  ${GLN} `],
    ["an element string with AI (414)", `(414)${GLN}`],
    ["unbracketed scan data", `414${GLN}`],
    ["an SGLN EPC URN without extension (extension 0)", "urn:epc:id:sgln:0614141.00000.0"],
    ["a Digital Link on id.gs1.org", `https://id.gs1.org/414/${GLN}`],
    ["a Digital Link on a brand's own host", `https://example.com/414/${GLN}`],
  ])("reads %s as the 13 digits", (_form, input) => {
    expect(readGln(input)).toEqual({ ok: true, value: GLN });
  });

  it("refuses a wrong check digit, naming the rule", () => {
    const read = readGln("0614141000013");
    expect(read).toEqual({ ok: false, problem: 'a GLN is 13 digits ending in a valid check digit; got "0614141000013".' });
    expect(readGln("061414100000")).toMatchObject({ ok: false });
    expect(readGln(`(414)0614141000006`)).toMatchObject({ ok: false, problem: expect.stringContaining("not a valid GS1 location code") });
  });

  it("refuses a sub-location (extension 254): the GLN itself is registered", () => {
    expect(readGln("urn:epc:id:sgln:0614141.00000.12")).toEqual({ ok: false, problem: `it names extension 12 of GLN ${GLN}: register the GLN itself.` });
    expect(readGln(`https://id.gs1.org/414/${GLN}/254/1`)).toMatchObject({ ok: false, problem: expect.stringContaining("extension 1") });
  });

  it("refuses keys that are not locations: a party GLN (417), a GTIN, an SSCC", () => {
    expect(readGln(`(417)${GLN}`)).toMatchObject({ ok: false, problem: expect.stringContaining("names a pgln, not a location") });
    expect(readGln("(01)09506000134352")).toMatchObject({ ok: false, problem: expect.stringContaining("names a gtin") });
    expect(readGln("(00)106141412345678908")).toMatchObject({ ok: false, problem: expect.stringContaining("names a sscc") });
  });

  it("refuses text that is no GS1 code at all", () => {
    for (const input of ["", "warehouse 7", "urn:example:loc:1", "https://example.com/site/7"]) expect(readGln(input).ok).toBe(false);
  });
});

describe("a location's name, address and position", () => {
  it("trims the name and keeps it to 1..200 characters", () => {
    expect(readName("  Dock 4 ")).toEqual({ ok: true, value: "Dock 4" });
    expect(readName("   ").ok).toBe(false);
    expect(readName("x".repeat(200)).ok).toBe(true);
    expect(readName("x".repeat(201)).ok).toBe(false);
  });

  it("takes a blank or missing address as none and refuses one over 500 characters", () => {
    expect(readAddress(undefined)).toEqual({ ok: true, value: null });
    expect(readAddress("  ")).toEqual({ ok: true, value: null });
    expect(readAddress(" 1 Main St ")).toEqual({ ok: true, value: "1 Main St" });
    expect(readAddress("x".repeat(501)).ok).toBe(false);
  });

  it("wants both coordinates or neither, within WGS 84 ranges, naming the field at fault", () => {
    expect(readPosition(null, undefined)).toEqual({ ok: true, value: null });
    expect(readPosition(50.94, 6.96)).toEqual({ ok: true, value: { latitude: 50.94, longitude: 6.96 } });
    expect(readPosition(-90, 180)).toEqual({ ok: true, value: { latitude: -90, longitude: 180 } });
    expect(readPosition(50.94, null)).toMatchObject({ ok: false, field: "longitude" });
    expect(readPosition(null, 6.96)).toMatchObject({ ok: false, field: "latitude" });
    expect(readPosition(90.0001, 0)).toMatchObject({ ok: false, field: "latitude" });
    expect(readPosition(0, -180.5)).toMatchObject({ ok: false, field: "longitude" });
    expect(readPosition(Number.NaN, 0)).toMatchObject({ ok: false, field: "latitude" });
  });
});
