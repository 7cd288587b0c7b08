import { isValidElementValue } from "@tracehub/gs1";
import { type RecallScope, readScopeFields } from "../recall/recall.rules";

/** The topics compliance publishes for quarantines: units holds their units until they close. */
export const QUARANTINE_OPENED = "quarantine.opened";
export const QUARANTINE_CLOSED = "quarantine.closed";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An open quarantine as compliance announces it. */
export interface HoldOpened extends RecallScope {
  quarantineId: string;
}

/** A `quarantine.opened` payload, or null when it is not one. */
export function readHoldOpened(payload: unknown): HoldOpened | null {
  const v = payload as Record<string, unknown> | null;
  if (!v || typeof v.quarantineId !== "string" || !UUID.test(v.quarantineId) || typeof v.gtin !== "string" || !isValidElementValue("01", v.gtin)) return null;
  const scope = readScopeFields(v);
  return scope ? { quarantineId: v.quarantineId, gtin: v.gtin, ...scope } : null;
}

/** A `quarantine.closed` payload's quarantine id, or null. */
export function readHoldClosed(payload: unknown): string | null {
  const id = (payload as { quarantineId?: unknown } | null)?.quarantineId;
  return typeof id === "string" && UUID.test(id) ? id : null;
}

/** Business steps that move a unit: on hold, each raises an alert. */
const MOVING_STEPS = new Set(["shipping", "departing", "arriving", "receiving", "loading", "unloading", "transporting", "retail_selling", "dispensing", "returning", "picking"]);

/** One stored event and the units it touched (with a moved container's contents). */
export interface TouchedUnits {
  seq: string;
  units: string[];
  bizStep: string | null;
  errorDeclaration: boolean;
}

/** The (unit, event) pairs where an event moved a unit: a moving business step, not an error declaration. */
export function movesOf(entries: readonly TouchedUnits[]): { unitId: string; seq: string; bizStep: string }[] {
  return entries.flatMap((e) => (e.errorDeclaration || !e.bizStep || !MOVING_STEPS.has(e.bizStep) ? [] : e.units.map((unitId) => ({ unitId, seq: e.seq, bizStep: e.bizStep as string }))));
}
