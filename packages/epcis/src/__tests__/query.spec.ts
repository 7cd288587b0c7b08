import { readFileSync } from "node:fs";
import path from "node:path";
import { documentHashIds } from "../hash";
import { normalizeEpcisDocument } from "../normalize";
import { validateEpcisDocument, validateEpcisQuery } from "../validate";

const repoRoot = path.resolve(__dirname, "../../../..");
const shared = path.resolve(repoRoot, "../shared/conformance/epcis");
const load = (...p: string[]): Record<string, unknown> => JSON.parse(readFileSync(path.join(shared, ...p), "utf8"));
const lines = (...p: string[]): string[] => readFileSync(path.join(shared, ...p), "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");

describe("validateEpcisQuery (REST binding query schema)", () => {
  const valid: Array<[string, Record<string, unknown>]> = [
    // The example of the OpenAPI definition (QueryDefinition.query).
    ["the OpenAPI example query", { eventType: ["ObjectEvent"], EQ_bizStep: ["shipping", "receiving"] }],
    ["an empty query (all events)", {}],
    ["a time window with paging and order", {
      eventType: ["ObjectEvent", "AggregationEvent", "TransformationEvent"],
      GE_eventTime: "2024-03-01T00:00:00Z", LT_eventTime: "2024-03-02T00:00:00.000+01:00",
      GE_recordTime: "2024-03-01T00:00:00Z", orderBy: "eventTime", orderDirection: "DESC", eventCountLimit: 100, maxEventCount: 1000,
    }],
    ["EPC, class and location matches in URN and Digital Link form", {
      MATCH_epc: ["urn:epc:id:sgtin:0614141.107346.2017", "https://id.gs1.org/01/10614141073464/21/2017"],
      MATCH_anyEPCClass: ["urn:epc:class:lgtin:4012345.012345.998877", "https://id.gs1.org/01/04012345123456"],
      EQ_readPoint: ["urn:epc:id:sgln:0614141.07346.1234"], WD_bizLocation: ["https://id.gs1.org/414/0614141073467"],
      EQ_action: ["ADD", "OBSERVE"], EQ_disposition: ["in_transit"], EQ_persistentDisposition_set: ["recalled"],
    }],
    ["typed business transaction, source and destination parameters", {
      EQ_bizTransaction_po: ["http://transaction.acme.com/po/12345678"],
      EQ_source_owning_party: ["urn:epc:id:pgln:0614141.00001"], EQ_destination_location: ["urn:epc:id:sgln:0614141.00777.0"],
    }],
    ["sensor and error-declaration parameters", {
      EQ_type: ["Temperature"], GE_value_CEL: 2, LT_value_CEL: 8.5, EQ_value_KGM: [3, 4.5], EXISTS_sensorElementList: null,
      EXISTS_errorDeclaration: null, EQ_errorReason: ["incorrect_data"], GE_errorDeclaration_Time: "2024-03-01T00:00:00Z",
    }],
    ["custom vocabulary URIs outside the CBV namespaces", { EQ_bizStep: ["https://example.com/bizstep/sterilising"], EQ_disposition: ["urn:example:disp:quarantine"] }],
  ];
  it.each(valid)("accepts %s", (_, query) => {
    expect(validateEpcisQuery(query)).toEqual({ valid: true, errors: [] });
  });

  const invalid: Array<[string, unknown, string, RegExp]> = [
    ["a query that is not an object", ["ObjectEvent"], "$", /must be object/],
    ["an unknown parameter", { EQ_colour: ["red"] }, "$.EQ_colour", /not an allowed property/],
    ["eventType given as a string instead of a list", { eventType: "ObjectEvent" }, "$.eventType", /must be array/],
    ["an event type that is neither standard nor a URI", { eventType: ["ThingEvent"] }, "$.eventType[0]", /uri|standard value/],
    ["a time without offset syntax", { GE_eventTime: "yesterday" }, "$.GE_eventTime", /RFC 3339 date-time/],
    ["an action outside OBSERVE/ADD/DELETE", { EQ_action: ["MOVE"] }, "$.EQ_action[0]", /"OBSERVE", "ADD", "DELETE"/],
    ["a bizStep in CBV URN form", { EQ_bizStep: ["urn:epcglobal:cbv:bizstep:shipping"] }, "$.EQ_bizStep[0]", /bare CBV value/],
    ["a disposition in the old ns.gs1.org Web URI form", { EQ_disposition: ["https://ns.gs1.org/cbv/Disp-active"] }, "$.EQ_disposition[0]", /bare CBV value/],
    ["an EPC that is not a URI", { MATCH_epc: ["0614141.107346.2017"] }, "$.MATCH_epc[0]", /valid uri/],
    ["an order direction other than ASC/DESC", { orderDirection: "UP" }, "$.orderDirection", /"ASC", "DESC"/],
    ["a fractional event count limit", { eventCountLimit: 1.5 }, "$.eventCountLimit", /integer/],
    ["a sensor value list given as one number", { EQ_value_KGM: 3 }, "$.EQ_value_KGM", /must be array/],
    ["a measurement type in the gs1.org/voc namespace", { EQ_type: ["https://gs1.org/voc/Temperature"] }, "$.EQ_type[0]", /must match|standard value/],
    ["a unit of measure in lower case", { GE_value_kgm: 1 }, "$.GE_value_kgm", /not an allowed property/],
  ];
  it.each(invalid)("rejects %s, at the parameter's path", (_, query, at, reason) => {
    const result = validateEpcisQuery(query);
    expect(result.valid).toBe(false);
    const issue = result.errors.find((e) => e.path === at);
    expect(issue).toBeDefined();
    expect(issue?.message).toMatch(reason);
    for (const e of result.errors) expect(e.eventIndex).toBeUndefined();
  });

  it("reports every bad parameter of one query, each at its own path", () => {
    const result = validateEpcisQuery({ eventType: "ObjectEvent", EQ_action: ["MOVE"], orderDirection: "UP", foo: 1 });
    expect(result.errors.map((e) => e.path).sort()).toEqual(["$.EQ_action[0]", "$.eventType", "$.foo", "$.orderDirection"]);
  });

  it("rejects namespaced user-extension parameters, because the official schema double-escapes their ':' (known limit)", () => {
    // query-schema.json writes "^EQ_ILMD_[a-z][a-zA-Z0-9]*\\\\:\\\\w+$": as a regex that requires a literal backslash.
    for (const key of ["EQ_ILMD_example:lot", "EQ_example:batch", "EXISTS_INNER_example:line"]) {
      const result = validateEpcisQuery({ [key]: ["L1"] });
      expect(result.valid).toBe(false);
      expect(result.errors[0]?.path).toBe(`$[${JSON.stringify(key)}]`);
    }
  });
});

