import { CbvVocabulary, isCbvValue } from "./cbv";
import { EPCIS_CONTEXT_URL, epcisContextDocument } from "./context";
import { EpcisErrorCode, EpcisValidationError } from "./errors";
import { type CompanyPrefixLength, canonicalEpcisIdentifier, digitalLinkToEpcUri, isGs1Identifier } from "./identifiers";
import type { EpcisEvent, EpcisExtension, EpcisLocation, QuantityElement, SensorElement } from "./model";
import { documentIssues } from "./validate";

type Obj = Record<string, unknown>;

/** Identifier formats of the REST binding's `GS1-EPC-Format` header. */
export enum EpcFormat {
  /** Server's choice: canonical Digital Link here. */
  NoPreference = "No_Preference",
  /** GS1 Digital Link URIs on `https://id.gs1.org` (the default when the header is absent). */
  AlwaysDigitalLink = "Always_GS1_Digital_Link",
  /** EPC URNs (needs the GS1 Company Prefix length for identifiers captured as Digital Links). */
  AlwaysEpcUrn = "Always_EPC_URN",
  /** Identifiers exactly as they were captured (taken from `event.raw`). */
  NeverTranslates = "Never_Translates",
}

/** Options of `toEpcisDocument`. */
export interface ExportOptions {
  /** Identifier format (`GS1-EPC-Format`). Default `Always_GS1_Digital_Link`. */
  epcFormat?: EpcFormat | `${EpcFormat}`;
  /** GS1 Company Prefix length for Digital Link → EPC URN (a number, or a lookup by canonical Digital Link). */
  companyPrefixLength?: CompanyPrefixLength;
  /** `EPCISDocument` (default) or `EPCISQueryDocument`. */
  documentType?: "EPCISDocument" | "EPCISQueryDocument";
  /** `queryName` of a query document. Default `SimpleEventQuery`. */
  queryName?: string;
  /** `subscriptionID` of a query document. */
  subscriptionId?: string;
  /** Document `creationDate`. Default: now. */
  creationDate?: string;
  /** Write `eventID` (the client-supplied one, else the hash ID). Default true. */
  includeEventId?: boolean;
  /** Write `recordTime` when known. Default true. */
  includeRecordTime?: boolean;
  /** Validate the result against the schema and rules, throwing `INVALID_EXPORT` when it fails. Default true. */
  validate?: boolean;
}

const STANDARD_PREFIXES = new Map(Object.entries(epcisContextDocumentPrefixes()));

function epcisContextDocumentPrefixes(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(epcisContextDocument())) if (typeof v === "string" && (v.includes("://") || v.startsWith("urn:"))) out[k] = v;
  return out;
}

class PrefixTable {
  readonly declared = new Map<string, string>(); // prefix -> namespace
  private readonly byNamespace = new Map<string, string>();

  prefixFor(ext: EpcisExtension): string | undefined {
    if (!ext.namespace) return undefined;
    const known = this.byNamespace.get(ext.namespace);
    if (known) return known;
    for (const [p, ns] of STANDARD_PREFIXES) if (ns === ext.namespace) return this.remember(p, ns, false);
    let prefix = ext.prefix && /^[A-Za-z][\w-]*$/.test(ext.prefix) ? ext.prefix : "ext";
    if (STANDARD_PREFIXES.has(prefix) || (this.declared.has(prefix) && this.declared.get(prefix) !== ext.namespace)) {
      let i = 1;
      while (STANDARD_PREFIXES.has(`${prefix}${i}`) || this.declared.has(`${prefix}${i}`)) i += 1;
      prefix = `${prefix}${i}`;
    }
    return this.remember(prefix, ext.namespace, true);
  }

  private remember(prefix: string, ns: string, declare: boolean): string {
    this.byNamespace.set(ns, prefix);
    if (declare) this.declared.set(prefix, ns);
    return prefix;
  }
}

