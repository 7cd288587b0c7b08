import { isValidElementValue } from "@tracehub/gs1";

/** The topics compliance publishes: a recall issued (mark its units) and closed (stop marking new ones). */
export const RECALL_ISSUED = "recall.issued";
export const RECALL_CLOSED = "recall.closed";

/** What a recall covers: a GTIN's units, narrowed by every condition given. Dates are ISO (YYYY-MM-DD), inclusive. */
export interface RecallScope {
  gtin: string;
  /** Empty: every lot. */
  lots: string[];
  /** Empty: every serial. */
  serials: string[];
  producedFrom: string | null;
  producedTo: string | null;
  expiresFrom: string | null;
  expiresTo: string | null;
}

/** What the holders of a recall's units are told. */
export interface RecallNoticeFacts {
  /** CLASS_I, CLASS_II or CLASS_III; null from messages of before it was sent. */
  classification: string | null;
  reason: string | null;
  instructions: string | null;
}

/** What compliance says about an issued recall. */
export interface RecallIssued extends RecallScope, RecallNoticeFacts {
  recallId: string;
  /** When compliance issued it (null from messages of before it was sent: units takes the time it learns of it). */
  issuedAt: Date | null;
}

const CLASSES = ["CLASS_I", "CLASS_II", "CLASS_III"];

function optionalText(value: unknown, max: number): string | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === "string" && value.length <= max ? value : undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function strings(value: unknown, ai: "10" | "21"): string[] | null {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) && value.every((v) => typeof v === "string" && isValidElementValue(ai, v)) ? (value as string[]) : null;
}

function date(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === "string" && ISO_DATE.test(value) ? value : undefined;
}

/** The scope fields of a message (lots, serials, date ranges; the GTIN is read by the caller), or null when malformed. */
export function readScopeFields(v: Record<string, unknown>): Omit<RecallScope, "gtin"> | null {
  const lots = strings(v.lots, "10");
  const serials = strings(v.serials, "21");
  const dates = [date(v.producedFrom), date(v.producedTo), date(v.expiresFrom), date(v.expiresTo)];
  if (!lots || !serials || dates.some((d) => d === undefined)) return null;
  const [producedFrom, producedTo, expiresFrom, expiresTo] = dates as (string | null)[];
  return { lots, serials, producedFrom: producedFrom ?? null, producedTo: producedTo ?? null, expiresFrom: expiresFrom ?? null, expiresTo: expiresTo ?? null };
}

/**
 * A `recall.issued` payload read into a recall (messages from before serials and date ranges existed carry only GTIN
 * and lots: the rest is open), or null when it is not one.
 */
export function readRecallIssued(payload: unknown): RecallIssued | null {
  const v = payload as Record<string, unknown> | null;
  if (!v || typeof v.recallId !== "string" || !UUID.test(v.recallId) || typeof v.gtin !== "string" || !isValidElementValue("01", v.gtin)) return null;
  const lots = strings(v.lots, "10");
  const serials = strings(v.serials, "21");
  const dates = [date(v.producedFrom), date(v.producedTo), date(v.expiresFrom), date(v.expiresTo)];
  if (!lots || !serials || dates.some((d) => d === undefined)) return null;
  const [producedFrom, producedTo, expiresFrom, expiresTo] = dates as (string | null)[];
  const classification = v.classification === undefined || v.classification === null ? null : CLASSES.includes(String(v.classification)) ? String(v.classification) : undefined;
  const reason = optionalText(v.reason, 2_000);
  const instructions = optionalText(v.instructions, 4_000);
  const issuedAt = typeof v.issuedAt === "string" && !Number.isNaN(Date.parse(v.issuedAt)) ? new Date(v.issuedAt) : v.issuedAt === undefined || v.issuedAt === null ? null : undefined;
  if (classification === undefined || reason === undefined || instructions === undefined || issuedAt === undefined) return null;
  return {
    recallId: v.recallId,
    gtin: v.gtin,
    lots,
    serials,
    producedFrom: producedFrom ?? null,
    producedTo: producedTo ?? null,
    expiresFrom: expiresFrom ?? null,
    expiresTo: expiresTo ?? null,
    classification,
    reason,
    instructions,
    issuedAt,
  };
}

/** A `recall.closed` payload's recall id, or null when it is not one. */
export function readRecallClosed(payload: unknown): string | null {
  const id = (payload as { recallId?: unknown } | null)?.recallId;
  return typeof id === "string" && UUID.test(id) ? id : null;
}

/** Counts of a recall's affected units by what became of them (what the unit statuses say). */
export interface RecallCounts {
  affected: number;
  returned: number;
  destroyed: number;
  located: number;
}

/** A recall's progress: `unaccounted` is what is neither returned, destroyed, nor at a known location. */
export function progressOf(counts: RecallCounts): RecallCounts & { unaccounted: number } {
  return { ...counts, unaccounted: Math.max(0, counts.affected - counts.returned - counts.destroyed - counts.located) };
}

/** Most units one recording event lists; a larger recall is recorded as several events. */
export const UNITS_PER_EVENT = 5_000;

/** The business transaction a recall's events name (so provenance says why a unit was recalled). */
export function recallTransaction(recallId: string): string {
  return `urn:tracehub:recall:${recallId}`;
}

/**
 * The standard CBV events that record a recall on units: ObjectEvent OBSERVE, bizStep `holding`, disposition
 * `recalled`, naming the recall as a business transaction; at most {@link UNITS_PER_EVENT} units each.
 */
export function recallEvents(recallId: string, unitIds: readonly string[], eventTime: string): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < unitIds.length; i += UNITS_PER_EVENT) {
    events.push({
      type: "ObjectEvent",
      eventTime,
      eventTimeZoneOffset: "+00:00",
      epcList: unitIds.slice(i, i + UNITS_PER_EVENT),
      action: "OBSERVE",
      bizStep: "holding",
      disposition: "recalled",
      bizTransactionList: [{ bizTransaction: recallTransaction(recallId) }],
    });
  }
  return events;
}