describe("EPCISQueryDocument", () => {
  it("accepts the official EPCISQueryDocument example and normalises its events from queryResults.resultsBody", () => {
    const doc = load("examples", "EPCISQueryDocument.jsonld");
    expect(validateEpcisDocument(doc)).toEqual({ valid: true, errors: [] });
    const events = normalizeEpcisDocument(doc);
    expect(events).toHaveLength(2);
    expect(events[0]?.epcList).toEqual(["https://id.gs1.org/01/10614141073464/21/2017", "https://id.gs1.org/01/10614141073464/21/2018"]);
  });

  it.each(["epcisQueryDocument", "epcisQueryDocHavingEventWithIgnoreFields"])(
    "validates the %s hash vector and gives its events the published hash IDs through normalisation",
    (name) => {
      const doc = load("hash", `${name}.jsonld`);
      const expected = lines("hash", `${name}.hashes`);
      expect(validateEpcisDocument(doc).errors).toEqual([]);
      expect(documentHashIds(doc)).toEqual(expected);
      expect(normalizeEpcisDocument(doc).map((e) => e.hashId)).toEqual(expected);
    },
  );

  it("reports a bad event inside query results with its path and event index", () => {
    const doc = load("examples", "EPCISQueryDocument.jsonld") as { epcisBody: { queryResults: { resultsBody: { eventList: Array<Record<string, unknown>> } } } };
    const second = doc.epcisBody.queryResults.resultsBody.eventList[1] as Record<string, unknown>;
    delete second["action"];
    const result = validateEpcisDocument(doc);
    expect(result.valid).toBe(false);
    const issue = result.errors.find((e) => e.path === "$.epcisBody.queryResults.resultsBody.eventList[1].action");
    expect(issue?.eventIndex).toBe(1);
  });
});