function extensionObject(exts: readonly EpcisExtension[], prefixes: PrefixTable, into: Obj = {}): Obj {
  const grouped = new Map<string, unknown[]>();
  for (const e of exts) {
    const prefix = prefixes.prefixFor(e);
    const key = prefix ? `${prefix}:${e.name}` : e.name;
    const value = e.children ? extensionObject(e.children, prefixes) : e.value;
    const list = grouped.get(key);
    if (list) list.push(value);
    else grouped.set(key, [value]);
  }
  for (const [k, values] of grouped) into[k] = values.length === 1 ? values[0] : values;
  return into;
}

function originals(event: EpcisEvent): Map<string, string> {
  const map = new Map<string, string>();
  const stack: unknown[] = [event.raw.event];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.startsWith("urn:epc:") || v.startsWith("http")) {
        const c = canonicalEpcisIdentifier(v);
        if (!map.has(c) || v.startsWith("urn:epc:")) map.set(c, v);
      }
    } else if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === "object") stack.push(...Object.values(v));
  }
  return map;
}

function identifierRenderer(event: EpcisEvent, options: ExportOptions): (id: string) => string {
  const format = options.epcFormat ?? EpcFormat.AlwaysDigitalLink;
  if (format === EpcFormat.AlwaysDigitalLink || format === EpcFormat.NoPreference) return (id) => id;
  const seen = originals(event);
  if (format === EpcFormat.NeverTranslates) return (id) => seen.get(id) ?? id;
  return (id) => {
    if (!isGs1Identifier(id)) return id;
    const original = seen.get(id);
    if (original?.startsWith("urn:epc:")) return original;
    return digitalLinkToEpcUri(id, options.companyPrefixLength);
  };
}

function cbv(kind: CbvVocabulary, v: string): string {
  return isCbvValue(kind, v) ? v : v;
}

/** One stored event rendered as an EPCIS 2.0 JSON-LD event object. */
function exportEvent(e: EpcisEvent, options: ExportOptions, prefixes: PrefixTable): Obj {
  const idf = identifierRenderer(e, options);
  const q = (list: QuantityElement[]): Obj[] => list.map((x) => {
    const o: Obj = { epcClass: idf(x.epcClass) };
    if (x.quantity !== undefined) o["quantity"] = x.quantity;
    if (x.uom !== undefined) o["uom"] = x.uom;
    return o;
  });
  const loc = (l: EpcisLocation): Obj => extensionObject(l.extensions, prefixes, { id: idf(l.id) });
  const out: Obj = { type: e.type };
  if (options.includeEventId !== false) out["eventID"] = e.eventId ?? e.hashId;
  out["eventTime"] = e.eventTime;
  if (e.recordTime !== undefined && options.includeRecordTime !== false) out["recordTime"] = e.recordTime;
  out["eventTimeZoneOffset"] = e.eventTimeZoneOffset;
  if (e.certificationInfo.length > 0) out["certificationInfo"] = e.certificationInfo.length === 1 ? e.certificationInfo[0] : e.certificationInfo;
  if (e.errorDeclaration) {
    const ed: Obj = { declarationTime: e.errorDeclaration.declarationTime };
    if (e.errorDeclaration.reason !== undefined) ed["reason"] = cbv(CbvVocabulary.ErrorReason, e.errorDeclaration.reason);
    if (e.errorDeclaration.correctiveEventIds.length > 0) ed["correctiveEventIDs"] = e.errorDeclaration.correctiveEventIds;
    out["errorDeclaration"] = extensionObject(e.errorDeclaration.extensions, prefixes, ed);
  }
  if (e.parentId !== undefined) out["parentID"] = idf(e.parentId);
  if (e.epcList.length > 0 || (e.type === "ObjectEvent" && e.quantityList.length === 0)) out["epcList"] = e.epcList.map(idf);
  if (e.childEpcs.length > 0) out["childEPCs"] = e.childEpcs.map(idf);
  if (e.inputEpcList.length > 0) out["inputEPCList"] = e.inputEpcList.map(idf);
  if (e.outputEpcList.length > 0) out["outputEPCList"] = e.outputEpcList.map(idf);
  if (e.quantityList.length > 0) out["quantityList"] = q(e.quantityList);
  if (e.childQuantityList.length > 0) out["childQuantityList"] = q(e.childQuantityList);
  if (e.inputQuantityList.length > 0) out["inputQuantityList"] = q(e.inputQuantityList);
  if (e.outputQuantityList.length > 0) out["outputQuantityList"] = q(e.outputQuantityList);
  if (e.action !== undefined) out["action"] = e.action;
  if (e.transformationId !== undefined) out["transformationID"] = e.transformationId;
  if (e.bizStep !== undefined) out["bizStep"] = e.bizStep;
  if (e.disposition !== undefined) out["disposition"] = e.disposition;
  if (e.persistentDisposition) {
    const pd: Obj = {};
    if (e.persistentDisposition.set.length > 0) pd["set"] = e.persistentDisposition.set;
    if (e.persistentDisposition.unset.length > 0) pd["unset"] = e.persistentDisposition.unset;
    out["persistentDisposition"] = pd;
  }
  if (e.readPoint) out["readPoint"] = loc(e.readPoint);
  if (e.bizLocation) out["bizLocation"] = loc(e.bizLocation);
  if (e.bizTransactions.length > 0) out["bizTransactionList"] = e.bizTransactions.map((b) => (b.type !== undefined ? { type: b.type, bizTransaction: b.id } : { bizTransaction: b.id }));
  if (e.sources.length > 0) out["sourceList"] = e.sources.map((s) => ({ type: s.type, source: idf(s.id) }));
  if (e.destinations.length > 0) out["destinationList"] = e.destinations.map((s) => ({ type: s.type, destination: idf(s.id) }));
  if (e.sensorElements.length > 0) out["sensorElementList"] = e.sensorElements.map((s) => exportSensor(s, prefixes));
  if (e.ilmd) out["ilmd"] = extensionObject(e.ilmd, prefixes);
  return extensionObject(e.extensions, prefixes, out);
}

