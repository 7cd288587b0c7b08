import { UnitStatus } from "./unit.type";

/**
 * A unit's lifecycle as plain functions: the state after an event, and the alerts an event raises against
 * the state it finds. No I/O; `unit.rules.spec.ts` is the specification.
 */

/** What kind of thing a canonical identifier names. */
export type UnitKind = "sgtin" | "sscc" | "grai" | "giai" | "other";

/** The kind of a canonical identifier (a `https://id.gs1.org/...` Digital Link or any other URI). */
export function unitKind(id: string): UnitKind {
  if (/^https:\/\/id\.gs1\.org\/01\/\d{14}\/21\//.test(id)) return "sgtin";
  if (/^https:\/\/id\.gs1\.org\/00\/\d{18}$/.test(id)) return "sscc";
  if (/^https:\/\/id\.gs1\.org\/8003\//.test(id)) return "grai";
  if (/^https:\/\/id\.gs1\.org\/8004\//.test(id)) return "giai";
  return "other";
}

/** The state of a unit that events change. */
export interface UnitState {
  status: UnitStatus;
  disposition: string | null;
  readPoint: string | null;
  bizLocation: string | null;
  parentId: string | null;
  commissioned: boolean;
  /** Event time (ISO) of the latest event applied, as the event claimed it. */
  lastEventTime: string | null;
  /**
   * Effective time (ISO, see {@link effectiveTime}) of the latest event applied. Events are applied in
   * effective-time order: an older one does not overwrite newer state.
   */
  lastEffectiveTime: string | null;
  /** ISO date. */
  expiry: string | null;
}

/** The state of a unit the hub has never seen. */
export function unseenState(): UnitState {
  return {
    status: UnitStatus.UNKNOWN,
    disposition: null,
    readPoint: null,
    bizLocation: null,
    parentId: null,
    commissioned: false,
    lastEventTime: null,
    lastEffectiveTime: null,
    expiry: null,
  };
}

/** How an event touches one unit. */
export interface EventFacts {
  type: "ObjectEvent" | "AggregationEvent" | "TransactionEvent" | "TransformationEvent" | "AssociationEvent";
  action: "ADD" | "OBSERVE" | "DELETE" | null;
  bizStep: string | null;
  disposition: string | null;
  readPoint: string | null;
  bizLocation: string | null;
  /** UTC ISO. */
  eventTime: string;
  /** When the hub stored the event (UTC ISO). */
  recordTime: string;
  /** The unit's role in the event. */
  role: "epc" | "parent" | "child" | "input" | "output";
  /** True when the event named a container the unit is in, not the unit itself. */
  inherited: boolean;
  /** An error declaration corrects an earlier event; it changes no state. */
  errorDeclaration: boolean;
}

/** The status each CBV 2.0 disposition implies, for the dispositions the hub acts on. */
const STATUS_BY_DISPOSITION: Record<string, UnitStatus> = {
  active: UnitStatus.ACTIVE,
  in_progress: UnitStatus.ACTIVE,
  available: UnitStatus.ACTIVE,
  sellable_accessible: UnitStatus.ACTIVE,
  sellable_not_accessible: UnitStatus.ACTIVE,
  container_closed: UnitStatus.ACTIVE,
  in_transit: UnitStatus.IN_TRANSIT,
  retail_sold: UnitStatus.SOLD,
  dispensed: UnitStatus.SOLD,
  returned: UnitStatus.RETURNED,
  recalled: UnitStatus.RECALLED,
  destroyed: UnitStatus.DESTROYED,
  disposed: UnitStatus.DESTROYED,
  inactive: UnitStatus.DECOMMISSIONED,
  stolen: UnitStatus.STOLEN,
  expired: UnitStatus.EXPIRED,
};

/** The disposition each CBV 2.0 business step implies when the event names none. */
const DISPOSITION_BY_BIZ_STEP: Record<string, string> = {
  commissioning: "active",
  shipping: "in_transit",
  departing: "in_transit",
  receiving: "in_progress",
  accepting: "in_progress",
  arriving: "in_progress",
  retail_selling: "retail_sold",
  dispensing: "dispensed",
  returning: "returned",
  destroying: "destroyed",
  decommissioning: "inactive",
};

/** Statuses after which a unit must not appear in the supply chain again. */
export const TERMINAL_STATUSES: ReadonlySet<UnitStatus> = new Set([UnitStatus.DESTROYED, UnitStatus.DECOMMISSIONED, UnitStatus.CONSUMED]);

/** Business steps that hand a unit to an end customer. */
const SELLING_STEPS = new Set(["retail_selling", "dispensing"]);

function isCommissioning(facts: EventFacts): boolean {
  return facts.type === "ObjectEvent" && facts.action === "ADD" && facts.role === "epc";
}

/** The disposition an event gives a unit, explicit or implied by its business step. */
export function impliedDisposition(facts: Pick<EventFacts, "bizStep" | "disposition">): string | null {
  return facts.disposition ?? (facts.bizStep ? (DISPOSITION_BY_BIZ_STEP[facts.bizStep] ?? null) : null);
}

/**
 * When an event counts as having happened, for ordering state: its eventTime, or its recordTime when the
 * event claims a later time. Nothing happens after it is recorded, so an event dated ahead (a scanner's
 * clock running fast, within the accepted skew) ranks as of its recording, and a real scan recorded after
 * it still wins. A late upload of an old event keeps its old eventTime and still cannot overwrite newer state.
 */
export function effectiveTime(facts: Pick<EventFacts, "eventTime" | "recordTime">): string {
  return facts.recordTime < facts.eventTime ? facts.recordTime : facts.eventTime;
}

/**
 * True when the event is not older than the newest event already applied to the unit, by effective time.
 * A tie counts as current: of two events at the same time, the one recorded later (in log order) wins.
 */
export function isCurrent(state: UnitState, facts: Pick<EventFacts, "eventTime" | "recordTime">): boolean {
  return state.lastEffectiveTime === null || effectiveTime(facts) >= state.lastEffectiveTime;
}

/**
 * The unit's state after an event. Rules:
 * - older events than the newest applied one (by effective time), and error declarations, change nothing
 *   (the log keeps them);
 * - ObjectEvent ADD commissions (ACTIVE); ObjectEvent DELETE decommissions;
 * - the event's disposition, or the one its business step implies, sets the status;
 * - TransformationEvent inputs are CONSUMED; outputs are commissioned and ACTIVE;
 * - the container (`parentId`) is not decided here: the capture plan keeps it equal to the open
 *   containment row, so state and containment history cannot disagree;
 * - the read point and business location become the unit's location (inherited events too: a pallet's
 *   shipment moves every unit on it).
 */
export function nextState(state: UnitState, facts: EventFacts): UnitState {
  if (facts.errorDeclaration || !isCurrent(state, facts)) return state;
  const next: UnitState = { ...state, lastEventTime: facts.eventTime, lastEffectiveTime: effectiveTime(facts) };
  if (facts.readPoint) next.readPoint = facts.readPoint;
  if (facts.bizLocation) next.bizLocation = facts.bizLocation;

  if (isCommissioning(facts) || (facts.type === "TransformationEvent" && facts.role === "output")) {
    next.commissioned = true;
    next.status = UnitStatus.ACTIVE;
  }
  const disposition = impliedDisposition(facts);
  if (disposition) {
    next.disposition = disposition;
    const status = STATUS_BY_DISPOSITION[disposition];
    if (status) next.status = status;
  }
  // Retiring a container's id (an inherited DELETE) does not retire what was inside it.
  if (facts.type === "ObjectEvent" && facts.action === "DELETE" && facts.role === "epc" && !facts.inherited && !facts.disposition) {
    next.status = UnitStatus.DECOMMISSIONED;
    next.disposition = "inactive";
  }
  if (facts.type === "TransformationEvent" && facts.role === "input" && !facts.disposition) {
    next.status = UnitStatus.CONSUMED;
  }
  // A unit the hub never commissioned stays UNKNOWN whatever happens to it; its location still moves.
  if (!next.commissioned) next.status = UnitStatus.UNKNOWN;
  return next;
}

/** The kinds of alert the hub raises. */
export enum AlertKind {
  UNKNOWN_UNIT = "UNKNOWN_UNIT",
  DUPLICATE_COMMISSIONING = "DUPLICATE_COMMISSIONING",
  EVENT_AFTER_TERMINAL = "EVENT_AFTER_TERMINAL",
  RECALLED_UNIT_SOLD = "RECALLED_UNIT_SOLD",
  EXPIRED_UNIT_SOLD = "EXPIRED_UNIT_SOLD",
  ALREADY_SOLD = "ALREADY_SOLD",
  STOLEN_UNIT_SEEN = "STOLEN_UNIT_SEEN",
  IMPOSSIBLE_TRAVEL = "IMPOSSIBLE_TRAVEL",
}

/** An alert before it is stored. */
export interface AlertDraft {
  kind: AlertKind;
  message: string;
}

/** Thresholds of the alert rules. */
export interface AlertOptions {
  /** Two different business locations closer in time than this are impossible (default 5 minutes). */
  minTransitSeconds: number;
}

/** Default alert thresholds. */
export const DEFAULT_ALERT_OPTIONS: AlertOptions = { minTransitSeconds: 300 };

/**
 * The alerts an event raises against the state it finds. Events are never rejected for telling an
 * inconvenient truth; they are stored, and these alerts say what does not add up. Only the unit's own
 * events (not those inherited from a container) and only current events (not late arrivals) are judged,
 * except UNKNOWN_UNIT, which holds whenever it arrives.
 */
export function alertsFor(state: UnitState, facts: EventFacts, kind: UnitKind, options: AlertOptions = DEFAULT_ALERT_OPTIONS): AlertDraft[] {
  if (facts.inherited || facts.errorDeclaration) return [];
  const alerts: AlertDraft[] = [];
  const commissioning = isCommissioning(facts) || (facts.type === "TransformationEvent" && facts.role === "output");
  if (!state.commissioned && !commissioning && kind === "sgtin") {
    alerts.push({ kind: AlertKind.UNKNOWN_UNIT, message: "This serial was never commissioned: it may be counterfeit or mis-keyed." });
  }
  if (!isCurrent(state, facts)) return alerts;
  if (state.commissioned && isCommissioning(facts) && facts.bizStep === "commissioning") {
    alerts.push({ kind: AlertKind.DUPLICATE_COMMISSIONING, message: "This unit was commissioned before; a serial must be issued once." });
  }
  if (TERMINAL_STATUSES.has(state.status)) {
    alerts.push({
      kind: AlertKind.EVENT_AFTER_TERMINAL,
      message: `This unit is ${state.status.toLowerCase()}, yet it appears in a ${facts.bizStep ?? facts.type} event.`,
    });
  }
  const selling = facts.bizStep !== null && SELLING_STEPS.has(facts.bizStep);
  if (selling && state.status === UnitStatus.RECALLED) {
    alerts.push({ kind: AlertKind.RECALLED_UNIT_SOLD, message: "A recalled unit was sold or dispensed." });
  }
  if (selling && state.status === UnitStatus.SOLD) {
    alerts.push({ kind: AlertKind.ALREADY_SOLD, message: "This unit was already sold: the same serial sold twice suggests a copied code." });
  }
  if (selling && state.expiry !== null && facts.eventTime.slice(0, 10) > state.expiry) {
    alerts.push({ kind: AlertKind.EXPIRED_UNIT_SOLD, message: `This unit expired on ${state.expiry} and was sold or dispensed afterwards.` });
  }
  if (state.status === UnitStatus.STOLEN && impliedDisposition(facts) !== "stolen") {
    alerts.push({ kind: AlertKind.STOLEN_UNIT_SEEN, message: "A unit reported stolen was seen again." });
  }
  if (
    state.bizLocation !== null &&
    facts.bizLocation !== null &&
    state.bizLocation !== facts.bizLocation &&
    state.lastEventTime !== null &&
    (Date.parse(facts.eventTime) - Date.parse(state.lastEventTime)) / 1000 < options.minTransitSeconds
  ) {
    alerts.push({
      kind: AlertKind.IMPOSSIBLE_TRAVEL,
      message: `This unit was at ${state.bizLocation} and at ${facts.bizLocation} within ${options.minTransitSeconds} seconds.`,
    });
  }
  return alerts;
}

/** Characters of random serials: digits and upper-case letters without I and O (all in GS1 character set 82). */
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
