import { GS1_LINK_TYPES, gs1LinkType } from "../link-types";

describe("GS1 link types", () => {
  it("reads a link type in every form the vocabulary is written in", () => {
    expect(gs1LinkType("gs1:instructions")).toBe("instructions");
    expect(gs1LinkType("https://gs1.org/voc/pip")).toBe("pip");
    expect(gs1LinkType("https://ref.gs1.org/voc/certificationInfo")).toBe("certificationInfo");
    expect(gs1LinkType("support")).toBe("support");
  });

  it("refuses what is not a GS1 link type, in any form", () => {
    for (const value of ["gs1:nonsense", "schema:url", "https://gs1.org/voc/Product", "", "gs1:", "Instructions"]) expect(gs1LinkType(value)).toBeNull();
  });

  it("lists each link type once", () => {
    expect(new Set(GS1_LINK_TYPES).size).toBe(GS1_LINK_TYPES.length);
  });
});
