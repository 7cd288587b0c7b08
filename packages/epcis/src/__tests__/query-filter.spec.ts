import { QueryParameterError, readQueryBody, readQueryParameters } from "../query-filter";

describe("EPCIS query parameters into the hub's event filter", () => {
  it("reads a named query's body", () => {
    expect(readQueryBody({ eventType: ["ObjectEvent"], EQ_bizStep: ["shipping", "receiving"], GE_eventTime: "2026-01-01T00:00:00Z", MATCH_anyEPC: ["urn:epc:id:sgtin:9506000.013435.1"] })).toEqual({
      eventTypes: ["ObjectEvent"],
      bizSteps: ["shipping", "receiving"],
      from: "2026-01-01T00:00:00Z",
      code: "urn:epc:id:sgtin:9506000.013435.1",
    });
    expect(readQueryBody({})).toEqual({});
  });

  it("refuses what it cannot answer exactly, naming the parameter", () => {
    for (const [query, parameter] of [
      [{ EQ_quantity: 3 }, "EQ_quantity"],
      [{ MATCH_epc: ["x"] }, "MATCH_epc"],
      [{ EQ_bizStep: [] }, "EQ_bizStep"],
      [{ EQ_bizStep: [""] }, "EQ_bizStep"],
      [{ GE_eventTime: "2026-01-01" }, "GE_eventTime"],
      [{ GE_eventTime: ["2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"] }, "GE_eventTime"],
      [{ eventType: ["QuantityEvent"] }, "eventType"],
      [{ MATCH_anyEPC: ["a", "b"] }, "MATCH_anyEPC"],
    ] as const) {
      expect(() => readQueryBody(query as Record<string, unknown>)).toThrow(expect.objectContaining({ parameter }));
    }
    expect(() => readQueryBody({ EQ_bizStep: "shipping", x: 1 })).toThrow(QueryParameterError);
  });

  it("narrows a resource path's condition, never widens it", () => {
    expect(readQueryParameters([["EQ_bizStep", ["shipping", "receiving"]]], { bizSteps: ["shipping"] })).toEqual({ bizSteps: ["shipping"] });
    expect(() => readQueryParameters([["MATCH_anyEPC", ["b"]]], { code: "a" })).toThrow(QueryParameterError);
  });

  it("matches a standard business step or disposition in every CBV spelling as the hub stores it, and keeps custom URIs", () => {
    expect(
      readQueryParameters([
        ["EQ_bizStep", ["urn:epcglobal:cbv:bizstep:shipping", "https://ref.gs1.org/cbv/BizStep-receiving", "https://example.com/steps/x"]],
        ["EQ_disposition", ["urn:epcglobal:cbv:disp:in_transit", "https://ref.gs1.org/cbv/Disp-active"]],
      ]),
    ).toEqual({ bizSteps: ["shipping", "receiving", "https://example.com/steps/x"], dispositions: ["in_transit", "active"] });
    expect(readQueryParameters([["EQ_bizStep", ["urn:epcglobal:cbv:bizstep:shipping"]]], { bizSteps: ["shipping"] })).toEqual({ bizSteps: ["shipping"] });
  });
});
