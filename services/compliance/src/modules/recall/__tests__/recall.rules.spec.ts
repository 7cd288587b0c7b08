import { recallCovers } from "../recall.rules";

const gtin = "09506000134352";

describe("recall scope", () => {
  it("covers every lot when no lots are named", () => {
    expect(recallCovers({ gtin, lots: [], status: "OPEN" }, { gtin, lot: "L1" })).toBe(true);
    expect(recallCovers({ gtin, lots: [], status: "OPEN" }, { gtin, lot: null })).toBe(true);
  });

  it("covers only the named lots", () => {
    const recall = { gtin, lots: ["L1", "L2"], status: "OPEN" };
    expect(recallCovers(recall, { gtin, lot: "L2" })).toBe(true);
    expect(recallCovers(recall, { gtin, lot: "L3" })).toBe(false);
    expect(recallCovers(recall, { gtin, lot: null })).toBe(false);
  });

  it("never covers another GTIN or a closed recall", () => {
    expect(recallCovers({ gtin, lots: [], status: "OPEN" }, { gtin: "00000000000017", lot: null })).toBe(false);
    expect(recallCovers({ gtin, lots: [], status: "CLOSED" }, { gtin, lot: null })).toBe(false);
  });
});
