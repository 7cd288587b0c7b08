import { candidatePrefixes, isCompanyPrefix, owningPrefix } from "../organization.rules";

describe("company prefix ownership", () => {
  it("finds the owner of a GTIN-13 stored as 14 digits", () => {
    expect(owningPrefix("09506000134352", new Set(["9506000"]))).toBe("9506000");
  });

  it("prefers the longest matching prefix", () => {
    expect(owningPrefix("09506000134352", new Set(["9506", "950600013"]))).toBe("950600013");
  });

  it("skips the indicator digit of a GTIN-14", () => {
    expect(owningPrefix("80614141123458", new Set(["0614141"]))).toBe("0614141");
    expect(owningPrefix("80614141123458", new Set(["8061414"]))).toBeNull();
  });

  it("lists 4- to 12-digit candidates and never the check digit", () => {
    const candidates = candidatePrefixes("09506000134352");
    expect(candidates[0]).toBe("950600013435");
    expect(candidates.at(-1)).toBe("9506");
    expect(candidates).toHaveLength(9);
  });

  it("accepts prefixes of 4 to 12 digits only", () => {
    expect(isCompanyPrefix("0614141")).toBe(true);
    expect(isCompanyPrefix("123")).toBe(false);
    expect(isCompanyPrefix("1234567890123")).toBe(false);
    expect(isCompanyPrefix("06141a1")).toBe(false);
  });
});
