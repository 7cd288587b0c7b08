/**
 * The normalised event model the hub stores: one shape for the five EPCIS 2.0 event types, identifiers in canonical
 * form (constrained `https://id.gs1.org` Digital Link for GS1 keys, other URIs as given), CBV values as short names,
 * times in UTC with the original offset kept.
 */
import type { BizStep, BizTransactionType, Disposition, ErrorReason, SourceDestinationType } from "./cbv";

/** The five standard EPCIS 2.0 event types. */
export type EpcisEventType = "ObjectEvent" | "AggregationEvent" | "TransactionEvent" | "TransformationEvent" | "AssociationEvent";
/** EPCIS action. TransformationEvent has none. */
export type EpcisAction = "ADD" | "OBSERVE" | "DELETE";

/** A user extension (or ILMD) element: namespace IRI + local name, with a value or nested children. */
export interface EpcisExtension {
  /** Namespace IRI the prefix resolved to (`https://ns.example.com/epcis/`); empty when the key had no declared prefix. */
  namespace: string;
  /** Local name (`myField`), or the whole key when `namespace` is empty. */
  name: string;
  /** The prefix used in the source document, kept for a faithful export. */
  prefix?: string;
  /** Scalar value (absent when the element has children). */
  value?: string | number | boolean | null;
  /** Nested elements (an object value); a JSON array becomes repeated elements with the same name. */
  children?: EpcisExtension[];
}

/** A quantity element: a class of objects (canonical) and how much of it. */
export interface QuantityElement {
  /** Canonical class identifier (`https://id.gs1.org/01/{gtin}` or `/01/{gtin}/10/{lot}`), or a non-GS1 URI. */
  epcClass: string;
  /** Quantity; absent means "unknown quantity". */
  quantity?: number;
  /** UN/CEFACT Rec. 20 unit; absent means a count of items. */
  uom?: string;
}

/** A business transaction reference. */
export interface BizTransaction {
  /** CBV short name (`po`, `desadv`...) or a custom URI; optional in EPCIS. */
  type?: BizTransactionType | string;
  /** Transaction identifier (canonical when it is a GS1 key such as a GDTI). */
  id: string;
}

/** A source or destination. */
export interface SourceOrDestination {
  /** CBV short name (`owning_party`, `possessing_party`, `location`) or a custom URI. */
  type: SourceDestinationType | string;
  /** Party or location identifier (canonical). */
  id: string;
}

/** A read point or business location with its extensions. */
export interface EpcisLocation {
  /** Canonical location identifier (GLN Digital Link with optional `/254/` extension, `geo:`...). */
  id: string;
  /** Extension elements inside the location. */
  extensions: EpcisExtension[];
}

/** Sensor metadata of a sensor element. Times are UTC ISO strings. */
export interface SensorMetadata {
  time?: string;
  startTime?: string;
  endTime?: string;
  deviceId?: string;
  deviceMetadata?: string;
  rawData?: string;
  dataProcessingMethod?: string;
  bizRules?: string;
  /** Extension elements inside the metadata. */
  extensions: EpcisExtension[];
}

/** One sensor report. `type` is a standard measurement type short name (`Temperature`) or a URI. */
export interface SensorReport {
  type?: string;
  exception?: string;
  deviceId?: string;
  deviceMetadata?: string;
  rawData?: string;
  dataProcessingMethod?: string;
  time?: string;
  microorganism?: string;
  chemicalSubstance?: string;
  value?: number;
  component?: string;
  stringValue?: string;
  booleanValue?: boolean;
  hexBinaryValue?: string;
  uriValue?: string;
  minValue?: number;
  maxValue?: number;
  meanValue?: number;
  sDev?: number;
  percRank?: number;
  percValue?: number;
  uom?: string;
  coordinateReferenceSystem?: string;
  /** Extension elements inside the report. */
  extensions: EpcisExtension[];
}

