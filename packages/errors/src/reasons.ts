/**
 * A domain reason: why a domain operation failed, finer than its {@link ErrorCode}, in SCREAMING_SNAKE_CASE
 * (`SERIAL_ALREADY_ISSUED`, `UNIT_ALREADY_ALLOCATED`). Answered in `extensions.reason`.
 */
export type DomainReason = Uppercase<string>;

/** The reasons a module declared with {@link defineReasons}: each name maps to itself. */
export type Reasons<T extends readonly DomainReason[]> = { readonly [K in T[number]]: K };

/** The union of a reason table's reasons: `type CaptureReason = ReasonOf<typeof CaptureReason>`. */
export type ReasonOf<T> = T[keyof T];

const REASON = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/** True when `value` is written as a domain reason (SCREAMING_SNAKE_CASE: capitals and digits joined by single `_`). */
export function isDomainReason(value: unknown): value is DomainReason {
  return typeof value === "string" && REASON.test(value);
}

/**
 * Declares the reasons a module's errors may carry, once, at module level:
 *
 * ```ts
 * export const CaptureReason = defineReasons(["SERIAL_ALREADY_ISSUED", "UNIT_ALREADY_ALLOCATED"]);
 * export type CaptureReason = ReasonOf<typeof CaptureReason>;
 * throw new Conflict("Serial 42 is already issued.", { serial: "42" }, CaptureReason.SERIAL_ALREADY_ISSUED);
 * ```
 *
 * Throws (when the module loads) for a name that is not SCREAMING_SNAKE_CASE or is listed twice.
 */
export function defineReasons<const T extends readonly DomainReason[]>(names: T): Reasons<T> {
  const table: Record<string, string> = {};
  for (const name of names) {
    if (!isDomainReason(name)) throw new Error(`Domain reason ${JSON.stringify(name)} is not SCREAMING_SNAKE_CASE (e.g. SERIAL_ALREADY_ISSUED).`);
    if (name in table) throw new Error(`Domain reason ${name} is declared twice.`);
    table[name] = name;
  }
  return Object.freeze(table) as Reasons<T>;
}
