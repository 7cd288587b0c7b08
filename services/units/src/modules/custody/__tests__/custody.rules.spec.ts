import { custodyChanges, streamCustody } from "../custody.rules";

const hand = (seq: string, eventTime: string, glns: string[], units: string[]) => ({ seq, eventTime, glns, units });

describe("custody changes of a batch of hand-overs", () => {
  it("opens a period for each destination party of each unit touched", () => {
    expect(custodyChanges([hand("5", "T5", ["G1"], ["u1", "u2"])], [])).toEqual({
      closes: [],
      opens: [
        { unitId: "u1", gln: "G1", fromTime: "T5", fromSeq: "5", toTime: null, toSeq: null },
        { unitId: "u2", gln: "G1", fromTime: "T5", fromSeq: "5", toTime: null, toSeq: null },
      ],
    });
  });

  it("ends a stored period when the unit is handed to another party, and keeps it when handed to the same one", () => {
    const open = [{ rowId: "10", unitId: "u1", gln: "G1" }];
    expect(custodyChanges([hand("7", "T7", ["G2"], ["u1"])], open)).toEqual({
      closes: [{ rowId: "10", toTime: "T7", toSeq: "7" }],
      opens: [{ unitId: "u1", gln: "G2", fromTime: "T7", fromSeq: "7", toTime: null, toSeq: null }],
    });
    expect(custodyChanges([hand("7", "T7", ["G1"], ["u1"])], open)).toEqual({ closes: [], opens: [] });
  });

  it("applies hand-overs in log order within a batch, ending periods the batch opened", () => {
    const changes = custodyChanges([hand("9", "T9", ["G3"], ["u1"]), hand("8", "T8", ["G2"], ["u1"])], []);
    expect(changes.opens).toEqual([
      { unitId: "u1", gln: "G2", fromTime: "T8", fromSeq: "8", toTime: "T9", toSeq: "9" },
      { unitId: "u1", gln: "G3", fromTime: "T9", fromSeq: "9", toTime: null, toSeq: null },
    ]);
  });

  it("ignores an event naming no party, and counts a unit and a party once", () => {
    expect(custodyChanges([hand("1", "T1", [], ["u1"])], [])).toEqual({ closes: [], opens: [] });
    expect(custodyChanges([hand("1", "T1", ["G1", "G1"], ["u1", "u1"])], []).opens).toHaveLength(1);
  });
});

describe("custody around each event, for the stream", () => {
  it("lists the parties that had each unit before or after the event, by index", () => {
    const open = [{ rowId: "1", unitId: "u1", gln: "G1" }];
    const entries = [
      { seq: "5", units: ["u1", "u2"] },
      { seq: "6", units: ["u1"] },
      { seq: "7", units: ["u1"] },
    ];
    const byEvent = streamCustody(entries, [hand("6", "T6", ["G2"], ["u1"])], open);
    expect(byEvent.get("5")).toEqual({ G1: [0] });
    // The hand-over reaches the party it leaves and the one it goes to.
    expect(byEvent.get("6")).toEqual({ G1: [0], G2: [0] });
    expect(byEvent.get("7")).toEqual({ G2: [0] });
  });
});
