/**
 * Clone detection as plain functions: what a serial's public checks say about copies of it. No I/O;
 * `clone.rules.spec.ts` is the specification.
 */

/** ISO 3166-1 alpha-2 countries by continent (AF, AN, AS, EU, NA, OC, SA). */
const CONTINENTS: Record<string, string> = {
  AF: "DZ AO BJ BW BF BI CV CM CF TD KM CD CG CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU YT MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW",
  AN: "AQ BV GS HM TF",
  AS: "AF AM AZ BH BD BT BN KH CN CY GE HK IN ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV MN MM NP KP OM PK PS PH QA SA SG KR LK SY TW TJ TH TL TR TM AE UZ VN YE IO CC CX",
  EU: "AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE XK LV LI LT LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB",
  NA: "AI AG AW BS BB BZ BM BQ VG CA KY CR CU CW DM DO SV GL GD GP GT HT HN JM MQ MX MS NI PA PR BL KN LC MF PM VC SX TT TC US UM VI",
  OC: "AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF",
  SA: "AR BO BR CL CO EC FK GF GY PY PE SR UY VE",
};
const CONTINENT_OF = new Map<string, string>(Object.entries(CONTINENTS).flatMap(([continent, list]) => list.split(" ").map((c) => [c, continent] as [string, string])));

/** The continent of an ISO 3166-1 alpha-2 country code, or null when the code is not one. */
export function continentOf(country: string): string | null {
  return CONTINENT_OF.get(country) ?? null;
}

/** True when `value` is a known ISO 3166-1 alpha-2 country code. */
export function isCountryCode(value: string): boolean {
  return CONTINENT_OF.has(value);
}

/** One public check of a serial. */
export interface Check {
  at: Date;
  /** ISO 3166-1 alpha-2 country, or null when the check said none. */
  country: string | null;
}

/** The thresholds of clone detection (configuration, with these defaults). */
export interface CloneOptions {
  /** Checks on two continents closer in time than this are impossible travel (default 120 minutes). */
  travelMinutes: number;
  /** More checks than this within 24 hours is more than a genuine item gets (default 20). */
  maxChecksPerDay: number;
  /** Checks from more countries than this within 30 days (default 4). */
  maxCountries: number;
}

export const DEFAULT_CLONE_OPTIONS: CloneOptions = { travelMinutes: 120, maxChecksPerDay: 20, maxCountries: 4 };

/** Why a serial is suspect. */
export enum CloneReason {
  IMPOSSIBLE_TRAVEL = "IMPOSSIBLE_TRAVEL",
  TOO_MANY_CHECKS = "TOO_MANY_CHECKS",
  TOO_MANY_COUNTRIES = "TOO_MANY_COUNTRIES",
  CHECKED_AFTER_DISPENSING = "CHECKED_AFTER_DISPENSING",
  CUSTODY_MISMATCH = "CUSTODY_MISMATCH",
}

/** A reason with the sentence a consumer and the brand owner read, and the values the sentence names (for other languages). */
export interface CloneFinding {
  reason: CloneReason;
  message: string;
  values: Readonly<Record<string, string | number>>;
}

/**
 * Where custody says the unit is, for the custody rule: the countries of the parties holding it now (from their
 * GLNs), and whether it is still in the supply chain (not sold or dispensed to a consumer, who may take it anywhere).
 */
export interface CustodyFacts {
  countries: readonly string[];
  inSupplyChain: boolean;
}

const DAY_MS = 86_400_000;

/**
 * What the checks of a serial (the earlier ones, over the last 30 days, and this one) say about copies:
 * - two checks on different continents within `travelMinutes` of each other: impossible travel;
 * - more than `maxChecksPerDay` checks in the 24 hours up to this one;
 * - checks from more than `maxCountries` countries in the last 30 days;
 * - a check of a unit that was dispensed to a patient or consumer (`dispensed`): nobody checks it again but a copy;
 * - a check on another continent than every party that custody says holds the unit, while it is still in the supply
 *   chain (a consumer does not hold it yet): the scanned pack is not where the real one is.
 */
export function cloneFindings(
  earlier: readonly Check[],
  current: Check,
  dispensed: boolean,
  options: CloneOptions = DEFAULT_CLONE_OPTIONS,
  custody: CustodyFacts = { countries: [], inSupplyChain: false },
): CloneFinding[] {
  const findings: CloneFinding[] = [];
  const recent = earlier.filter((c) => current.at.getTime() - c.at.getTime() <= 30 * DAY_MS && c.at.getTime() <= current.at.getTime());
  const here = current.country ? continentOf(current.country) : null;
  if (here) {
    const far = recent.find((c) => {
      const there = c.country ? continentOf(c.country) : null;
      return there !== null && there !== here && current.at.getTime() - c.at.getTime() < options.travelMinutes * 60_000;
    });
    if (far) {
      const minutes = Math.round((current.at.getTime() - far.at.getTime()) / 60_000);
      findings.push({
        reason: CloneReason.IMPOSSIBLE_TRAVEL,
        message: `This serial was checked in ${far.country} and in ${current.country}, ${minutes} minute(s) apart: one item cannot travel that fast.`,
        values: { from: far.country as string, to: current.country as string, minutes },
      });
    }
  }
  const lastDay = recent.filter((c) => current.at.getTime() - c.at.getTime() < DAY_MS).length + 1;
  if (lastDay > options.maxChecksPerDay) {
    findings.push({ reason: CloneReason.TOO_MANY_CHECKS, message: `This serial was checked ${lastDay} times in 24 hours, far more than one item is.`, values: { checks: lastDay } });
  }
  const countries = new Set([...recent, current].flatMap((c) => (c.country ? [c.country] : [])));
  if (countries.size > options.maxCountries) {
    findings.push({ reason: CloneReason.TOO_MANY_COUNTRIES, message: `This serial was checked in ${countries.size} countries within 30 days.`, values: { countries: countries.size } });
  }
  if (dispensed) {
    findings.push({ reason: CloneReason.CHECKED_AFTER_DISPENSING, message: "This serial was dispensed already: a dispensed item is not checked again, so this may be a copy.", values: {} });
  }
  const held = custody.countries.map(continentOf).filter((c): c is string => c !== null);
  if (here && custody.inSupplyChain && held.length && !held.includes(here)) {
    findings.push({
      reason: CloneReason.CUSTODY_MISMATCH,
      message: `This serial was checked in ${current.country} while the supply chain records it on another continent, not yet sold: the scanned pack is not where the real one is.`,
      values: { country: current.country as string },
    });
  }
  return findings;
}
