import { UnitStatus } from "./unit.type";

/** The unit state that events change. */
export interface UnitState {
  status: UnitStatus;
  disposition: string | null;
  location: string | null;
}

/** What an event says about a unit, in CBV 2.0 short names. */
export interface StateChange {
  bizStep: string | null;
  disposition: string | null;
  readPoint: string | null;
  bizLocation: string | null;
}

/** The status each CBV 2.0 disposition implies, for the dispositions the hub acts on. */
const STATUS_BY_DISPOSITION: Record<string, UnitStatus> = {
  active: UnitStatus.ACTIVE,
  in_progress: UnitStatus.ACTIVE,
  in_transit: UnitStatus.IN_TRANSIT,
  retail_sold: UnitStatus.SOLD,
  dispensed: UnitStatus.SOLD,
  returned: UnitStatus.RETURNED,
  recalled: UnitStatus.RECALLED,
  destroyed: UnitStatus.DESTROYED,
  inactive: UnitStatus.DECOMMISSIONED,
  stolen: UnitStatus.STOLEN,
  expired: UnitStatus.EXPIRED,
};

/** The disposition each CBV 2.0 business step implies when the event names none. */
const DISPOSITION_BY_BIZ_STEP: Record<string, string> = {
  commissioning: "active",
  shipping: "in_transit",
  receiving: "in_progress",
  retail_selling: "retail_sold",
  dispensing: "dispensed",
  returning: "returned",
  destroying: "destroyed",
  decommissioning: "inactive",
};

/**
 * The unit's state after an event: the event's disposition (or the one its business step implies)
 * sets the status; the read point (or business location) becomes the location. Steps that say nothing
 * about the status (e.g. `inspecting`) keep it.
 */
export function applyStateChange(state: UnitState, change: StateChange): UnitState {
  const disposition = change.disposition ?? (change.bizStep ? DISPOSITION_BY_BIZ_STEP[change.bizStep] : undefined) ?? null;
  const status = disposition ? (STATUS_BY_DISPOSITION[disposition] ?? state.status) : state.status;
  return {
    status,
    disposition: disposition ?? state.disposition,
    location: change.bizLocation ?? change.readPoint ?? state.location,
  };
}

/** CBV 2.0 business steps (short names) accepted by `recordMovement`. */
export const CBV_BIZ_STEPS = [
  "accepting", "arriving", "assembling", "collecting", "commissioning", "consigning", "creating_class_instance",
  "cycle_counting", "decommissioning", "departing", "destroying", "disassembling", "dispensing", "encoding",
  "entering_exiting", "holding", "inspecting", "installing", "killing", "loading", "other", "packing", "picking",
  "receiving", "removing", "repackaging", "repairing", "replacing", "reserving", "retail_selling", "returning",
  "sampling", "sensor_reporting", "shipping", "staging_outbound", "stock_taking", "stocking", "storing",
  "transporting", "unloading", "unpacking", "void_shipping",
] as const;

/** CBV 2.0 dispositions (short names). */
export const CBV_DISPOSITIONS = [
  "active", "available", "completeness_inferred", "completeness_verified", "conformant", "container_closed",
  "container_open", "damaged", "destroyed", "dispensed", "disposed", "encoded", "expired", "in_progress",
  "in_transit", "inactive", "mismatch_instance", "mismatch_class", "mismatch_quantity", "needs_replacement",
  "no_pedigree_match", "non_conformant", "non_sellable_other", "partially_dispensed", "recalled", "reserved",
  "retail_sold", "returned", "sellable_accessible", "sellable_not_accessible", "stolen", "unavailable", "unknown",
] as const;

/** Reads a CBV business step in bare, URN or Web URI form and returns its short name, or null when unknown. */
export function cbvShortName(value: string, vocabulary: readonly string[], kind: "BizStep" | "Disp"): string | null {
  const trimmed = value.trim();
  const short = trimmed
    .replace(new RegExp(`^urn:epcglobal:cbv:${kind === "BizStep" ? "bizstep" : "disp"}:`), "")
    .replace(new RegExp(`^https://ref\\.gs1\\.org/cbv/${kind}-`), "");
  return vocabulary.includes(short) ? short : null;
}

/** The public authenticity verdicts. */
export enum AuthenticityVerdict {
  GENUINE = "GENUINE",
  UNKNOWN = "UNKNOWN",
  INVALID_CODE = "INVALID_CODE",
  INACTIVE = "INACTIVE",
  RECALLED = "RECALLED",
}

/**
 * The consumer-facing verdict for a scanned code. A code that does not parse is INVALID_CODE; a
 * well-formed code the hub never commissioned is UNKNOWN (possibly counterfeit); a unit that was
 * destroyed, decommissioned, stolen or already sold and dispensed is INACTIVE (a second sale of the
 * same serial is a classic counterfeit signal); a recalled unit says so; otherwise GENUINE.
 */
export function authenticityVerdict(input: { parsed: boolean; status: UnitStatus | null }): AuthenticityVerdict {
  if (!input.parsed) return AuthenticityVerdict.INVALID_CODE;
  if (input.status === null) return AuthenticityVerdict.UNKNOWN;
  switch (input.status) {
    case UnitStatus.RECALLED:
      return AuthenticityVerdict.RECALLED;
    case UnitStatus.DESTROYED:
    case UnitStatus.DECOMMISSIONED:
    case UnitStatus.STOLEN:
    case UnitStatus.EXPIRED:
      return AuthenticityVerdict.INACTIVE;
    case UnitStatus.ACTIVE:
    case UnitStatus.IN_TRANSIT:
    case UnitStatus.SOLD:
    case UnitStatus.RETURNED:
      return AuthenticityVerdict.GENUINE;
  }
}

/** Characters of random serials: digits and upper-case letters (all in GS1 character set 82, easy to read). */
const RANDOM_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/** Length of random serials: 34^12 ≈ 2.4e18 values, far beyond the EU FMD 1-in-10,000 guessing bound. */
export const RANDOM_SERIAL_LENGTH = 12;

/**
 * Makes `count` random serials from `randomBytes` (a CSPRNG). Rejection sampling keeps every character
 * uniformly likely. Duplicates within the batch are possible in principle and are removed by the caller.
 */
export function randomSerials(count: number, randomBytes: (n: number) => Uint8Array): string[] {
  const limit = 256 - (256 % RANDOM_ALPHABET.length);
  const out: string[] = [];
  let pool = randomBytes(count * RANDOM_SERIAL_LENGTH * 2);
  let at = 0;
  for (let i = 0; i < count; i++) {
    let serial = "";
    while (serial.length < RANDOM_SERIAL_LENGTH) {
      if (at >= pool.length) {
        pool = randomBytes(RANDOM_SERIAL_LENGTH * 16);
        at = 0;
      }
      const byte = pool[at++] as number;
      if (byte < limit) serial += RANDOM_ALPHABET[byte % RANDOM_ALPHABET.length];
    }
    out.push(serial);
  }
  return out;
}

/** The probability of guessing one valid serial among `issued` random ones by a single random try. */
export function guessProbability(issued: number): number {
  return issued / RANDOM_ALPHABET.length ** RANDOM_SERIAL_LENGTH;
}
