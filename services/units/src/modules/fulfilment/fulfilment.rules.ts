import { type Principal, type PrincipalScope } from "@tracehub/auth";
import { EPCIS_CONTEXT_URL } from "@tracehub/epcis";
import { isValidElementValue } from "@tracehub/gs1";

/**
 * What orders asks of units and tells it, as plain functions: the topic of the fulfilment events orders records on
 * units, and readers of the bodies of units' internal fulfilment endpoints. No I/O.
 */

/** The topic orders publishes: standard EPCIS events (packing, shipping, sale, return, restock...) to record on units. */
export const ORDER_EVENTS = "order.events";

/** The internal endpoint orders reads unit facts from at allocation, shipping and return time. */
export const UNIT_FACTS = "unit-facts";

/** The internal endpoint orders reads a seller's sellable stock from, for pick suggestions. */
export const UNIT_STOCK = "unit-stock";

/** Most units one facts request names. */
export const MAX_FACTS_UNITS = 1_000;
/** Most GTINs one stock request names, and most units it answers per GTIN. */
export const MAX_STOCK_GTINS = 100;
export const MAX_STOCK_PER_GTIN = 500;
/** Most units a stock request may exclude (those the seller allocated already). */
export const MAX_STOCK_EXCLUDED = 4_000;
/** Most events one `order.events` message carries. */
export const MAX_ORDER_EVENTS = 10;

/** What orders tells units: events the seller's order caused, recorded as the seller's organization. */
export interface OrderEvents {
  /** The seller organization (the events count as captured by it). */
  org: string;
  /** Who acted, for the event log (`orders:<sub>`). */
  actor: string;
  events: Record<string, unknown>[];
}

const isStringArray = (v: unknown, max: number, maxLength = 400): v is string[] =>
  Array.isArray(v) && v.length <= max && v.every((s) => typeof s === "string" && s.length > 0 && s.length <= maxLength);

/** An `order.events` payload, or null when it is not one. */
export function readOrderEvents(payload: unknown): OrderEvents | null {
  const v = payload as Record<string, unknown> | null;
  if (!v || typeof v.org !== "string" || v.org.length === 0 || typeof v.actor !== "string" || v.actor.trim().length === 0 || !Array.isArray(v.events)) return null;
  if (v.events.length === 0 || v.events.length > MAX_ORDER_EVENTS || !v.events.every((e) => e !== null && typeof e === "object" && !Array.isArray(e))) return null;
  return { org: v.org, actor: v.actor.slice(0, 200), events: v.events as Record<string, unknown>[] };
}

/** The events of a message as an EPCIS 2.0 document, to validate against the official schema before recording. */
export function asEpcisDocument(events: readonly Record<string, unknown>[], createdAt: string): Record<string, unknown> {
  return { "@context": [EPCIS_CONTEXT_URL], type: "EPCISDocument", schemaVersion: "2.0", creationDate: createdAt, epcisBody: { eventList: events } };
}

/** Who records an order's events on units: the seller's organization, acting through orders. */
export function orderRecorder(message: OrderEvents): Principal {
  return Object.freeze({ sub: message.actor, org: message.org, roles: ["operator"], anonymous: false }) as Principal;
}

/** The seller a facts or stock request asks for: its organization and scope (as the gateway signed it to orders). */
export interface Holder {
  org: string;
  scope: PrincipalScope;
}

function readHolder(v: unknown): Holder | null {
  const h = v as { org?: unknown; scope?: Record<string, unknown> } | null;
  if (!h || typeof h.org !== "string" || h.org.length === 0 || !h.scope || typeof h.scope !== "object") return null;
  const s = h.scope;
  if (!isStringArray(s.prefixes, 1_000, 12) || !isStringArray(s.foreignPrefixes, 10_000, 12) || !Array.isArray(s.grants)) return null;
  if (s.glns !== undefined && !isStringArray(s.glns, 1_000, 13)) return null;
  return { org: h.org, scope: { prefixes: s.prefixes, foreignPrefixes: s.foreignPrefixes, grants: [], ...(s.glns ? { glns: s.glns as string[] } : {}) } };
}

/** A facts request: the units (canonical ids) and, optionally, the seller whose custody is asked. */
export interface FactsRequest {
  unitIds: string[];
  holder: Holder | null;
}

/** A `unit-facts` body, or null when it is not one. */
export function readFactsRequest(body: unknown): FactsRequest | null {
  const v = body as Record<string, unknown> | null;
  if (!v || !isStringArray(v.unitIds, MAX_FACTS_UNITS)) return null;
  const holder = v.holder === undefined || v.holder === null ? null : readHolder(v.holder);
  if (holder === null && v.holder !== undefined && v.holder !== null) return null;
  return { unitIds: [...new Set(v.unitIds)], holder };
}

/** A stock request: a seller's sellable units of these GTINs, first expiry first. */
export interface StockRequest {
  holder: Holder;
  gtins: string[];
  perGtin: number;
  excluded: string[];
  /** Canonical location id: only units there. */
  location: string | null;
}

/** A `unit-stock` body, or null when it is not one. */
export function readStockRequest(body: unknown): StockRequest | null {
  const v = body as Record<string, unknown> | null;
  if (!v) return null;
  const holder = readHolder(v.holder);
  if (!holder || !isStringArray(v.gtins, MAX_STOCK_GTINS, 14) || !v.gtins.every((g) => isValidElementValue("01", g))) return null;
  if (typeof v.perGtin !== "number" || !Number.isInteger(v.perGtin) || v.perGtin < 1 || v.perGtin > MAX_STOCK_PER_GTIN) return null;
  const excluded = v.excluded === undefined ? [] : v.excluded;
  if (!isStringArray(excluded, MAX_STOCK_EXCLUDED)) return null;
  const location = v.location === undefined || v.location === null ? null : typeof v.location === "string" && v.location.length <= 400 ? v.location : undefined;
  if (location === undefined) return null;
  return { holder, gtins: [...new Set(v.gtins)], perGtin: v.perGtin, excluded, location };
}
