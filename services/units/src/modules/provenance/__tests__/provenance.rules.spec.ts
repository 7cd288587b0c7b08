import { custodyChain } from "../provenance.rules";

const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));

describe("custody chain", () => {
  it("merges consecutive events at one place and closes a stretch when the unit moves", () => {
    const chain = custodyChain([
      { eventId: "e1", eventTime: at(0), readPoint: "rp1", bizLocation: "A" },
      { eventId: "e2", eventTime: at(5), readPoint: "rp2", bizLocation: "A" },
      { eventId: "e3", eventTime: at(9), readPoint: null, bizLocation: null },
      { eventId: "e4", eventTime: at(60), readPoint: "rp9", bizLocation: null },
      { eventId: "e5", eventTime: at(90), readPoint: null, bizLocation: "B" },
    ]);
    expect(chain).toEqual([
      { location: "A", from: at(0), to: at(60), eventId: "e1" },
      { location: "rp9", from: at(60), to: at(90), eventId: "e4" },
      { location: "B", from: at(90), to: null, eventId: "e5" },
    ]);
  });

  it("is empty for a unit never seen at a location", () => {
    expect(custodyChain([{ eventId: "e1", eventTime: at(0), readPoint: null, bizLocation: null }])).toEqual([]);
  });
});
