import { type EventFacts, type UnitKind, type UnitState, TERMINAL_STATUSES, UnitStatus, impliedDisposition, isCommissioning, isCurrent } from "../unit/unit.rules";

/**
 * The alert rules as plain functions: what an event says that contradicts what the hub knew about a unit.
 * No I/O; the unit rules' specs (`unit/__tests__`) are the specification.
 */

/** Business steps that hand a unit to an end customer. */
const SELLING_STEPS = new Set(["retail_selling", "dispensing"]);

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
  /** Raised by hold/ (not by these rules): a unit under an open quarantine moved. */
  MOVED_WHILE_ON_HOLD = "MOVED_WHILE_ON_HOLD",
  /** Raised by authenticity/ (not by an event): the serial's public checks point at copies of it. */
  CLONE_SUSPECTED = "CLONE_SUSPECTED",
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
  // Shipping a recalled unit onward is what a recall must stop; shipping it back (disposition returned or recalled) is how it ends.
  const disposition = impliedDisposition(facts);
  if (facts.bizStep === "shipping" && state.status === UnitStatus.RECALLED && disposition !== "returned" && disposition !== "recalled") {
    alerts.push({ kind: AlertKind.RECALLED_UNIT_SOLD, message: "A recalled unit was shipped onward (not back as a return)." });
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
