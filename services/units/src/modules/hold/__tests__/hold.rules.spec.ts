import { movesOf, readHoldClosed, readHoldOpened } from "../hold.rules";

const ID = "6f1c1a2e-8b0e-4c39-9d55-2b1f0c7a9e10";

describe("holds", () => {
  it("reads quarantine messages and refuses malformed ones", () => {
    expect(readHoldOpened({ quarantineId: ID, gtin: "09506000134352", lots: ["L1"], serials: [], producedFrom: "2026-01-01" })).toEqual({
      quarantineId: ID,
      gtin: "09506000134352",
      lots: ["L1"],
      serials: [],
      producedFrom: "2026-01-01",
      producedTo: null,
      expiresFrom: null,
      expiresTo: null,
    });
    for (const bad of [null, {}, { quarantineId: "x", gtin: "09506000134352" }, { quarantineId: ID, gtin: "123" }, { quarantineId: ID, gtin: "09506000134352", lots: ["a b"] }, { quarantineId: ID, gtin: "09506000134352", producedTo: "soon" }]) {
      expect(readHoldOpened(bad)).toBeNull();
    }
    expect(readHoldClosed({ quarantineId: ID })).toBe(ID);
    expect(readHoldClosed({ quarantineId: 1 })).toBeNull();
  });

  it("counts moving steps as moves, with every unit a moved container held, and nothing else", () => {
    const entries = [
      { seq: "1", units: ["a", "b"], bizStep: "shipping", errorDeclaration: false },
      { seq: "2", units: ["a"], bizStep: "inspecting", errorDeclaration: false },
      { seq: "3", units: ["a"], bizStep: "receiving", errorDeclaration: true },
      { seq: "4", units: ["c"], bizStep: null, errorDeclaration: false },
      { seq: "5", units: ["c"], bizStep: "dispensing", errorDeclaration: false },
    ];
    expect(movesOf(entries)).toEqual([
      { unitId: "a", seq: "1", bizStep: "shipping" },
      { unitId: "b", seq: "1", bizStep: "shipping" },
      { unitId: "c", seq: "5", bizStep: "dispensing" },
    ]);
  });
});
