import { EpcisErrorCode, EpcisLimitError, normalizeEpcisDocument, validateEpcisDocument } from "../index";

type Doc = Record<string, any>;
const CTX = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", { example: "https://ns.example.com/epcis/" }];

function objectEvent(): Doc {
  return {
    type: "ObjectEvent", eventTime: "2024-03-01T10:00:00.000+01:00", eventTimeZoneOffset: "+01:00", action: "OBSERVE",
    epcList: ["urn:epc:id:sgtin:0614141.107346.2017"], bizStep: "shipping", disposition: "in_transit",
    readPoint: { id: "urn:epc:id:sgln:0614141.07346.1234" },
    bizTransactionList: [{ type: "po", bizTransaction: "http://transaction.acme.com/po/12345678" }],
    sourceList: [{ type: "owning_party", source: "urn:epc:id:pgln:0614141.00001" }],
  };
}
function doc(event: Doc, mutateDoc?: (d: Doc) => void): Doc {
  const d: Doc = { "@context": structuredClone(CTX), type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2024-03-01T10:00:00Z", epcisBody: { eventList: [objectEvent(), event] } };
  mutateDoc?.(d);
  return d;
}
const E = "$.epcisBody.eventList[1]";
const ev = (m: (e: Doc) => void, type?: string): Doc => {
  const e = objectEvent();
  if (type) e["type"] = type;
  m(e);
  return doc(e);
};

/** One broken rule per document: [name, document, expected path, expected reason]. */
const corpus: Array<[string, Doc, string, RegExp]> = [
  ["ObjectEvent without action", ev((e) => delete e["action"]), `${E}.action`, /required/],
  ["TransformationEvent with action", ev((e) => { delete e["epcList"]; e["inputEPCList"] = ["urn:epc:id:sgtin:0614141.107346.1"]; e["outputEPCList"] = ["urn:epc:id:sgtin:0614141.107346.2"]; }, "TransformationEvent"), `${E}.action`, /no action/],
  ["ilmd on ObjectEvent OBSERVE", ev((e) => { e["ilmd"] = { "example:lot": "L1" }; }), `${E}.ilmd`, /ADD/],
  ["ilmd on AggregationEvent", ev((e) => { delete e["epcList"]; e["action"] = "ADD"; e["parentID"] = "urn:epc:id:sscc:0614141.1234567890"; e["childEPCs"] = ["urn:epc:id:sgtin:0614141.107346.1"]; e["ilmd"] = { "example:lot": "L1" }; }, "AggregationEvent"), `${E}.ilmd`, /ilmd/],
  ["AssociationEvent without parentID", ev((e) => { delete e["epcList"]; e["action"] = "ADD"; e["childEPCs"] = ["urn:epc:id:giai:4000001.111"]; }, "AssociationEvent"), `${E}.parentID`, /parentID/],
  ["AggregationEvent ADD without parentID", ev((e) => { delete e["epcList"]; e["action"] = "ADD"; e["childEPCs"] = ["urn:epc:id:sgtin:0614141.107346.1"]; }, "AggregationEvent"), `${E}.parentID`, /parentID/],
  ["AggregationEvent DELETE without parentID", ev((e) => { delete e["epcList"]; e["action"] = "DELETE"; }, "AggregationEvent"), `${E}.parentID`, /parentID/],
  ["TransactionEvent without bizTransactionList", ev((e) => { delete e["bizTransactionList"]; }, "TransactionEvent"), `${E}.bizTransactionList`, /transaction|required/],
  // A URN or Web URI in a CBV namespace that names no standard value (standard ones are accepted: vocabulary.spec.ts).
  ["unknown bizStep in Web URI form", ev((e) => { e["bizStep"] = "https://ref.gs1.org/cbv/BizStep-nonsense"; }), `${E}.bizStep`, /not a standard CBV business step/],
  ["unknown bizStep in URN form", ev((e) => { e["bizStep"] = "urn:epcglobal:cbv:bizstep:nonsense"; }), `${E}.bizStep`, /not a standard CBV business step/],
  ["disposition URN of the bizStep vocabulary", ev((e) => { e["disposition"] = "urn:epcglobal:cbv:bizstep:shipping"; }), `${E}.disposition`, /not a standard CBV disposition/],
  ["unknown bizTransaction type in Web URI form", ev((e) => { e["bizTransactionList"][0].type = "https://ref.gs1.org/cbv/BTT-nonsense"; }), `${E}.bizTransactionList[0].type`, /not a standard CBV business transaction type/],
  ["unknown source type in URN form", ev((e) => { e["sourceList"][0].type = "urn:epcglobal:cbv:sdt:nonsense"; }), `${E}.sourceList[0].type`, /not a standard CBV source\/destination type/],
  ["unknown persistentDisposition in Web URI form", ev((e) => { e["persistentDisposition"] = { unset: ["https://ref.gs1.org/cbv/Disp-nonsense"] }; }), `${E}.persistentDisposition.unset[0]`, /not a standard CBV disposition/],
  ["unknown error reason in URN form", ev((e) => { e["errorDeclaration"] = { declarationTime: "2024-03-02T10:00:00Z", reason: "urn:epcglobal:cbv:er:nonsense" }; }), `${E}.errorDeclaration.reason`, /not a standard CBV error reason/],
  ["unknown bare bizStep", ev((e) => { e["bizStep"] = "shippping"; }), `${E}.bizStep`, /./],
  ["eventTimeZoneOffset without colon", ev((e) => { e["eventTimeZoneOffset"] = "+0100"; }), `${E}.eventTimeZoneOffset`, /offset/],
  ["eventTimeZoneOffset beyond +14:00", ev((e) => { e["eventTimeZoneOffset"] = "+15:00"; }), `${E}.eventTimeZoneOffset`, /offset/],
  ["eventTime without offset", ev((e) => { e["eventTime"] = "2024-03-01T10:00:00"; }), `${E}.eventTime`, /time zone|date-time/],
  ["eventTime with month 13", ev((e) => { e["eventTime"] = "2024-13-01T10:00:00Z"; }), `${E}.eventTime`, /date-time/],
  ["eventTime with offset +25:00", ev((e) => { e["eventTime"] = "2024-03-01T10:00:00+25:00"; }), `${E}.eventTime`, /date-time/],
  ["missing eventTime", ev((e) => delete e["eventTime"]), `${E}.eventTime`, /required/],
  ["missing eventTimeZoneOffset", ev((e) => delete e["eventTimeZoneOffset"]), `${E}.eventTimeZoneOffset`, /required/],
  ["action not in ADD/OBSERVE/DELETE", ev((e) => { e["action"] = "UPDATE"; }), `${E}.action`, /ADD/],
  ["extension field without namespace", ev((e) => { e["myField"] = "x"; }), `${E}.myField`, /namespaced/],
  ["extension with undeclared prefix", ev((e) => { e["undeclared:myField"] = "x"; }), `${E}["undeclared:myField"]`, /not declared/],
  ["malformed SGTIN URN", ev((e) => { e["epcList"] = ["urn:epc:id:sgtin:0614141.10734.2017"]; }), `${E}.epcList[0]`, /EPC URN/],
  ["Digital Link with wrong GTIN check digit", ev((e) => { e["epcList"] = ["https://id.gs1.org/01/10614141073465/21/2017"]; }), `${E}.epcList[0]`, /check digit/],
  ["same EPC twice", ev((e) => { e["epcList"] = ["urn:epc:id:sgtin:0614141.107346.1", "urn:epc:id:sgtin:0614141.107346.1"]; }), `${E}.epcList[1]`, /twice/],
  ["negative quantity", ev((e) => { e["quantityList"] = [{ epcClass: "urn:epc:class:lgtin:4012345.012345.998877", quantity: -5, uom: "KGM" }]; }), `${E}.quantityList[0].quantity`, /non-negative/],
  ["quantity element without epcClass", ev((e) => { e["quantityList"] = [{ quantity: 5 }]; }), `${E}.quantityList[0].epcClass`, /required/],
  ["sourceList entry without type", ev((e) => { e["sourceList"] = [{ source: "urn:epc:id:pgln:0614141.00001" }]; }), `${E}.sourceList[0].type`, /required/],
  ["errorDeclaration without declarationTime", ev((e) => { e["errorDeclaration"] = { reason: "did_not_occur" }; }), `${E}.errorDeclaration.declarationTime`, /required/],
  ["sensor report minValue above maxValue", ev((e) => { e["sensorElementList"] = [{ sensorReport: [{ type: "Temperature", minValue: 30, maxValue: 20, uom: "CEL" }] }]; }), `${E}.sensorElementList[0].sensorReport[0].minValue`, /maxValue/],
  ["sensor metadata endTime before startTime", ev((e) => { e["sensorElementList"] = [{ sensorMetadata: { startTime: "2024-03-01T10:00:00Z", endTime: "2024-03-01T09:00:00Z" }, sensorReport: [{ type: "Temperature", value: 20, uom: "CEL" }] }]; }), `${E}.sensorElementList[0].sensorMetadata.endTime`, /before/],
  ["ILMD key with undeclared prefix", ev((e) => { e["action"] = "ADD"; e["ilmd"] = { "nope:lot": "L1" }; }), `${E}.ilmd["nope:lot"]`, /not declared/],
  ["document without schemaVersion", doc(objectEvent(), (d) => delete d["schemaVersion"]), "$.schemaVersion", /required/],
  ["document without creationDate", doc(objectEvent(), (d) => delete d["creationDate"]), "$.creationDate", /required/],
  ["document without @context", doc(objectEvent(), (d) => delete d["@context"]), "$[\"@context\"]", /required/],
];

describe("invalid corpus: one broken rule per document", () => {
  it("has at least 30 documents", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  it.each(corpus)("rejects %s with the right path and reason", (_name, d, path, reason) => {
    const result = validateEpcisDocument(d);
    expect(result.valid).toBe(false);
    const hit = result.errors.find((e) => e.path === path);
    expect({ paths: result.errors.map((e) => `${e.path}: ${e.message}`), hit: hit !== undefined }).toEqual(expect.objectContaining({ hit: true }));
    expect(hit?.message).toMatch(reason);
    if (path.startsWith(E)) expect(hit?.eventIndex).toBe(1);
    // event 0 is valid: nothing is reported against it
    expect(result.errors.filter((e) => e.eventIndex === 0)).toEqual([]);
  });

  it("normalize throws an EpcisValidationError carrying the same issues", () => {
    const [, d] = corpus[0] as [string, Doc, string, RegExp];
    expect(() => normalizeEpcisDocument(d)).toThrow(expect.objectContaining({ code: EpcisErrorCode.INVALID_DOCUMENT, errors: validateEpcisDocument(d).errors }));
  });
});

describe("limits", () => {
  it("refuses a 50 MB JSON text before parsing it, with LIMIT_EXCEEDED", () => {
    const big = `{"type":"EPCISDocument","pad":"${"x".repeat(50 * 1024 * 1024)}"}`;
    let caught: unknown;
    try {
      validateEpcisDocument(big);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(EpcisLimitError);
    expect((caught as EpcisLimitError).code).toBe(EpcisErrorCode.LIMIT_EXCEEDED);
    expect((caught as EpcisLimitError).limit).toBe("maxBytes");
    expect((caught as Error).message).toMatch(/exceeds the limit/);
  });

  it("refuses a 100,000-event document with LIMIT_EXCEEDED (maxEvents), quickly", () => {
    const e = objectEvent();
    const d = doc(e);
    d["epcisBody"].eventList = new Array(100_000).fill(e);
    const started = Date.now();
    expect(() => normalizeEpcisDocument(d)).toThrow(expect.objectContaining({ code: EpcisErrorCode.LIMIT_EXCEEDED, limit: "maxEvents", actual: 100_000 }));
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("handles a 100,000-event document when the limit is raised explicitly", () => {
    const d = doc(objectEvent());
    d["epcisBody"].eventList = Array.from({ length: 100_000 }, (_, i) => ({ ...objectEvent(), epcList: [`urn:epc:id:sgtin:0614141.107346.${i}`] }));
    const result = validateEpcisDocument(d, { limits: { maxEvents: 100_000 } });
    expect(result.valid).toBe(true);
  });

  it("refuses pathologically nested extensions with maxDepth", () => {
    let nested: Doc = { "example:leaf": "x" };
    for (let i = 0; i < 100; i++) nested = { "example:n": nested };
    expect(() => validateEpcisDocument(ev((e) => { e["example:deep"] = nested; }))).toThrow(expect.objectContaining({ code: EpcisErrorCode.LIMIT_EXCEEDED, limit: "maxDepth" }));
  });

  it("reports JSON text that does not parse with INVALID_JSON", () => {
    expect(() => validateEpcisDocument("{not json")).toThrow(expect.objectContaining({ code: EpcisErrorCode.INVALID_JSON }));
  });
});
