import { BadUserInput } from "./errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID in its canonical 8-4-4-4-12 hex form (any case). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Checks an id argument that names a row by UUID (orders, recalls, organizations) and returns it in lower
 * case, as PostgreSQL writes it. Anything else is BAD_USER_INPUT naming `argument`, before it reaches SQL.
 */
export function uuidArgument(value: string, argument: string, what: string): string {
  if (!isUuid(value)) throw new BadUserInput(`'${argument}' must be ${what} (a UUID such as 6f1c1a2e-8b0e-4c39-9d55-2b1f0c7a9e10); got ${JSON.stringify(value.slice(0, 64))}.`, { argument });
  return value.toLowerCase();
}
