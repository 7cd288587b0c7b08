import { isValidElementValue } from "@tracehub/gs1";

/** Where a recall is in its life. */
export type RecallStatusName = "DRAFT" | "ISSUED" | "CLOSED" | "CANCELLED";

/** How serious a recall is (FDA classes: I, a reasonable probability of serious harm; II, temporary or reversible harm; III, unlikely to cause harm). */
export type RecallClassName = "CLASS_I" | "CLASS_II" | "CLASS_III";

/** What a recall covers: a GTIN's units, narrowed by every condition given (all of them must hold). */
export interface RecallScope {
  gtin: string;
  /** Empty: every lot. */
  lots: readonly string[];
  /** Empty: every serial. */
  serials: readonly string[];
  /** ISO dates (YYYY-MM-DD), inclusive; null: open-ended. */
  producedFrom: string | null;
  producedTo: string | null;
  expiresFrom: string | null;
  expiresTo: string | null;
}

/** What a unit shows of itself that a scope is matched against. */
export interface UnitFacts {
  gtin: string;
  lot: string | null;
  serial: string | null;
  /** ISO dates; null when the unit was commissioned without one. */
  productionDate: string | null;
  expiry: string | null;
  /** When it was commissioned (null: not by the hub, or not known). */
  commissionedAt?: Date | null;
}

/** Most serials one recall lists. */
export const MAX_RECALL_SERIALS = 10_000;

/** Within an inclusive range of ISO dates (string order is date order); a unit without the date is outside a bounded range. */
function inRange(value: string | null, from: string | null, to: string | null): boolean {
  if (from === null && to === null) return true;
  if (value === null) return false;
  return (from === null || value >= from) && (to === null || value <= to);
}

/**
 * True when the scope covers the unit: its GTIN, and every condition the scope names (a named lot, serial or date
 * range never covers a unit that lacks the fact). The units subgraph selects units with the same conditions in SQL.
 */
export function scopeCovers(scope: RecallScope, unit: UnitFacts): boolean {
  if (scope.gtin !== unit.gtin) return false;
  if (scope.lots.length && (unit.lot === null || !scope.lots.includes(unit.lot))) return false;
  if (scope.serials.length && (unit.serial === null || !scope.serials.includes(unit.serial))) return false;
  return inRange(unit.productionDate, scope.producedFrom, scope.producedTo) && inRange(unit.expiry, scope.expiresFrom, scope.expiresTo);
}

/**
 * True when a recall in force (issued, or closed after it was) covers the unit. Drafts and cancelled recalls cover
 * nothing; a recall closed before the unit was commissioned does not cover it (closing stops the marking of new units).
 */
export function recallCovers(recall: RecallScope & { status: string; closedAt?: Date | null }, unit: UnitFacts): boolean {
  if (recall.status !== "ISSUED" && recall.status !== "CLOSED") return false;
  if (recall.closedAt && unit.commissionedAt && unit.commissionedAt.getTime() > recall.closedAt.getTime()) return false;
  return scopeCovers(recall, unit);
}

/** What may be done to a recall, and the status it leads to. */
export const RECALL_TRANSITIONS = {
  issue: { from: "DRAFT", to: "ISSUED" },
  close: { from: "ISSUED", to: "CLOSED" },
  cancel: { from: "DRAFT", to: "CANCELLED" },
} as const satisfies Record<string, { from: RecallStatusName; to: RecallStatusName }>;
export type RecallAction = keyof typeof RECALL_TRANSITIONS;

/** Why an action may not be taken on a recall in this status, or null when it may. */
export function transitionRefusal(status: string, action: RecallAction): string | null {
  const { from } = RECALL_TRANSITIONS[action];
  if (status === from) return null;
  return `Only ${from === "ISSUED" ? "an" : "a"} ${from} recall can be ${action === "issue" ? "issued" : action === "close" ? "closed" : "cancelled"}; this one is ${status}.`;
}

/** A checked value, or what is wrong with it (and which input field). */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string; field: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO calendar date (YYYY-MM-DD) that exists, or null when absent. */
export function readIsoDate(value: string | null | undefined, field: string): Checked<string | null> {
  if (value === null || value === undefined || value === "") return { ok: true, value: null };
  const m = ISO_DATE.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.toISOString().slice(0, 10) !== value) return { ok: false, problem: `'${field}' must be a calendar date, YYYY-MM-DD; got ${JSON.stringify(value.slice(0, 40))}.`, field };
  return { ok: true, value };
}

/** A date range whose start is not after its end. */
export function readDateRange(from: string | null | undefined, to: string | null | undefined, names: [string, string]): Checked<[string | null, string | null]> {
  const start = readIsoDate(from, names[0]);
  if (!start.ok) return start;
  const end = readIsoDate(to, names[1]);
  if (!end.ok) return end;
  if (start.value !== null && end.value !== null && start.value > end.value) return { ok: false, problem: `'${names[0]}' (${start.value}) is after '${names[1]}' (${end.value}).`, field: names[0] };
  return { ok: true, value: [start.value, end.value] };
}

/** Free text of 1 to `max` characters, trimmed. */
export function readText(value: string, field: string, max: number): Checked<string> {
  const text = value.trim();
  if (text.length < 1 || text.length > max) return { ok: false, problem: `'${field}' must be 1 to ${max.toLocaleString("en")} characters.`, field };
  return { ok: true, value: text };
}

/** The values of a list input: without repeats, each valid for the GS1 AI, at most `max`. */
export function readElementValues(values: readonly string[] | null | undefined, ai: "10" | "21", field: string, max: number): Checked<string[]> {
  const unique = [...new Set(values ?? [])];
  if (unique.length > max) return { ok: false, problem: `'${field}' may list at most ${max.toLocaleString("en")} values; got ${unique.length.toLocaleString("en")}.`, field };
  const bad = unique.find((v) => !isValidElementValue(ai, v));
  if (bad !== undefined) return { ok: false, problem: `'${field}' holds ${JSON.stringify(bad)}: a value is 1 to 20 characters of GS1 character set 82.`, field };
  return { ok: true, value: unique };
}

/** The narrowing part of a scope as an input gives it (the GTIN is checked on its own). */
export interface ScopeInput {
  lots?: readonly string[] | null;
  serials?: readonly string[] | null;
  producedFrom?: string | null;
  producedTo?: string | null;
  expiresFrom?: string | null;
  expiresTo?: string | null;
}

/** A scope's lots, serials and date ranges read from an input (recalls and quarantines take the same). */
export function readScopeInput(input: ScopeInput): Checked<Omit<RecallScope, "gtin">> {
  const lots = readElementValues(input.lots, "10", "lots", 1_000);
  if (!lots.ok) return lots;
  const serials = readElementValues(input.serials, "21", "serials", MAX_RECALL_SERIALS);
  if (!serials.ok) return serials;
  const produced = readDateRange(input.producedFrom, input.producedTo, ["producedFrom", "producedTo"]);
  if (!produced.ok) return produced;
  const expires = readDateRange(input.expiresFrom, input.expiresTo, ["expiresFrom", "expiresTo"]);
  if (!expires.ok) return expires;
  return { ok: true, value: { lots: lots.value, serials: serials.value, producedFrom: produced.value[0], producedTo: produced.value[1], expiresFrom: expires.value[0], expiresTo: expires.value[1] } };
}
