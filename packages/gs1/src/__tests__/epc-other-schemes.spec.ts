import { Gs1ErrorCode, canonicalIdentifier, parseCode, toElementString, toEpcTagUri, toEpcUri } from "../index";
import { expectGs1Error } from "./helpers";

describe("EPC URIs of the other GS1 keys (GDTI, GSRN, GSRNP, SGCN, GSIN, GINC, ITIP, UPUI, CPI)", () => {
  it.each([
    ["urn:epc:id:gdti:0614141.12345.006847", "(253)0614141123452006847", "https://id.gs1.org/253/0614141123452006847"],
    ["urn:epc:id:gsrn:0614141.1234567890", "(8018)061414112345678902", "https://id.gs1.org/8018/061414112345678902"],
    ["urn:epc:id:gsrnp:0614141.1234567890", "(8017)061414112345678902", "https://id.gs1.org/8017/061414112345678902"],
    ["urn:epc:id:sgcn:4012345.67890.04711", "(255)401234567890104711", "https://id.gs1.org/255/401234567890104711"],
    ["urn:epc:id:gsin:0614141.123456789", "(402)06141411234567890", "https://id.gs1.org/402/06141411234567890"],
    ["urn:epc:id:ginc:0614141.xyz47%2F11", "(401)0614141xyz47/11", "https://id.gs1.org/401/0614141xyz47%2F11"],
    ["urn:epc:id:itip:4012345.012345.01.02.987", "(8006)040123451234560102(21)987", "https://id.gs1.org/8006/040123451234560102/21/987"],
    ["urn:epc:id:upui:1234567.089456.51qIgY)%3C%26Jp3*j7'SDB", "(01)01234567894560(235)51qIgY)<&Jp3*j7'SDB", "https://id.gs1.org/01/01234567894560/235/51qIgY%29%3C%26Jp3%2Aj7%27SDB"],
    ["urn:epc:id:cpi:0614141.5PQ7%2FZ43.12345", "(8010)06141415PQ7/Z43(8011)12345", "https://id.gs1.org/8010/06141415PQ7%2FZ43/8011/12345"],
  ])("reads %s, writes it back, and canonicalises it", (urn, elementString, dl) => {
    const code = parseCode(urn);
    expect(toElementString(code)).toBe(elementString);
    expect(toEpcUri(code)).toBe(urn);
    expect(toEpcUri(elementString, { companyPrefixLength: code.companyPrefixLength ?? 0 })).toBe(urn);
    expect(canonicalIdentifier(urn)).toBe(dl);
  });

  it("writes a key without its serial as its class-level pattern URI, and reads it back", () => {
    for (const [es, urn] of [
      ["(253)0614141123452", "urn:epc:idpat:gdti:0614141.12345.*"],
      ["(8003)00614141123452", "urn:epc:idpat:grai:0614141.12345.*"],
      ["(255)4012345678901", "urn:epc:idpat:sgcn:4012345.67890.*"],
      ["(8006)040123451234560102", "urn:epc:idpat:itip:4012345.012345.01.02.*"],
      ["(8010)06141415PQ7/Z43", "urn:epc:idpat:cpi:0614141.5PQ7%2FZ43.*"],
    ] as const) {
      expect(toEpcUri(es, { companyPrefixLength: 7 })).toBe(urn);
      expect(toElementString(urn)).toBe(es);
      expect(canonicalIdentifier(urn)).toBe(canonicalIdentifier(es));
    }
    expectGs1Error(() => toEpcUri("(8006)040123451234560102(10)L1", { companyPrefixLength: 7 }), Gs1ErrorCode.MISSING_KEY, "serial (21)");
    expectGs1Error(() => toEpcTagUri("(253)0614141123452", { companyPrefixLength: 7, filter: 0 }), Gs1ErrorCode.UNSUPPORTED_SCHEME, "pattern");
  });

  it("refuses a CPI serial with a leading zero", () => {
    expectGs1Error(() => parseCode("urn:epc:id:cpi:0614141.123ABC.0123"), Gs1ErrorCode.BAD_EPC_URI, "leading zeros");
  });

  it("says which data has no EPC form", () => {
    // (37) needs (00) beside it (GS1 syntax dictionary 2026-01-27), which would make this an SSCC: read without that rule.
    const contents = parseCode("(02)09506000134352(37)10", { checkAssociations: false });
    expectGs1Error(() => toEpcUri(contents, { companyPrefixLength: 7 }), Gs1ErrorCode.UNSUPPORTED_SCHEME, "(02)(37)");
    expectGs1Error(() => toEpcUri("(8013)1987654Ad4X4bL5ttr2310c2K", { companyPrefixLength: 7 }), Gs1ErrorCode.UNSUPPORTED_SCHEME, "(8013)");
  });
});
