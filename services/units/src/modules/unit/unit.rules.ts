import { canonicalIdKind } from "@tracehub/gs1";

/**
 * A unit's lifecycle as plain functions: the state after an event, and the alerts an event raises against
 * the state it finds. No I/O; `unit.rules.spec.ts` is the specification.
 */

/** Where a unit is in its life, derived from its events. */
export enum UnitStatus {
  ACTIVE = "ACTIVE",
  IN_TRANSIT = "IN_TRANSIT",
  SOLD = "SOLD",
  RETURNED = "RETURNED",
  RECALLED = "RECALLED",
  DESTROYED = "DESTROYED",
  DECOMMISSIONED = "DECOMMISSIONED",
  STOLEN = "STOLEN",
  EXPIRED = "EXPIRED",
  CONSUMED = "CONSUMED",
  UNKNOWN = "UNKNOWN",
}

/** What kind of thing a canonical identifier names. */
export type UnitKind = "sgtin" | "sscc" | "grai" | "giai" | "other";

/** The kind of a canonical identifier (a `https://id.gs1.org/...` Digital Link or any other URI). */
export function unitKind(id: string): UnitKind {
  const kind = canonicalIdKind(id);
  return kind === "sgtin" || kind === "sscc" || kind === "grai" || kind === "giai" ? kind : "other";
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

/** True when the event commissions the unit (an ObjectEvent ADD naming it in its EPC list). */
export function isCommissioning(facts: EventFacts): boolean {
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
