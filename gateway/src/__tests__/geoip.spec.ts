import { countryOfAddress } from "../geoip";

describe("the country of a client's address", () => {
  it("finds public IPv4 addresses' countries, also as IPv4-mapped IPv6", () => {
    expect(countryOfAddress("8.8.8.8")).toBe("US");
    expect(countryOfAddress("81.2.69.160")).toBe("GB");
    expect(countryOfAddress("194.25.0.60")).toBe("DE");
    expect(countryOfAddress("::ffff:194.25.0.60")).toBe("DE");
  });

  it("has none for loopback, private, IPv6, malformed or missing addresses", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "192.168.0.1", "::1", "2001:db8::1", "300.1.1.1", "x", "", null, undefined]) expect(countryOfAddress(address)).toBeNull();
  });
});
