import { DEFAULT_PER_PAGE, QueryParameterError, nextPageQuery, readEventQuery } from "../query-params";

const read = (query: string, fixed = {}) => readEventQuery(new URLSearchParams(query), fixed);

describe("the REST binding's query string", () => {
  it("reads the standard parameters into the hub's event filter", () => {
    expect(read("eventType=ObjectEvent|AggregationEvent&EQ_bizStep=shipping|receiving&EQ_disposition=in_transit&EQ_readPoint=https://id.gs1.org/414/9506000000015&GE_eventTime=2026-11-01T00:00:00Z&LT_eventTime=2026-11-02T00:00:00Z&GE_recordTime=2026-11-01T00:00:00Z&LT_recordTime=2026-12-01T00:00:00Z&EQ_eventID=urn:uuid:1|urn:uuid:2&MATCH_anyEPC=https://id.gs1.org/01/09506000134352/21/1&perPage=7&nextPageToken=abc")).toEqual({
      filter: {
        eventTypes: ["ObjectEvent", "AggregationEvent"],
        bizSteps: ["shipping", "receiving"],
        dispositions: ["in_transit"],
        readPoints: ["https://id.gs1.org/414/9506000000015"],
        from: "2026-11-01T00:00:00Z",
        to: "2026-11-02T00:00:00Z",
        recordedFrom: "2026-11-01T00:00:00Z",
        recordedTo: "2026-12-01T00:00:00Z",
        eventIds: ["urn:uuid:1", "urn:uuid:2"],
        code: "https://id.gs1.org/01/09506000134352/21/1",
      },
      perPage: 7,
      nextPageToken: "abc",
    });
    expect(read("")).toEqual({ filter: {}, perPage: DEFAULT_PER_PAGE, nextPageToken: null });
  });

  it("lets a parameter narrow the resource path's condition, never widen it", () => {
    expect(read("EQ_bizStep=shipping|receiving", { bizSteps: ["shipping"] }).filter.bizSteps).toEqual(["shipping"]);
    expect(read("EQ_bizStep=receiving", { bizSteps: ["shipping"] }).filter.bizSteps).toEqual([]);
    expect(() => read("MATCH_anyEPC=urn:epc:id:sgtin:9506000.013435.2", { code: "urn:epc:id:sgtin:9506000.013435.1" })).toThrow(QueryParameterError);
  });

  it.each([
    ["MATCH_epcClass=urn:epc:class:lgtin:9506000.013435.L1", "MATCH_epcClass"],
    ["EQ_quantity=3", "EQ_quantity"],
    ["GE_eventTime=yesterday", "GE_eventTime"],
    ["GE_eventTime=2026-11-01", "GE_eventTime"],
    ["perPage=0", "perPage"],
    ["perPage=501", "perPage"],
    ["perPage=2.5", "perPage"],
    ["eventType=Nonsense", "eventType"],
    ["EQ_bizStep=shipping||receiving", "EQ_bizStep"],
    ["MATCH_anyEPC=a|b", "MATCH_anyEPC"],
    ["EQ_bizStep=shipping&EQ_bizStep=receiving", "EQ_bizStep"],
    ["nextPageToken=", "nextPageToken"],
  ])("refuses %s by naming %s", (query, parameter) => {
    expect(() => read(query)).toThrow(expect.objectContaining({ parameter }));
  });

  it("writes the next page's query with the same conditions", () => {
    const next = new URLSearchParams(nextPageQuery(new URLSearchParams("EQ_bizStep=shipping|receiving&perPage=3&nextPageToken=old"), "new token", 3));
    expect(Object.fromEntries(next)).toEqual({ EQ_bizStep: "shipping|receiving", perPage: "3", nextPageToken: "new token" });
  });
});
