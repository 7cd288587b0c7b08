import { documentPart, eventListOf, jobSteps, jobSucceeded, offsetRejections } from "../capturejob.rules";

const events = Array.from({ length: 5 }, (_, i) => ({ type: "ObjectEvent", n: i }));
const document = { "@context": ["ctx"], type: "EPCISDocument", schemaVersion: "2.0", creationDate: "2026-01-01T00:00:00Z", epcisHeader: { h: 1 }, epcisBody: { eventList: events } };

describe("capture jobs, the pure part", () => {
  it("finds the events of a document and of a query document", () => {
    expect(eventListOf(document)).toEqual({ events, path: "$.epcisBody.eventList" });
    const query = { type: "EPCISQueryDocument", epcisBody: { queryResults: { queryName: "q", resultsBody: { eventList: events } } } };
    expect(eventListOf(query)).toEqual({ events, path: "$.epcisBody.queryResults.resultsBody.eventList" });
    expect(eventListOf({ epcisBody: {} })).toBeNull();
    expect(eventListOf([])).toBeNull();
    expect(eventListOf(null)).toBeNull();
  });

  it("cuts a document into parts with the same context and header", () => {
    expect(documentPart(document, events, 2, 4)).toEqual({ ...document, epcisBody: { eventList: [events[2], events[3]] } });
    const query = { "@context": "c", type: "EPCISQueryDocument", schemaVersion: "2.0", creationDate: "d", epcisBody: { queryResults: {} } };
    expect(documentPart(query, events, 0, 1)).toEqual({ "@context": "c", type: "EPCISDocument", schemaVersion: "2.0", creationDate: "d", epcisBody: { eventList: [events[0]] } });
  });

  it("takes a rolled-back document in one step and a proceeding one in chunks, from where it stopped", () => {
    expect(jobSteps(2_500, true, 0)).toEqual([{ start: 0, end: 2_500 }]);
    expect(jobSteps(2_500, true, 2_500)).toEqual([]);
    expect(jobSteps(2_500, false, 0)).toEqual([{ start: 0, end: 1_000 }, { start: 1_000, end: 2_000 }, { start: 2_000, end: 2_500 }]);
    expect(jobSteps(2_500, false, 1_000)).toEqual([{ start: 1_000, end: 2_000 }, { start: 2_000, end: 2_500 }]);
    expect(jobSteps(3, false, 0, 2)).toEqual([{ start: 0, end: 2 }, { start: 2, end: 3 }]);
  });

  it("maps a part's refusals back onto the whole document", () => {
    expect(offsetRejections([{ eventIndex: 1, path: "$.epcisBody.eventList[1].bizStep", message: "m" }, { eventIndex: 0, path: "$", message: "doc" }], 2_000, "$.epcisBody.queryResults.resultsBody.eventList")).toEqual([
      { eventIndex: 2_001, path: "$.epcisBody.queryResults.resultsBody.eventList[2001].bizStep", message: "m" },
      { eventIndex: 2_000, path: "$", message: "doc" },
    ]);
  });

  it("calls a job successful only without refusals and failure", () => {
    expect(jobSucceeded({ rejected: [], failure: null })).toBe(true);
    expect(jobSucceeded({ rejected: [{}], failure: null })).toBe(false);
    expect(jobSucceeded({ rejected: [], failure: { code: "BAD_USER_INPUT" } })).toBe(false);
  });
});
