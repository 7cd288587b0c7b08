/**
 * Issue 14: JSON-LD context nesting, CBV values in every spelling, and the hash algorithm's CBV 2.1 version.
 */
import { documentHashIds, documentPreHashStrings, eventHashId, normalizeEpcisDocument, preHashString, validateEpcisDocument } from "../index";
import { loadVector } from "./fixtures/hash-vectors";

type Doc = Record<string, any>;
const EPCIS_CTX = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

function event(extra: Doc = {}): Doc {
  return {
    type: "ObjectEvent", eventTime: "2024-03-01T10:00:00.000+01:00", eventTimeZoneOffset: "+01:00", action: "OBSERVE",
    epcList: ["urn:epc:id:sgtin:0614141.107346.2017"], bizStep: "shipping", disposition: "in_transit",
    readPoint: { id: "urn:epc:id:sgln:0614141.07346.1234" },
    bizTransactionList: [{ type: "po", bizTransaction: "http://transaction.acme.com/po/12345678" }],
    sourceList: [{ type: "owning_party", source: "urn:epc:id:pgln:0614141.00001" }],
    destinationList: [{ type: "owning_party", destination: "urn:epc:id:pgln:0614141.00002" }],
    ...extra,
  };
}
function doc(events: Doc[], context: unknown = [EPCIS_CTX]): Doc {
  return { "@context": context, type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2024-03-01T10:00:00Z", epcisBody: { eventList: events } };
}

describe("JSON-LD: an event's @context adds to the document's", () => {
  const docCtx = [EPCIS_CTX, { example: "https://ns.example.com/epcis/" }];

  it("keeps a document-level prefix valid inside an event that has its own @context, in validation, storage and hash", () => {
    const e = event({ "@context": [{ other: "https://ns.other.org/x/" }], "example:myField": "1", "other:note": "n" });
    const d = doc([e], docCtx);
    expect(validateEpcisDocument(d).errors).toEqual([]);
    const [stored] = normalizeEpcisDocument(d);
    expect(stored?.extensions).toEqual(expect.arrayContaining([
      expect.objectContaining({ namespace: "https://ns.example.com/epcis/", name: "myField", value: "1" }),
      expect.objectContaining({ namespace: "https://ns.other.org/x/", name: "note", value: "n" }),
    ]));
    const [pre] = documentPreHashStrings(d);
    expect(pre).toContain("{https://ns.example.com/epcis/}myField=1");
    expect(pre).toContain("{https://ns.other.org/x/}note=n");
    // The same event with both prefixes declared in one context hashes the same.
    const flat = { ...e };
    delete flat["@context"];
    expect(documentHashIds(d)).toEqual(documentHashIds(doc([flat], [EPCIS_CTX, { example: "https://ns.example.com/epcis/", other: "https://ns.other.org/x/" }])));
    // Re-hashing the stored raw event with its stored context gives the stored hash.
    expect(eventHashId(stored?.raw.event, { context: stored?.raw.context })).toBe(stored?.hashId);
  });

  it("lets an event-level prefix override the document-level one (the later definition wins)", () => {
    const e = event({ "@context": { example: "https://ns.override.org/" }, "example:myField": "1" });
    const d = doc([e], docCtx);
    expect(validateEpcisDocument(d).errors).toEqual([]);
    expect(documentPreHashStrings(d)[0]).toContain("{https://ns.override.org/}myField=1");
    expect(documentPreHashStrings(d)[0]).not.toContain("ns.example.com");
    expect(normalizeEpcisDocument(d)[0]?.extensions).toEqual([expect.objectContaining({ namespace: "https://ns.override.org/", name: "myField" })]);
    // And the document's own events keep the document's namespace.
    const other = event({ "example:myField": "1" });
    expect(documentPreHashStrings(doc([e, other], docCtx))[1]).toContain("{https://ns.example.com/epcis/}myField=1");
  });

  it("merges an event's @context on top of options.context for a single event too", () => {
    const e = event({ "@context": [{ other: "https://ns.other.org/x/" }], "example:myField": "1" });
    expect(preHashString(e, { context: docCtx })).toContain("{https://ns.example.com/epcis/}myField=1");
  });
});

describe("CBV values as bare words, CBV 2.0 Web URIs and CBV 1.2 URNs", () => {
  const FORMS: Array<[string, (e: Doc) => void, (e: Doc) => void]> = [
    ["Web URIs", (e) => {
      e["bizStep"] = "https://ref.gs1.org/cbv/BizStep-shipping";
      e["disposition"] = "https://ref.gs1.org/cbv/Disp-in_transit";
      e["bizTransactionList"][0].type = "https://ref.gs1.org/cbv/BTT-po";
      e["sourceList"][0].type = "https://ref.gs1.org/cbv/SDT-owning_party";
      e["destinationList"][0].type = "https://ref.gs1.org/cbv/SDT-owning_party";
      e["persistentDisposition"] = { set: ["https://ref.gs1.org/cbv/Disp-recalled"], unset: ["https://ref.gs1.org/cbv/Disp-active"] };
      e["errorDeclaration"] = { declarationTime: "2024-03-02T10:00:00Z", reason: "https://ref.gs1.org/cbv/ER-incorrect_data" };
    }, (e) => {
      e["persistentDisposition"] = { set: ["recalled"], unset: ["active"] };
      e["errorDeclaration"] = { declarationTime: "2024-03-02T10:00:00Z", reason: "incorrect_data" };
    }],
    ["CBV 1.2 URNs", (e) => {
      e["bizStep"] = "urn:epcglobal:cbv:bizstep:shipping";
      e["disposition"] = "urn:epcglobal:cbv:disp:in_transit";
      e["bizTransactionList"][0].type = "urn:epcglobal:cbv:btt:po";
      e["sourceList"][0].type = "urn:epcglobal:cbv:sdt:owning_party";
      e["destinationList"][0].type = "urn:epcglobal:cbv:sdt:owning_party";
      e["persistentDisposition"] = { set: ["urn:epcglobal:cbv:disp:recalled"], unset: ["urn:epcglobal:cbv:disp:active"] };
      e["errorDeclaration"] = { declarationTime: "2024-03-02T10:00:00Z", reason: "urn:epcglobal:cbv:er:incorrect_data" };
    }, (e) => {
      e["persistentDisposition"] = { set: ["recalled"], unset: ["active"] };
      e["errorDeclaration"] = { declarationTime: "2024-03-02T10:00:00Z", reason: "incorrect_data" };
    }],
  ];

  it.each(FORMS)("accepts %s wherever bare words are, stores the bare words and hashes them as the bare words", (_name, toForm, toBare) => {
    const formed = event();
    toForm(formed);
    const bare = event();
    toBare(bare);
    expect(validateEpcisDocument(doc([formed])).errors).toEqual([]);
    const [stored] = normalizeEpcisDocument(doc([formed]));
    const [expected] = normalizeEpcisDocument(doc([bare]));
    expect(stored?.bizStep).toBe("shipping");
    expect(stored?.disposition).toBe("in_transit");
    expect(stored?.bizTransactions[0]?.type).toBe("po");
    expect(stored?.sources[0]?.type).toBe("owning_party");
    expect(stored?.destinations[0]?.type).toBe("owning_party");
    expect(stored?.persistentDisposition).toEqual({ set: ["recalled"], unset: ["active"] });
    expect(stored?.errorDeclaration?.reason).toBe("incorrect_data");
    expect(stored?.hashId).toBe(expected?.hashId);
    // The hash writes every form as the CBV Web URI (rules 14-16).
    const pre = documentPreHashStrings(doc([formed]))[0] as string;
    for (const uri of ["BizStep-shipping", "Disp-in_transit", "BTT-po", "SDT-owning_party", "Disp-recalled", "Disp-active"]) {
      expect(pre).toContain(`=https://ref.gs1.org/cbv/${uri}`);
    }
  });

  it("hashes the older Web URI spellings (http, ns.gs1.org) and the cbv: CURIE as the CBV 2.0 Web URI", () => {
    const bare = eventHashId(event(), { context: [EPCIS_CTX] });
    for (const v of ["http://ref.gs1.org/cbv/BizStep-shipping", "https://ns.gs1.org/cbv/BizStep-shipping", "cbv:BizStep-shipping", " urn:epcglobal:cbv:bizstep:shipping "]) {
      expect([v, eventHashId(event({ bizStep: v }), { context: [EPCIS_CTX] })]).toEqual([v, bare]);
    }
  });

  it("accepts the sensor component and measurement type in their vocabulary forms and stores the bare term", () => {
    const e = event({
      sensorElementList: [{ sensorReport: [{ type: "gs1:Temperature", value: 20, uom: "CEL" }, { type: "https://gs1.org/voc/Temperature", component: "https://ref.gs1.org/cbv/Comp-latitude", value: 1 }] }],
    });
    expect(validateEpcisDocument(doc([e])).errors).toEqual([]);
    const reports = normalizeEpcisDocument(doc([e]))[0]?.sensorElements[0]?.reports;
    expect(reports?.map((r) => r.type)).toEqual(["Temperature", "Temperature"]);
    expect(reports?.[1]?.component).toBe("latitude");
    const pre = documentPreHashStrings(doc([e]))[0] as string;
    expect(pre).toContain("type=https://gs1.org/voc/Temperature");
    expect(pre).toContain("component=https://ref.gs1.org/cbv/Comp-latitude");
  });

  it("keeps custom vocabulary URIs outside the CBV namespace as given", () => {
    const e = event({ bizStep: "https://example.com/steps/discharge" });
    expect(validateEpcisDocument(doc([e])).errors).toEqual([]);
    expect(normalizeEpcisDocument(doc([e]))[0]?.bizStep).toBe("https://example.com/steps/discharge");
  });

  it("refuses unknown values in a CBV namespace with a clear error, like unknown bare words", () => {
    const cases: Array<[Doc, string, RegExp]> = [
      [event({ bizStep: "https://ref.gs1.org/cbv/BizStep-nonsense" }), "bizStep", /"https:\/\/ref\.gs1\.org\/cbv\/BizStep-nonsense" is not a standard CBV business step/],
      [event({ disposition: "urn:epcglobal:cbv:disp:nonsense" }), "disposition", /not a standard CBV disposition/],
      [event({ bizStep: "shippping" }), "bizStep", /./],
      [event({ sensorElementList: [{ sensorReport: [{ type: "https://gs1.org/voc/Temprature", value: 1 }] }] }), "sensorElementList[0].sensorReport[0].type", /not a standard measurement type/],
    ];
    for (const [e, field, message] of cases) {
      const result = validateEpcisDocument(doc([e]));
      expect(result.errors).toEqual([{ path: `$.epcisBody.eventList[0].${field}`, eventIndex: 0, message: expect.stringMatching(message) }]);
    }
  });
});

describe("event hash algorithm versions", () => {
  it("defaults to CBV 2.0 and selects CBV 2.1 per call", () => {
    const e = event();
    expect(eventHashId(e)).toMatch(/\?ver=CBV2\.0$/);
    expect(eventHashId(e, { version: "CBV2.0" })).toBe(eventHashId(e));
    expect(eventHashId(e, { version: "CBV2.1" })).toMatch(/\?ver=CBV2\.1$/);
    // Same digest for an event without certificationInfo or GS1 Web Vocabulary terms: only the suffix differs.
    expect(eventHashId(e, { version: "CBV2.1" }).replace("CBV2.1", "CBV2.0")).toBe(eventHashId(e));
    expect(() => eventHashId(e, { version: "CBV9.9" as never })).toThrow(/unknown event hash algorithm version/);
    expect(documentHashIds(doc([e]), { version: "CBV2.1" })).toEqual([eventHashId(e, { version: "CBV2.1", context: [EPCIS_CTX] })]);
  });

  it("CBV 2.1 leaves certificationInfo out and expands GS1 Web Vocabulary terms under https://ref.gs1.org/voc/", () => {
    const file = "CertificationInfoAndSensorReportWithCRS.jsonld";
    const [v20] = documentPreHashStrings(loadVector(file));
    const [v21] = documentPreHashStrings(loadVector(file), { version: "CBV2.1" });
    expect(v20).toContain("certificationInfo=");
    expect(v21).not.toContain("certificationInfo=");
    expect(v21).toContain("type=https://ref.gs1.org/voc/Dimensionless");
    expect(v21).toContain("exception=https://ref.gs1.org/voc/ALARM_CONDITION");
    // Extensions inside sensorMetadata / sensorReport stay right after their field's regular fields, as in 2.0.
    expect(v21).toContain("bizRules=https://id.gs1.org/253/4012345000054987{https://ns.ext.de/epcis/}someFurtherMetadata=metadataText");
    expect(v21).toContain("sensorElementListsensorElement");
  });

  /**
   * CBV 2.1 hash IDs the reference generator publishes for documents that are also in the shared CBV 2.0 vector folder
   * (RalphTro/epcis-event-hash-generator, tests/examples/expected/CBV2.1/*.hashes). CBV 2.1 is a draft there.
   */
  const REFERENCE_CBV21: Record<string, string[]> = {
    "CertificationInfoAndSensorReportWithCRS.jsonld": ["ni:///sha-256;ce144ccdca1bafdb5f277f2ecd2c33dc287cf7307b154e0c2d41a0dde82322ac?ver=CBV2.1"],
    "TimeStampRoundOff.jsonld": [
      "ni:///sha-256;af7658e711574363633f20b3dadc7bc4c13c6f612cf96d95e03c421c0e58f3c6?ver=CBV2.1",
      "ni:///sha-256;0550df44527332c1fe417c5837fe61b9e71eaa93307b88519dac549bf2d4dcf9?ver=CBV2.1",
      "ni:///sha-256;8824c720417e88d8aad68cd5e8be0b298692f4f95bbf3ea7fc6b8783f1916da2?ver=CBV2.1",
    ],
    "epcisDocWithShippingAndTransportingEvent.jsonld": [
      "ni:///sha-256;2919bf0587534fef0e25eea97b5dda68f345e6bbf2c6b4cb27b2a52e0039272b?ver=CBV2.1",
      "ni:///sha-256;1d2ec4174d8f0b5988a44795b31a636e8bc7f88ebc4bdc0d35c14f215a842e80?ver=CBV2.1",
    ],
  };

  it.each(Object.keys(REFERENCE_CBV21))("%s gives the reference generator's CBV 2.1 hash IDs", (file) => {
    expect(documentHashIds(loadVector(file), { version: "CBV2.1" })).toEqual(REFERENCE_CBV21[file]);
  });
});
