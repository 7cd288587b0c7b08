import { BadUserInput } from "@tracehub/subgraph-kit";
import type { CustomerRow } from "./customer.store";
import type { AddressType, CustomerInput, CustomerType } from "./customer.type";

/** A customer checked and trimmed, ready to store. */
export interface CheckedCustomer {
  name: string;
  email: string | null;
  address: { lines: string[]; city: string; postalCode: string | null; country: string } | null;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;

function text(value: string, field: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > max) throw new BadUserInput(`'${field}' must be 1 to ${max} characters.`, { field });
  return trimmed;
}

/** Checks a customer's input: BAD_USER_INPUT naming the field for anything malformed. */
export function checkCustomer(input: CustomerInput, field = "customer"): CheckedCustomer {
  const name = text(input.name, `${field}.name`, 200);
  let email: string | null = null;
  if (input.email !== undefined && input.email !== null && input.email.trim() !== "") {
    email = input.email.trim();
    if (email.length > 254 || !EMAIL.test(email)) throw new BadUserInput(`'${field}.email' is not an email address.`, { field: `${field}.email` });
  }
  let address: CheckedCustomer["address"] = null;
  if (input.address) {
    const a = input.address;
    if (a.lines.length < 1 || a.lines.length > 3) throw new BadUserInput(`'${field}.address.lines' must hold 1 to 3 lines.`, { field: `${field}.address.lines` });
    if (!/^[A-Z]{2}$/.test(a.country)) throw new BadUserInput(`'${field}.address.country' must be an ISO 3166-1 alpha-2 code such as DE.`, { field: `${field}.address.country` });
    address = {
      lines: a.lines.map((l, i) => text(l, `${field}.address.lines[${i}]`, 200)),
      city: text(a.city, `${field}.address.city`, 100),
      postalCode: a.postalCode ? text(a.postalCode, `${field}.address.postalCode`, 20) : null,
      country: a.country,
    };
  }
  return { name, email, address };
}

/** Maps a stored customer to its API shape. */
export function toCustomerType(row: CustomerRow): CustomerType {
  const a = row.address as { lines?: string[]; city?: string; postalCode?: string | null; country?: string } | null;
  const address: AddressType | null = a && Array.isArray(a.lines) && a.city && a.country ? { lines: a.lines, city: a.city, postalCode: a.postalCode ?? null, country: a.country } : null;
  return { id: row.id, name: row.name, email: row.email, address, createdAt: row.createdAt, organizationId: row.organizationId };
}
