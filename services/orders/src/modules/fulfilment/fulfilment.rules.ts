import { type BizStep, type BizTransactionType, type Disposition } from "@tracehub/epcis";
import { CANONICAL_DL_STEM, gs1CheckDigit } from "@tracehub/gs1";

/**
 * The standard EPCIS 2.0 events an order's life records on its units, as plain functions, and the SSCC the hub
 * assigns to a shipment. No I/O; `fulfilment.rules.spec.ts` is the specification.
 */

/** The topic units records these events from. */
export const ORDER_EVENTS = "order.events";

/** Where and when an order's step happened. */
export interface StepFacts {
  /** UTC ISO time of the step (the order change's commit). */
  at: string;
  /** The order as a business transaction (a purchase order). */
  transaction: string;
  /** Canonical location id the seller ships from and takes returns at; null when unknown. */
  shipFrom: string | null;
  /** Canonical location id of a business customer's receiving location; null for consumers. */
  shipTo: string | null;
}

/** The business transaction of an order: the seller's reference, under the seller's organization. */
export function orderTransaction(organizationId: string, reference: string): string {
  return `urn:tracehub:order:${encodeURIComponent(organizationId)}:${encodeURIComponent(reference)}`;
}

/** The business transaction of a return (a return merchandise authorization). */
export function returnTransaction(returnId: string): string {
  return `urn:tracehub:rma:${returnId}`;
}

type Json = Record<string, unknown>;

function base(type: string, at: string, bizStep: BizStep, disposition: Disposition | null, location: string | null): Json {
  return {
    type,
    eventTime: at,
    eventTimeZoneOffset: "+00:00",
    bizStep,
    ...(disposition ? { disposition } : {}),
    ...(location ? { readPoint: { id: location }, bizLocation: { id: location } } : {}),
  };
}

const tx = (type: BizTransactionType, id: string) => ({ type, bizTransaction: id });

/** Packing: an AggregationEvent ADD of the units into the shipment's SSCC. */
export function packingEvent(step: StepFacts, ssccId: string, unitIds: readonly string[]): Json {
  return { ...base("AggregationEvent", step.at, "packing", "in_progress", step.shipFrom), action: "ADD", parentID: ssccId, childEPCs: [...unitIds], bizTransactionList: [tx("po", step.transaction)] };
}

/** Shipping: an ObjectEvent OBSERVE of the SSCC (its units go with it), the order as purchase order, source and destination. */
export function shippingEvent(step: StepFacts, ssccId: string): Json {
  return {
    ...base("ObjectEvent", step.at, "shipping", "in_transit", step.shipFrom),
    action: "OBSERVE",
    epcList: [ssccId],
    bizTransactionList: [tx("po", step.transaction)],
    ...(step.shipFrom ? { sourceList: [{ type: "location", source: step.shipFrom }] } : {}),
    ...(step.shipTo ? { destinationList: [{ type: "location", destination: step.shipTo }] } : {}),
  };
}

/**
 * Delivery: the parcel is opened (AggregationEvent DELETE of the units from the SSCC) and the units are sold
 * (ObjectEvent OBSERVE, `retail_selling`, `retail_sold`), both naming the order. The location is a business
 * customer's receiving location when the order has one; a consumer's delivery carries none (the address is personal
 * data and never leaves orders).
 */
export function deliveryEvents(step: StepFacts, ssccId: string, unitIds: readonly string[]): Json[] {
  const at = step.at;
  return [
    { ...base("AggregationEvent", at, "unpacking", null, step.shipTo), action: "DELETE", parentID: ssccId, childEPCs: [...unitIds], bizTransactionList: [tx("po", step.transaction)] },
    { ...base("ObjectEvent", at, "retail_selling", "retail_sold", step.shipTo), action: "OBSERVE", epcList: [...unitIds], bizTransactionList: [tx("po", step.transaction)] },
  ];
}

/** A cancelled order that was packed: its units come out of the SSCC and are sellable again where they are. */
export function unpackingEvents(step: StepFacts, ssccId: string, unitIds: readonly string[]): Json[] {
  return [
    { ...base("AggregationEvent", step.at, "unpacking", null, step.shipFrom), action: "DELETE", parentID: ssccId, childEPCs: [...unitIds], bizTransactionList: [tx("po", step.transaction)] },
    { ...base("ObjectEvent", step.at, "stocking", "sellable_accessible", step.shipFrom), action: "OBSERVE", epcList: [...unitIds], bizTransactionList: [tx("po", step.transaction)] },
  ];
}

/** A returned unit received back: ObjectEvent OBSERVE, `receiving`, `returned`, naming the order and the return. */
export function returnReceivedEvent(step: StepFacts, unitId: string, returnId: string): Json {
  return {
    ...base("ObjectEvent", step.at, "receiving", "returned", step.shipFrom),
    action: "OBSERVE",
    epcList: [unitId],
    bizTransactionList: [tx("po", step.transaction), tx("rma", returnTransaction(returnId))],
  };
}

/** What is done with a received return, as the event that records it. */
export function returnDecisionEvent(step: StepFacts, unitId: string, returnId: string, decision: "RESTOCK" | "QUARANTINE" | "DESTROY"): Json {
  const [bizStep, disposition]: [BizStep, Disposition] =
    decision === "RESTOCK" ? ["stocking", "sellable_accessible"] : decision === "QUARANTINE" ? ["holding", "non_sellable_other"] : ["destroying", "destroyed"];
  return { ...base("ObjectEvent", step.at, bizStep, disposition, step.shipFrom), action: "OBSERVE", epcList: [unitId], bizTransactionList: [tx("rma", returnTransaction(returnId))] };
}

/** The canonical id of an SSCC (18 digits). */
export function ssccId(sscc: string): string {
  return `${CANONICAL_DL_STEM}/00/${sscc}`;
}

/**
 * The SSCC the hub assigns: extension digit 0, the seller's company prefix, the serial reference (the sequence
 * value, zero-padded to fill 17 digits), check digit. Null when the serial reference does not fit the prefix.
 */
export function assignedSscc(companyPrefix: string, serial: bigint): string | null {
  const width = 16 - companyPrefix.length;
  const reference = serial.toString();
  if (width < 1 || reference.length > width) return null;
  const body = `0${companyPrefix}${reference.padStart(width, "0")}`;
  return body + gs1CheckDigit(body);
}
