import { Gs1Error, type Gs1ErrorCode } from "../index";

/** Runs `fn` and returns the Gs1Error it throws; fails the test when it throws anything else or nothing. */
export function gs1ErrorOf(fn: () => unknown): Gs1Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Gs1Error) return error;
    throw new Error(`expected a Gs1Error, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected a Gs1Error, but nothing was thrown");
}

/** Asserts that `fn` throws a Gs1Error with `code` whose message mentions every `mentions` fragment. */
export function expectGs1Error(fn: () => unknown, code: Gs1ErrorCode | `${Gs1ErrorCode}`, ...mentions: string[]): Gs1Error {
  const error = gs1ErrorOf(fn);
  expect(error.code).toBe(code);
  for (const m of mentions) expect(error.message).toContain(m);
  return error;
}
