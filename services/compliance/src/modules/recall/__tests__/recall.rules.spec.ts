import { readDateRange, readIsoDate, recallCovers, scopeCovers, transitionRefusal } from "../recall.rules";

const gtin = "09506000134352";
const scope = { gtin, lots: [] as string[], serials: [] as string[], producedFrom: null, producedTo: null, expiresFrom: null, expiresTo: null };
const unit = { gtin, lot: "L1", serial: "S1", productionDate: "2026-03-10", expiry: "2027-03-10" };

describe("recall scope", () => {
  it("covers every unit of the GTIN when nothing narrows it, and no other GTIN", () => {
    expect(scopeCovers(scope, unit)).toBe(true);
    expect(scopeCovers(scope, { ...unit, lot: null, productionDate: null, expiry: null })).toBe(true);
    expect(scopeCovers(scope, { ...unit, gtin: "00000000000017" })).toBe(false);
  });

  it("covers only the named lots and serials, never a unit without them", () => {
    expect(scopeCovers({ ...scope, lots: ["L1", "L2"] }, unit)).toBe(true);
    expect(scopeCovers({ ...scope, lots: ["L2"] }, unit)).toBe(false);
    expect(scopeCovers({ ...scope, lots: ["L1"] }, { ...unit, lot: null })).toBe(false);
    expect(scopeCovers({ ...scope, serials: ["S1"] }, unit)).toBe(true);
    expect(scopeCovers({ ...scope, serials: ["S2"] }, unit)).toBe(false);
    expect(scopeCovers({ ...scope, lots: ["L1"], serials: ["S2"] }, unit)).toBe(false);
  });

  it("takes date ranges inclusively, open at either end, and a unit without the date outside them", () => {
    expect(scopeCovers({ ...scope, producedFrom: "2026-03-10", producedTo: "2026-03-10" }, unit)).toBe(true);
    expect(scopeCovers({ ...scope, producedFrom: "2026-03-11" }, unit)).toBe(false);
    expect(scopeCovers({ ...scope, producedTo: "2026-03-09" }, unit)).toBe(false);
    expect(scopeCovers({ ...scope, expiresTo: "2027-12-31" }, unit)).toBe(true);
    expect(scopeCovers({ ...scope, expiresFrom: "2027-03-11" }, unit)).toBe(false);
    expect(scopeCovers({ ...scope, producedFrom: "2026-01-01" }, { ...unit, productionDate: null })).toBe(false);
  });

  it("counts only recalls in force: issued, or closed after being issued", () => {
    expect(recallCovers({ ...scope, status: "ISSUED" }, unit)).toBe(true);
    expect(recallCovers({ ...scope, status: "CLOSED" }, unit)).toBe(true);
    expect(recallCovers({ ...scope, status: "DRAFT" }, unit)).toBe(false);
    expect(recallCovers({ ...scope, status: "CANCELLED" }, unit)).toBe(false);
  });

  it("does not cover a unit commissioned after the recall closed", () => {
    const closedAt = new Date("2026-05-01T00:00:00Z");
    expect(recallCovers({ ...scope, status: "CLOSED", closedAt }, { ...unit, commissionedAt: new Date("2026-04-30T00:00:00Z") })).toBe(true);
    expect(recallCovers({ ...scope, status: "CLOSED", closedAt }, { ...unit, commissionedAt: new Date("2026-05-02T00:00:00Z") })).toBe(false);
    expect(recallCovers({ ...scope, status: "CLOSED", closedAt }, { ...unit, commissionedAt: null })).toBe(true);
  });
});

describe("recall lifecycle", () => {
  it("issues and cancels drafts, closes issued recalls, and nothing else", () => {
    expect(transitionRefusal("DRAFT", "issue")).toBeNull();
    expect(transitionRefusal("DRAFT", "cancel")).toBeNull();
    expect(transitionRefusal("ISSUED", "close")).toBeNull();
    expect(transitionRefusal("ISSUED", "issue")).toBe("Only a DRAFT recall can be issued; this one is ISSUED.");
    expect(transitionRefusal("DRAFT", "close")).toContain("Only an ISSUED recall can be closed");
    expect(transitionRefusal("CLOSED", "cancel")).toContain("cancelled");
    expect(transitionRefusal("CANCELLED", "issue")).not.toBeNull();
  });
});

describe("recall input", () => {
  it("reads calendar dates and refuses others", () => {
    expect(readIsoDate(undefined, "d")).toEqual({ ok: true, value: null });
    expect(readIsoDate("2028-02-29", "d")).toEqual({ ok: true, value: "2028-02-29" });
    for (const bad of ["2027-02-29", "2027-13-01", "27-01-01", "2027-1-1", "tomorrow"]) expect(readIsoDate(bad, "d").ok).toBe(false);
  });

  it("refuses a range that ends before it starts", () => {
    expect(readDateRange("2026-01-02", "2026-01-01", ["producedFrom", "producedTo"])).toMatchObject({ ok: false, field: "producedFrom" });
    expect(readDateRange("2026-01-01", null, ["producedFrom", "producedTo"])).toEqual({ ok: true, value: ["2026-01-01", null] });
  });
});
