import { EPCIS_CONTEXT_URL, normalizeEpcisEvent, resolveContext } from "@tracehub/epcis";
import type { OpenContainment, PlannedEvent } from "../capture.plan";
import { type UnitState, UnitStatus, unseenState } from "../../unit/unit.rules";

/** Shared world of the capture plan's specs: a pallet, a case and serialized items at one site. */
export const PALLET = "https://id.gs1.org/00/095060000000000039";
export const CASE = "https://id.gs1.org/00/095060000000000015";
export const A = "https://id.gs1.org/01/09506000134352/21/A";
export const B = "https://id.gs1.org/01/09506000134352/21/B";
export const C = "https://id.gs1.org/01/09506000134352/21/C";
export const SITE = "https://id.gs1.org/414/9506000000008";
export const T0 = "2026-03-01T08:00:00.000Z";
export const RECORDED = "2026-03-01T12:00:00.000Z";

const context = resolveContext(EPCIS_CONTEXT_URL);

/** An event as the plan receives it: normalized, at log position `seq`, recorded at `recordTime`. */
export function plannedEvent(raw: Record<string, unknown>, seq: string, recordTime = RECORDED): PlannedEvent {
  return { seq, event: normalizeEpcisEvent({ eventTimeZoneOffset: "+00:00", ...raw }, { context }), recordTime };
}

/** A commissioned, active unit last seen at T0. */
export const active = (over: Partial<UnitState> = {}): UnitState => ({
  ...unseenState(),
  status: UnitStatus.ACTIVE,
  disposition: "active",
  commissioned: true,
  lastEventTime: T0,
  lastEffectiveTime: T0,
  ...over,
});

/** An open containment row: the unit is in `parentId` since `addedTime`. */
export const row = (parentId: string, rowId: string, addedTime = T0): OpenContainment => ({ parentId, addedSeq: "1", addedTime, addedEffectiveTime: addedTime, rowId });

/** A pallet holding a case (holding C) and A and B loose on it, as states, open containment and known lots. */
export function palletWorld() {
  return {
    states: new Map([
      [PALLET, active()],
      [CASE, active({ parentId: PALLET })],
      [A, active({ parentId: PALLET })],
      [B, active({ parentId: PALLET })],
      [C, active({ parentId: CASE })],
    ]),
    open: new Map([
      [CASE, row(PALLET, "r-case")],
      [A, row(PALLET, "r-a")],
      [B, row(PALLET, "r-b")],
      [C, row(CASE, "r-c")],
    ]),
    lots: new Map<string, string>(),
  };
}
