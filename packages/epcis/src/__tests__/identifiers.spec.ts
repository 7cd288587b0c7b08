import { canonicalIdentifier as gs1CanonicalIdentifier, canonicalUnitId, toEpcUri } from "@tracehub/gs1";
import { EpcisError, EpcisErrorCode } from "../errors";
import { canonicalEpcisIdentifier, cbvHashIdentifier, digitalLinkToEpcUri, isGs1Identifier } from "../identifiers";
import { identifierProblem } from "../rules";
import { validateEpcisDocument } from "../validate";

describe("EPCIS identifiers through @tracehub/gs1", () => {
  it("gives the hub's canonical unit id (gs1 canonicalUnitId) for URN and Digital Link forms", () => {
    for (const v of ["urn:epc:id:sgtin:0614141.107346.a'b", "https://example.com/01/10614141073464/10/L1/21/a%27b?17=261231"]) {
      expect(canonicalEpcisIdentifier(v)).toBe(canonicalUnitId("urn:epc:id:sgtin:0614141.107346.a'b"));
    }
  });

  it("uses gs1's CBV hash encoding for the event hash: ' ; = stay unescaped", () => {
    expect(canonicalEpcisIdentifier("urn:epc:id:sgtin:0614141.107346.a'b;c=d")).toBe("https://id.gs1.org/01/10614141073464/21/a%27b%3Bc%3Dd");
    expect(cbvHashIdentifier("urn:epc:id:sgtin:0614141.107346.a'b;c=d")).toBe("https://id.gs1.org/01/10614141073464/21/a'b;c=d");
    expect(cbvHashIdentifier("https://id.gs1.org/01/10614141073464/21/a%27b%3Bc%3Dd")).toBe(
      gs1CanonicalIdentifier("urn:epc:id:sgtin:0614141.107346.a'b;c=d", { cbvHashEncoding: true }),
    );
  });

  it("keeps non-GS1 values and EPC tag URIs as given (trimmed)", () => {
    for (const v of ["urn:uuid:6b1a0c4e-9a3b-4c55-8d43-0c2a6f1e2b11", "http://transaction.acme.com/po/12345678", "geo:47.5,8.5",
      "urn:epc:tag:sgtin-96:3.0614141.812345.6789"]) {
      expect(canonicalEpcisIdentifier(` ${v} `)).toBe(v);
      expect(isGs1Identifier(v)).toBe(false);
    }
  });

  /** One EPC pattern URI per scheme that has one (TDS 2.x), with the Digital Link it stands for. */
  const PATTERNS: ReadonlyArray<readonly [string, string]> = [
    ["urn:epc:idpat:sgtin:0614141.107346.*", "https://id.gs1.org/01/10614141073464"],
    ["urn:epc:idpat:grai:4012345.00001.*", "https://id.gs1.org/8003/04012345000016"],
    ["urn:epc:idpat:gdti:0614141.12345.*", "https://id.gs1.org/253/0614141123452"],
    ["urn:epc:idpat:sgcn:4012345.67890.*", "https://id.gs1.org/255/4012345678901"],
    ["urn:epc:idpat:cpi:0614141.123ABC.*", "https://id.gs1.org/8010/0614141123ABC"],
    ["urn:epc:idpat:itip:4012345.012345.01.02.*", "https://id.gs1.org/8006/040123451234560102"],
    ["urn:epc:idpat:sscc:0614141.*", ""],
  ];

  it.each(PATTERNS)("canonicalises EPC pattern %s through gs1's generic reader, or keeps it as given while gs1 has no form for it", (urn) => {
    // The same path for every scheme: parseCode + canonicalIdentifier. A scheme gs1 learns is picked up without a change here.
    let gs1Form: string | undefined;
    try {
      gs1Form = gs1CanonicalIdentifier(urn, { permitConvenienceAlphas: true, permitZeroSuppressedGtin: true, checkAssociations: false });
    } catch {
      gs1Form = undefined;
    }
    expect(canonicalEpcisIdentifier(` ${urn} `)).toBe(gs1Form ?? urn);
    expect(isGs1Identifier(urn)).toBe(gs1Form !== undefined);
    expect(identifierProblem(urn)).toBeUndefined();
  });

  it("canonicalises the sgtin pattern (GTIN alone) to the GTIN's Digital Link, for the hub and for the hash", () => {
    expect(canonicalEpcisIdentifier("urn:epc:idpat:sgtin:0614141.107346.*")).toBe("https://id.gs1.org/01/10614141073464");
    expect(cbvHashIdentifier("urn:epc:idpat:sgtin:0614141.107346.*")).toBe("https://id.gs1.org/01/10614141073464");
  });

  it("gives the Digital Link the reference algorithm does for each pattern gs1 reads", () => {
    for (const [urn, dl] of PATTERNS) {
      if (dl !== "" && isGs1Identifier(urn)) expect(cbvHashIdentifier(urn)).toBe(dl);
    }
  });

  it("keeps only the key qualifiers the hash algorithm lists (rule 18): an ITIP keeps its serial, never its CPV", () => {
    // ITIP (8006): 8006, 8006 21 and 8006 10 only.
    expect(cbvHashIdentifier("https://id.gs1.org/8006/040123451234560102/22/ABC/21/XYZ")).toBe("https://id.gs1.org/8006/040123451234560102/21/XYZ");
    expect(cbvHashIdentifier("https://id.gs1.org/8006/040123451234560102/22/ABC")).toBe("https://id.gs1.org/8006/040123451234560102");
    expect(cbvHashIdentifier("https://id.gs1.org/8006/040123451234560102/22/ABC/10/L1")).toBe("https://id.gs1.org/8006/040123451234560102/10/L1");
    expect(cbvHashIdentifier("urn:epc:id:itip:4012345.012345.01.02.XYZ")).toBe("https://id.gs1.org/8006/040123451234560102/21/XYZ");
    // GTIN (01): 21 over 10 over 22.
    expect(cbvHashIdentifier("https://id.gs1.org/01/04012345123456/22/ABC/10/L1/21/S1")).toBe("https://id.gs1.org/01/04012345123456/21/S1");
    expect(cbvHashIdentifier("https://id.gs1.org/01/04012345123456/22/ABC/10/L1")).toBe("https://id.gs1.org/01/04012345123456/10/L1");
    // GSRN / GSRNP: the SRIN (8019) is not a listed qualifier; CPI keeps its serial; SGLN its extension.
    expect(cbvHashIdentifier("https://id.gs1.org/8018/040123450000000009/8019/1")).toBe("https://id.gs1.org/8018/040123450000000009");
    expect(cbvHashIdentifier("https://id.gs1.org/8017/040123450000000009/8019/1")).toBe("https://id.gs1.org/8017/040123450000000009");
    expect(cbvHashIdentifier("https://id.gs1.org/8010/0401234512345/8011/12")).toBe("https://id.gs1.org/8010/0401234512345/8011/12");
    expect(cbvHashIdentifier("https://id.gs1.org/414/4012345000115/254/987")).toBe("https://id.gs1.org/414/4012345000115/254/987");
    // The hub's own canonical form is gs1's, unconstrained.
    expect(canonicalEpcisIdentifier("https://id.gs1.org/8006/040123451234560102/22/ABC/21/XYZ")).toBe("https://id.gs1.org/8006/040123451234560102/22/ABC/21/XYZ");
  });

  it("reports gs1's reason for a malformed EPC URN or id.gs1.org Digital Link, but not for a legal pattern gs1 lacks", () => {
    expect(identifierProblem("urn:epc:id:sgtin:0614141.10734.2017")).toMatch(/^is not a well-formed EPC URN: .*must be 6 digits/);
    expect(identifierProblem("https://id.gs1.org/01/10614141073465/21/2017")).toMatch(/^is not a valid GS1 Digital Link: .*check digit/);
    expect(identifierProblem("urn:epc:idpat:grai:4012345.00001.*")).toBeUndefined();
    expect(identifierProblem("https://example.com/01/10614141073465/21/2017")).toBeUndefined();
  });

  it("finds the same EPC listed twice in URN and Digital Link form", () => {
    const doc = {
      "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], type: "EPCISDocument", schemaVersion: "2.0",
      creationDate: "2024-03-01T10:00:00Z",
      epcisBody: { eventList: [{ type: "ObjectEvent", eventTime: "2024-03-01T10:00:00Z", eventTimeZoneOffset: "+00:00", action: "OBSERVE",
        epcList: ["urn:epc:id:sgtin:0614141.107346.2017", "https://id.gs1.org/01/10614141073464/21/2017"] }] },
    };
    const result = validateEpcisDocument(doc);
    expect(result.errors).toEqual([{ path: "$.epcisBody.eventList[0].epcList[1]", message: expect.stringMatching(/twice/), eventIndex: 0 }]);
  });

  it("renders EPC URNs with gs1's toEpcUri and maps gs1 errors to EPCIS error codes", () => {
    expect(digitalLinkToEpcUri("https://id.gs1.org/01/10614141073464/21/2017", 7)).toBe("urn:epc:id:sgtin:0614141.107346.2017");
    expect(digitalLinkToEpcUri("https://id.gs1.org/01/10614141073464", () => 7)).toBe("urn:epc:idpat:sgtin:0614141.107346.*");
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof EpcisError ? e.code : "other";
      }
      return undefined;
    };
    expect(codeOf(() => digitalLinkToEpcUri("https://id.gs1.org/01/10614141073464/21/2017", undefined))).toBe(EpcisErrorCode.NEEDS_COMPANY_PREFIX_LENGTH);
    expect(codeOf(() => digitalLinkToEpcUri("https://id.gs1.org/01/10614141073464/21/2017", 13))).toBe(EpcisErrorCode.NEEDS_COMPANY_PREFIX_LENGTH);
    // A GRAI without serial has an EPC URN only as a pattern (urn:epc:idpat:grai), which gs1 is learning to write: the
    // answer follows gs1 (its URN, or UNSUPPORTED_IDENTIFIER while it has none).
    let graiPattern: string | undefined;
    try {
      graiPattern = toEpcUri("https://id.gs1.org/8003/04012345000016", { companyPrefixLength: 7 });
    } catch {
      graiPattern = undefined;
    }
    if (graiPattern === undefined) expect(codeOf(() => digitalLinkToEpcUri("https://id.gs1.org/8003/04012345000016", 7))).toBe(EpcisErrorCode.UNSUPPORTED_IDENTIFIER);
    else expect(digitalLinkToEpcUri("https://id.gs1.org/8003/04012345000016", 7)).toBe(graiPattern);
    expect(codeOf(() => digitalLinkToEpcUri("urn:uuid:1", 7))).toBe(EpcisErrorCode.UNSUPPORTED_IDENTIFIER);
  });
});