/** A sensor element: optional metadata and its reports. */
export interface SensorElement {
  metadata?: SensorMetadata;
  reports: SensorReport[];
  /** Extension elements at sensor-element level. */
  extensions: EpcisExtension[];
}

/** An error declaration: the event is declared erroneous (same eventID re-captured with this block). */
export interface ErrorDeclaration {
  /** UTC ISO time of the declaration. */
  declarationTime: string;
  /** CBV short name (`did_not_occur`, `incorrect_data`) or a custom URI. */
  reason?: ErrorReason | string;
  /** Event IDs of the corrective events. */
  correctiveEventIds: string[];
  /** Extension elements inside the declaration. */
  extensions: EpcisExtension[];
}

/** persistentDisposition: dispositions set and unset by the event (CBV short names or URIs). */
export interface PersistentDisposition {
  set: Array<Disposition | string>;
  unset: Array<Disposition | string>;
}

/** The event as it appeared, with the context needed to re-hash it (`eventHashId(raw.event, { context: raw.context })`). */
export interface RawEvent {
  event: Record<string, unknown>;
  context: unknown;
  /** Document-level `ignoreFields` that applied to the hash. */
  ignoreFields?: string[];
}

/** One normalised EPCIS event. List fields are always present (empty when absent). */
export interface EpcisEvent {
  type: EpcisEventType;
  /** Client-supplied `eventID`, if any. */
  eventId?: string;
  /** CBV 2.0 event hash ID, always computed from the event as it appeared. */
  hashId: string;
  /** ADD / OBSERVE / DELETE; absent on TransformationEvent. */
  action?: EpcisAction;
  /** CBV short name, or the custom URI as given. */
  bizStep?: BizStep | string;
  /** CBV short name, or the custom URI as given. */
  disposition?: Disposition | string;
  /** UTC ISO-8601 (`…Z`), original fractional digits kept (at least milliseconds). */
  eventTime: string;
  /** Offset in force where the event happened (`+01:00`). */
  eventTimeZoneOffset: string;
  /** UTC ISO-8601, when the document carried one. */
  recordTime?: string;
  readPoint?: EpcisLocation;
  bizLocation?: EpcisLocation;
  epcList: string[];
  parentId?: string;
  childEpcs: string[];
  inputEpcList: string[];
  outputEpcList: string[];
  quantityList: QuantityElement[];
  childQuantityList: QuantityElement[];
  inputQuantityList: QuantityElement[];
  outputQuantityList: QuantityElement[];
  bizTransactions: BizTransaction[];
  sources: SourceOrDestination[];
  destinations: SourceOrDestination[];
  sensorElements: SensorElement[];
  /** Instance/lot master data (ObjectEvent ADD, TransformationEvent). */
  ilmd?: EpcisExtension[];
  certificationInfo: string[];
  errorDeclaration?: ErrorDeclaration;
  transformationId?: string;
  persistentDisposition?: PersistentDisposition;
  /** Event-level user extensions. */
  extensions: EpcisExtension[];
  raw: RawEvent;
}

/** Role of an instance identifier in an event. */
export type EpcRole = "epc" | "parent" | "child" | "input" | "output";

/** An instance identifier an event touches, with its role. */
export interface EpcReference {
  /** Canonical identifier. */
  id: string;
  role: EpcRole;
}

/** Every instance identifier (canonical) an event touches, with its role; class-level quantities are not included. */
export function allEpcs(event: EpcisEvent): EpcReference[] {
  const out: EpcReference[] = [];
  for (const id of event.epcList) out.push({ id, role: "epc" });
  if (event.parentId !== undefined) out.push({ id: event.parentId, role: "parent" });
  for (const id of event.childEpcs) out.push({ id, role: "child" });
  for (const id of event.inputEpcList) out.push({ id, role: "input" });
  for (const id of event.outputEpcList) out.push({ id, role: "output" });
  return out;
}