function exportSensor(s: SensorElement, prefixes: PrefixTable): Obj {
  const out: Obj = {};
  if (s.metadata) {
    const { extensions, deviceId, ...rest } = s.metadata;
    const md: Obj = { ...rest };
    if (deviceId !== undefined) md["deviceID"] = deviceId;
    out["sensorMetadata"] = extensionObject(extensions, prefixes, md);
  }
  out["sensorReport"] = s.reports.map((r) => {
    const { extensions, deviceId, ...rest } = r;
    const o: Obj = { ...rest };
    if (deviceId !== undefined) o["deviceID"] = deviceId;
    return extensionObject(extensions, prefixes, o);
  });
  return extensionObject(s.extensions, prefixes, out);
}

/**
 * Builds an EPCIS 2.0 JSON-LD `EPCISDocument` (or `EPCISQueryDocument`) from stored events, identifiers in the
 * requested `GS1-EPC-Format`. The result validates against the official schema and re-hashes to the same hash IDs.
 * @throws EpcisError `NEEDS_COMPANY_PREFIX_LENGTH` (EPC URN output without a prefix length for a Digital Link),
 *   EpcisValidationError `INVALID_EXPORT` when `validate` is on and the result is not a valid document.
 */
export function toEpcisDocument(events: readonly EpcisEvent[], options: ExportOptions = {}): Record<string, unknown> {
  const prefixes = new PrefixTable();
  const eventList = events.map((e) => exportEvent(e, options, prefixes));
  const context: Array<string | Obj> = [EPCIS_CONTEXT_URL];
  if (prefixes.declared.size > 0) context.push(Object.fromEntries(prefixes.declared));
  const head: Obj = {
    "@context": context,
    type: options.documentType ?? "EPCISDocument",
    schemaVersion: "2.0",
    creationDate: options.creationDate ?? new Date().toISOString(),
  };
  if ((options.documentType ?? "EPCISDocument") === "EPCISQueryDocument") {
    const queryResults: Obj = { queryName: options.queryName ?? "SimpleEventQuery" };
    if (options.subscriptionId !== undefined) queryResults["subscriptionID"] = options.subscriptionId;
    queryResults["resultsBody"] = { eventList };
    head["epcisBody"] = { queryResults };
  } else {
    head["epcisBody"] = { eventList };
  }
  if (options.validate !== false) {
    const issues = documentIssues(head);
    if (issues.length > 0) throw new EpcisValidationError(issues, EpcisErrorCode.INVALID_EXPORT);
  }
  return head;
}


