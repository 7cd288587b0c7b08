import { isDigits } from "./check-digit";
import { Gs1ErrorCode, fail } from "./errors";

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/**
 * The four-digit year for a two-digit GS1 year, by the GS1 sliding window:
 * `d = YY − (reference year mod 100)`; `d ≥ 51` → previous century, `d ≤ −50` → next century,
 * otherwise the current one.
 */
export function expandYear(yy: number, referenceYear: number): number {
  const century = Math.floor(referenceYear / 100) * 100;
  const d = yy - (referenceYear % 100);
  if (d >= 51) return century - 100 + yy;
  if (d <= -50) return century + 100 + yy;
  return century + yy;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The current UTC year and the time range it covers, so that most reads cost a `Date.now()`, not a `new Date()`. */
let yearCache = { year: 0, from: 0, to: -1 };

/** The current UTC year (the default reference year of the century window). */
function currentUtcYear(): number {
  const now = Date.now();
  if (now < yearCache.from || now >= yearCache.to) {
    const year = new Date(now).getUTCFullYear();
    yearCache = { year, from: Date.UTC(year, 0, 1), to: Date.UTC(year + 1, 0, 1) };
  }
  return yearCache.year;
}

/** Options for reading GS1 six-digit dates. */
export interface Gs1DateOptions {
  /** Year the sliding century window is centred on; defaults to the current UTC year. */
  referenceYear?: number;
}

/**
 * Checks a GS1 `YYMMDD` date (`DD = 00` allowed when `allowZeroDay`) and returns it as an ISO date `YYYY-MM-DD`.
 * `DD = 00` means "no specific day" and is read as the last day of the month.
 *
 * @throws Gs1Error `BAD_DATE` for a month outside 01–12 or a day the month does not have.
 */
export function gs1DateToIso(yymmdd: string, allowZeroDay: boolean, options: Gs1DateOptions = {}, ai?: string): string {
  if (yymmdd.length !== 6 || !isDigits(yymmdd)) {
    const where = ai === undefined ? "date" : `date in AI (${ai})`;
    fail(Gs1ErrorCode.BAD_DATE, `The ${where} must be six digits YYMMDD; got "${yymmdd}".`, { ai, value: yymmdd });
  }
  const yy = Number(yymmdd.slice(0, 2));
  const mm = Number(yymmdd.slice(2, 4));
  const dd = Number(yymmdd.slice(4, 6));
  if (mm < 1 || mm > 12) {
    const where = ai === undefined ? "date" : `date in AI (${ai})`;
    fail(Gs1ErrorCode.BAD_DATE, `The ${where} "${yymmdd}" has month ${pad2(mm)}; months run 01 to 12.`, { ai, value: yymmdd });
  }
  const year = expandYear(yy, options.referenceYear ?? currentUtcYear());
  const last = daysInMonth(year, mm);
  if (dd === 0 && !allowZeroDay) {
    const where = ai === undefined ? "date" : `date in AI (${ai})`;
    fail(Gs1ErrorCode.BAD_DATE, `The ${where} "${yymmdd}" has day 00, which this field does not allow.`, { ai, value: yymmdd });
  }
  if (dd > last) {
    const where = ai === undefined ? "date" : `date in AI (${ai})`;
    fail(Gs1ErrorCode.BAD_DATE, `The ${where} "${yymmdd}" has day ${pad2(dd)}, but ${year}-${pad2(mm)} has only ${last} days.`, {
      ai,
      value: yymmdd,
    });
  }
  return `${year}-${pad2(mm)}-${pad2(dd === 0 ? last : dd)}`;
}

/** Checks a four-digit `HHMM` time. @throws Gs1Error `BAD_DATE`. */
export function checkHhmm(hhmm: string, ai?: string): void {
  const hh = Number(hhmm.slice(0, 2));
  const mi = Number(hhmm.slice(2, 4));
  if (hhmm.length !== 4 || !/^\d{4}$/.test(hhmm) || hh > 23 || mi > 59) {
    fail(Gs1ErrorCode.BAD_DATE, `The time "${hhmm}"${ai === undefined ? "" : ` in AI (${ai})`} is not a valid HHMM (00:00–23:59).`, { ai, value: hhmm });
  }
}

/**
 * Converts an ISO date `YYYY-MM-DD` to GS1 `YYMMDD` (for building element strings).
 * @throws Gs1Error `BAD_DATE` when the input is not a real ISO calendar date.
 */
export function isoToGs1Date(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m === null) fail(Gs1ErrorCode.BAD_DATE, `Expected an ISO date YYYY-MM-DD; got "${iso}".`, { value: iso });
  const [, y, mo, d] = m;
  const month = Number(mo);
  if (month < 1 || month > 12 || Number(d) < 1 || Number(d) > daysInMonth(Number(y), month)) {
    fail(Gs1ErrorCode.BAD_DATE, `"${iso}" is not a calendar date.`, { value: iso });
  }
  return `${(y ?? "").slice(2)}${mo}${d}`;
}
