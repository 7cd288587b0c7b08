import { candidateCompanyPrefixes, companyPrefixDigits, isCompanyPrefix, owningCompanyPrefix, parseCode } from "../index";

describe("company prefix ownership", () => {
  it("finds the company prefix digits of every GS1 key kind", () => {
    expect(companyPrefixDigits(parseCode("(01)09506000134352(21)ABC"))).toBe("950600013435");
    expect(companyPrefixDigits(parseCode("(01)09506000134352(10)L1"))).toBe("950600013435");
    expect(companyPrefixDigits(parseCode("(00)106141411234567897"))).toBe("0614141123456789");
    expect(companyPrefixDigits(parseCode("(414)9506000134352"))).toBe("950600013435");
    expect(companyPrefixDigits(parseCode("(8003)09506000134352ABC"))).toBe("950600013435");
    expect(companyPrefixDigits(parseCode("(8004)9506000XYZ1"))).toBe("9506000XYZ1");
    expect(companyPrefixDigits({ kind: "other" })).toBeNull();
  });

  it("lists candidate prefixes longest first, from 12 down to 4 digits", () => {
    const c = candidateCompanyPrefixes("950600013435");
    expect(c[0]).toBe("950600013435");
    expect(c[c.length - 1]).toBe("9506");
    expect(c).toHaveLength(9);
    expect(candidateCompanyPrefixes("95060")).toEqual(["95060", "9506"]);
  });

  it("gives a key to the longest registered prefix it starts with", () => {
    const registered = new Set(["9506000", "95060001", "0614141"]);
    expect(owningCompanyPrefix("950600013435", registered)).toBe("95060001");
    expect(owningCompanyPrefix("950600023435", registered)).toBe("9506000");
    expect(owningCompanyPrefix("061414112345", registered)).toBe("0614141");
    expect(owningCompanyPrefix("123456789012", registered)).toBeNull();
  });

  it("accepts 4 to 12 digits as a company prefix shape", () => {
    expect(isCompanyPrefix("9506")).toBe(true);
    expect(isCompanyPrefix("950600013435")).toBe(true);
    expect(isCompanyPrefix("950")).toBe(false);
    expect(isCompanyPrefix("9506000134351")).toBe(false);
    expect(isCompanyPrefix("95O6")).toBe(false);
  });
});
