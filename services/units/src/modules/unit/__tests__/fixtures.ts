import { alertsFor } from "../../alert/alert.rules";
import { type EventFacts, type UnitState, UnitStatus } from "../unit.rules";

/** Shared builders of the unit rules' specs. */
export const SITE_A = "https://id.gs1.org/414/9506000000008";
export const SITE_B = "https://id.gs1.org/414/9506000000015";

/** A commissioned, active unit at SITE_A (last event 2026-01-01 10:00, expiring 2027-06-30). */
export const activeState = (over: Partial<UnitState> = {}): UnitState => ({
  status: UnitStatus.ACTIVE,
  disposition: "active",
  readPoint: null,
  bizLocation: SITE_A,
  parentId: null,
  commissioned: true,
  lastEventTime: "2026-01-01T10:00:00.000Z",
  lastEffectiveTime: "2026-01-01T10:00:00.000Z",
  expiry: "2027-06-30",
  ...over,
});

/** An ObjectEvent OBSERVE naming the unit, a day later, with nothing else set. */
export const eventFacts = (over: Partial<EventFacts> = {}): EventFacts => ({
  type: "ObjectEvent",
  action: "OBSERVE",
  bizStep: null,
  disposition: null,
  readPoint: null,
  bizLocation: null,
  eventTime: "2026-01-02T10:00:00.000Z",
  recordTime: "2026-01-02T10:00:05.000Z",
  role: "epc",
  inherited: false,
  errorDeclaration: false,
  ...over,
});

/** The kinds of the alerts an event raises against a serialized item's state. */
export const alertKinds = (state: UnitState, facts: EventFacts) => alertsFor(state, facts, "sgtin").map((a) => a.kind);
