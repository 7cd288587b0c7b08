import { gs1PrefixCountry } from "../prefix-country";

describe("the country of a GS1 prefix", () => {
  it.each([
    ["4000001000005", "DE"],
    ["0614141000005", "US"],
    ["5012345000009", "GB"],
    ["7612345000004", "CH"],
    ["8712345000008", "NL"],
    ["9312345000004", "AU"],
    ["6901234000004", "CN"],
    ["4912345000005", "JP"],
  ])("%s was allocated in %s", (gln, country) => {
    expect(gs1PrefixCountry(gln)).toBe(country);
  });

  it("has none for GS1 Global Office, restricted circulation, coupons and malformed input", () => {
    for (const digits of ["9506000134352", "2012345678901", "0212345678905", "9812345678903", "99", "", "abc"]) expect(gs1PrefixCountry(digits)).toBeNull();
  });
});
