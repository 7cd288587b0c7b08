/**
 * EPCIS XML binding: EPCIS 1.2 (`urn:epcglobal:epcis:xsd:1`) and 2.0 (`urn:epcglobal:epcis:xsd:2`) XML documents read
 * into the EPCIS 2.0 JSON-LD shape the rest of the package takes (so validation, normalisation and hash IDs are the
 * JSON path's), and JSON-LD documents written back as 2.0 or 1.2 XML.
 *
 * Reading is by namespace IRI, never by the prefix text a sender chose. 1.2's `<extension>` / `<baseExtension>`
 * wrappers are flattened; CBV URNs and Web URIs become the bare CBV 2.0 JSON forms; elements in other namespaces
 * (event, ILMD, read point, error declaration, sensor element) become prefixed JSON-LD keys whose prefix is declared in
 * `@context`.
 */
import {
  CbvVocabulary, GS1_VOC_BASE, MEASUREMENT_TYPES, SENSOR_EXCEPTIONS, cbvUrn, cbvWebUri, isCbvValue, toCbvShortName,
} from "./cbv";
import { EPCIS_CONTEXT_URL, type ResolvedContext, resolveContext } from "./context";
import { EpcisError, EpcisErrorCode, EpcisValidationError } from "./errors";
import { eventsOf } from "./hash";
import { type EpcisLimits, checkEventCount, resolveLimits } from "./limits";
import { documentIssues, prepareInput } from "./validate";
import { XmlWriter, type XmlAttribute, type XmlElement, invalidXml, readXml } from "./xml-tree";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** EPCIS 1.x core namespace. */
export const EPCIS_XML_NS_1 = "urn:epcglobal:epcis:xsd:1";
/** EPCIS 2.0 core namespace. */
export const EPCIS_XML_NS_2 = "urn:epcglobal:epcis:xsd:2";
const QUERY_NS_1 = "urn:epcglobal:epcis-query:xsd:1";
const QUERY_NS_2 = "urn:epcglobal:epcis-query:xsd:2";
const MASTERDATA_NS_1 = "urn:epcglobal:epcis-masterdata:xsd:1";
const MASTERDATA_NS_2 = "urn:epcglobal:epcis-masterdata:xsd:2";
const SBDH_NS = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader";
const XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";
const XMLNS_NS = "http://www.w3.org/2000/xmlns/";
const XML_NS = "http://www.w3.org/XML/1998/namespace";

/** Namespaces whose elements are EPCIS structure (unqualified elements count too: the schemas are unqualified). */
const EPCIS_NAMESPACES: ReadonlySet<string> = new Set(["", EPCIS_XML_NS_1, EPCIS_XML_NS_2, QUERY_NS_1, QUERY_NS_2, MASTERDATA_NS_1, MASTERDATA_NS_2]);

/**
 * XML namespace IRIs that name the same namespace as a JSON-LD prefix of the EPCIS context with another spelling:
 * CBV master data is `urn:epcglobal:cbv:mda` in XML (CBV 1.x) and `urn:epcglobal:cbv:mda:` in the 2.0 context.
 */
const XML_TO_JSONLD_NAMESPACE: ReadonlyMap<string, string> = new Map([["urn:epcglobal:cbv:mda", "urn:epcglobal:cbv:mda:"]]);
const JSONLD_TO_XML_NAMESPACE: ReadonlyMap<string, string> = new Map([...XML_TO_JSONLD_NAMESPACE].map(([x, j]) => [j, x] as const));

const EVENT_TYPES = ["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"] as const;
type EventType = (typeof EVENT_TYPES)[number];
const isEventType = (v: string): v is EventType => (EVENT_TYPES as readonly string[]).includes(v);

/** Options of `parseEpcisXml`. */
export interface ParseEpcisXmlOptions {
  /** Input limits: `maxBytes` (checked before parsing), `maxEvents`, `maxDepth` (XML nesting beyond the envelope). */
  limits?: Partial<EpcisLimits>;
}

// ---------------------------------------------------------------------------------------------------------------
// reading

const STANDARD_PREFIXES: ReadonlyMap<string, string> = resolveContext(undefined).prefixes;
const PREFIX_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** XML namespace IRI → JSON-LD prefix, declaring in `@context` what the EPCIS context does not already declare. */
class PrefixAllocator {
  readonly declared = new Map<string, string>(); // prefix -> JSON-LD namespace
  private readonly byNamespace = new Map<string, string>();

  prefixFor(xmlNamespace: string, suggested: string): string {
    const ns = XML_TO_JSONLD_NAMESPACE.get(xmlNamespace) ?? xmlNamespace;
    const known = this.byNamespace.get(ns);
    if (known !== undefined) return known;
    for (const [p, standard] of STANDARD_PREFIXES) {
      if (standard === ns) {
        this.byNamespace.set(ns, p);
        return p;
      }
    }
    const taken = (p: string): boolean => STANDARD_PREFIXES.has(p) || this.declared.has(p);
    // The SBDH namespace gets its conventional prefix, so the header key is always `sbdh:StandardBusinessDocumentHeader`.
    const wanted = ns === SBDH_NS ? "sbdh" : suggested;
    let prefix = PREFIX_NAME.test(wanted) && !wanted.toLowerCase().startsWith("xml") ? wanted : "ext";
    if (taken(prefix)) {
      let i = 1;
      while (taken(`${prefix}${i}`)) i += 1;
      prefix = `${prefix}${i}`;
    }
    this.declared.set(prefix, ns);
    this.byNamespace.set(ns, prefix);
    return prefix;
  }

  key(namespace: string, suggested: string, local: string): string {
    return `${this.prefixFor(namespace, suggested)}:${local}`;
  }
}

/** What is being read, for messages: `ObjectEvent #2 (epcisBody.eventList[1])`. */
interface Where {
  readonly label: string;
}

const isEpcisElement = (el: XmlElement): boolean => EPCIS_NAMESPACES.has(el.namespace);
const isMetaAttribute = (a: XmlAttribute): boolean => a.namespace === XMLNS_NS || a.namespace === XSI_NS || a.namespace === XML_NS;

/** Adds `value` under `key`; a repeated key becomes an array in document order (element values are never arrays). */
function addEntry(into: Obj, key: string, value: unknown): void {
  if (!(key in into)) into[key] = value;
  else if (Array.isArray(into[key])) (into[key] as unknown[]).push(value);
  else into[key] = [into[key], value];
}

/**
 * JSON value of an element of another namespace. A text-only element is its text; otherwise an object whose keys are
 * the child elements (prefixed) and the attributes: in events as prefixed keys (the element's namespace for
 * unqualified ones), in the header as `@name`; text beside children or attributes goes under `#text`.
 */
function foreignValue(el: XmlElement, prefixes: PrefixAllocator, mode: "event" | "header"): unknown {
  const attrs = el.attributes.filter((a) => !isMetaAttribute(a));
  if (el.children.length === 0 && attrs.length === 0) return el.text;
  const out: Obj = {};
  for (const a of attrs) {
    if (a.namespace !== "") out[prefixes.key(a.namespace, a.prefix, a.local)] = a.value;
    else if (mode === "header") out[`@${a.local}`] = a.value;
    else out[el.namespace === "" ? a.local : prefixes.key(el.namespace, el.prefix, a.local)] = a.value;
  }
  for (const child of el.children) addEntry(out, foreignKey(child, prefixes), foreignValue(child, prefixes, mode));
  if (el.text !== "") out["#text"] = el.text;
  return out;
}

function foreignKey(el: XmlElement, prefixes: PrefixAllocator): string {
  return el.namespace === "" ? el.local : prefixes.key(el.namespace, el.prefix, el.local);
}

/** Adds an element of another namespace to `into` as a prefixed key (`ignoreFields` lists stay arrays). */
function addForeign(into: Obj, el: XmlElement, prefixes: PrefixAllocator): void {
  const key = foreignKey(el, prefixes);
  const value = foreignValue(el, prefixes, "event");
  if (el.local === "ignoreFields" && !(key in into)) into[key] = [value];
  else addEntry(into, key, value);
}

function unexpected(el: XmlElement, where: Where): never {
  return invalidXml(`unexpected element <${el.local}>${el.namespace ? ` (namespace ${el.namespace})` : ""} in ${where.label}`);
}

function cbvValue(kind: CbvVocabulary, text: string): string {
  return toCbvShortName(kind, text) ?? text;
}

/** A GS1 Web Vocabulary term (`Temperature`, `ALARM_CONDITION`) from `gs1:X`, `https://gs1.org/voc/X` or bare. */
function gs1Term(value: string, terms: readonly string[]): string {
  const v = value.trim();
  for (const base of ["gs1:", GS1_VOC_BASE, "http://gs1.org/voc/", "https://ref.gs1.org/voc/"]) {
    if (v.startsWith(base) && terms.includes(v.slice(base.length))) return v.slice(base.length);
  }
  return v;
}

function epcs(el: XmlElement, where: Where): string[] {
  return el.children.map((c) => (isEpcisElement(c) && c.local === "epc" ? c.text : unexpected(c, where)));
}

function quantities(el: XmlElement, where: Where): Obj[] {
  return el.children.map((q) => {
    if (!isEpcisElement(q) || q.local !== "quantityElement") return unexpected(q, where);
    const out: Obj = {};
    for (const c of q.children) {
      if (!isEpcisElement(c)) unexpected(c, where);
      if (c.local === "epcClass") out["epcClass"] = c.text;
      else if (c.local === "quantity") {
        const nil = c.attributes.some((a) => a.namespace === XSI_NS && a.local === "nil" && (a.value === "true" || a.value === "1"));
        if (!nil && c.text !== "") out["quantity"] = Number.isFinite(Number(c.text)) ? Number(c.text) : c.text;
      } else if (c.local === "uom") out["uom"] = c.text;
      else unexpected(c, where);
    }
    return out;
  });
}

function location(el: XmlElement, prefixes: PrefixAllocator, where: Where): Obj {
  const out: Obj = {};
  const visit = (children: readonly XmlElement[]): void => {
    for (const c of children) {
      if (!isEpcisElement(c)) addForeign(out, c, prefixes);
      else if (c.local === "id") out["id"] = c.text;
      else if (c.local === "extension") visit(c.children);
      else unexpected(c, where);
    }
  };
  visit(el.children);
  return out;
}

function typedList(el: XmlElement, item: "bizTransaction" | "source" | "destination", kind: CbvVocabulary, where: Where): Obj[] {
  return el.children.map((c) => {
    if (!isEpcisElement(c) || c.local !== item) return unexpected(c, where);
    const type = c.attributes.find((a) => a.namespace === "" && a.local === "type")?.value;
    const out: Obj = {};
    if (type !== undefined) out["type"] = cbvValue(kind, type);
    out[item] = c.text;
    return out;
  });
}

const SENSOR_NUMBERS: ReadonlySet<string> = new Set(["value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue"]);

function sensorAttributes(el: XmlElement, prefixes: PrefixAllocator): Obj {
  const out: Obj = {};
  for (const a of el.attributes) {
    if (isMetaAttribute(a)) continue;
    if (a.namespace !== "") {
      out[prefixes.key(a.namespace, a.prefix, a.local)] = a.value;
      continue;
    }
    const v = a.value.trim();
    if (SENSOR_NUMBERS.has(a.local)) out[a.local] = v !== "" && Number.isFinite(Number(v)) ? Number(v) : v;
    else if (a.local === "booleanValue") out[a.local] = v === "true" || v === "1" ? true : v === "false" || v === "0" ? false : v;
    else if (a.local === "type") out[a.local] = gs1Term(v, MEASUREMENT_TYPES);
    else if (a.local === "exception") out[a.local] = gs1Term(v, SENSOR_EXCEPTIONS);
    else if (a.local === "component") out[a.local] = cbvValue(CbvVocabulary.Component, v);
    else out[a.local] = a.value;
  }
  return out;
}

function sensorElements(el: XmlElement, prefixes: PrefixAllocator, where: Where): Obj[] {
  const out: Obj[] = [];
  const visitList = (children: readonly XmlElement[]): void => {
    for (const c of children) {
      if (isEpcisElement(c) && c.local === "sensorElement") out.push(sensorElement(c, prefixes, where));
      else if (isEpcisElement(c) && c.local === "extension") visitList(c.children);
      else unexpected(c, where);
    }
  };
  visitList(el.children);
  return out;
}

function sensorElement(el: XmlElement, prefixes: PrefixAllocator, where: Where): Obj {
  const out: Obj = {};
  const reports: Obj[] = [];
  const visit = (children: readonly XmlElement[]): void => {
    for (const c of children) {
      if (!isEpcisElement(c)) addForeign(out, c, prefixes);
      else if (c.local === "sensorMetadata") out["sensorMetadata"] = sensorAttributes(c, prefixes);
      else if (c.local === "sensorReport") reports.push(sensorAttributes(c, prefixes));
      else if (c.local === "extension") visit(c.children);
      else unexpected(c, where);
    }
  };
  visit(el.children);
  out["sensorReport"] = reports;
  return out;
}

function errorDeclaration(el: XmlElement, prefixes: PrefixAllocator, where: Where): Obj {
  const out: Obj = {};
  const visit = (children: readonly XmlElement[]): void => {
    for (const c of children) {
      if (!isEpcisElement(c)) addForeign(out, c, prefixes);
      else if (c.local === "declarationTime") out["declarationTime"] = c.text;
      else if (c.local === "reason") out["reason"] = cbvValue(CbvVocabulary.ErrorReason, c.text);
      else if (c.local === "correctiveEventIDs") {
        out["correctiveEventIDs"] = c.children.map((id) => (isEpcisElement(id) && id.local === "correctiveEventID" ? id.text : unexpected(id, where)));
      } else if (c.local === "extension") visit(c.children);
      else unexpected(c, where);
    }
  };
  visit(el.children);
  return out;
}

function persistentDisposition(el: XmlElement, where: Where): Obj {
  const set: string[] = [];
  const unset: string[] = [];
  for (const c of el.children) {
    if (!isEpcisElement(c)) unexpected(c, where);
    if (c.local === "set") set.push(cbvValue(CbvVocabulary.Disposition, c.text));
    else if (c.local === "unset") unset.push(cbvValue(CbvVocabulary.Disposition, c.text));
    else unexpected(c, where);
  }
  const out: Obj = {};
  if (set.length > 0) out["set"] = set;
  if (unset.length > 0) out["unset"] = unset;
  return out;
}

function ilmd(el: XmlElement, prefixes: PrefixAllocator): Obj {
  const out: Obj = {};
  const visit = (children: readonly XmlElement[]): void => {
    for (const c of children) {
      if (isEpcisElement(c) && c.local === "extension") visit(c.children);
      else addForeign(out, c, prefixes);
    }
  };
  visit(el.children);
  return out;
}

const TEXT_FIELDS: ReadonlySet<string> = new Set(["eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "action", "parentID", "transformationID"]);
const EPC_LISTS: ReadonlySet<string> = new Set(["epcList", "childEPCs", "inputEPCList", "outputEPCList"]);
const QUANTITY_LISTS: ReadonlySet<string> = new Set(["quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"]);

/** One XML event as a JSON-LD event object. */
function readEvent(el: XmlElement, type: EventType, prefixes: PrefixAllocator, where: Where): Obj {
  const out: Obj = { type };
  const certificationInfo: string[] = [];
  const visit = (children: readonly XmlElement[]): void => {
    for (const c of children) {
      if (!isEpcisElement(c)) {
        addForeign(out, c, prefixes);
        continue;
      }
      const name = c.local;
      if (TEXT_FIELDS.has(name)) out[name] = c.text;
      else if (name === "baseExtension" || name === "extension") visit(c.children);
      else if (name === "certificationInfo") certificationInfo.push(c.text);
      else if (EPC_LISTS.has(name)) {
        const list = epcs(c, where);
        if (list.length > 0) out[name] = list;
      } else if (QUANTITY_LISTS.has(name)) {
        const list = quantities(c, where);
        if (list.length > 0) out[name] = list;
      } else if (name === "bizStep") out[name] = cbvValue(CbvVocabulary.BizStep, c.text);
      else if (name === "disposition") out[name] = cbvValue(CbvVocabulary.Disposition, c.text);
      else if (name === "persistentDisposition") out[name] = persistentDisposition(c, where);
      else if (name === "readPoint" || name === "bizLocation") out[name] = location(c, prefixes, where);
      else if (name === "bizTransactionList") out[name] = typedList(c, "bizTransaction", CbvVocabulary.BizTransactionType, where);
      else if (name === "sourceList") out[name] = typedList(c, "source", CbvVocabulary.SourceDestinationType, where);
      else if (name === "destinationList") out[name] = typedList(c, "destination", CbvVocabulary.SourceDestinationType, where);
      else if (name === "sensorElementList") out[name] = sensorElements(c, prefixes, where);
      else if (name === "ilmd") out[name] = ilmd(c, prefixes);
      else if (name === "errorDeclaration") out[name] = errorDeclaration(c, prefixes, where);
      else unexpected(c, where);
    }
  };
  visit(el.children);
  if (certificationInfo.length > 0) out["certificationInfo"] = certificationInfo.length === 1 ? certificationInfo[0] : certificationInfo;
  return out;
}

/** Events of an `EventList`, in document order; 1.2's `<extension>` around TransformationEvent (and beyond) unwrapped. */
function readEventList(list: XmlElement, prefixes: PrefixAllocator, limits: EpcisLimits, path: string): Obj[] {
  const events: Obj[] = [];
  const visit = (children: readonly XmlElement[]): void => {
    for (const c of children) {
      if (isEpcisElement(c) && c.local === "extension") {
        visit(c.children);
        continue;
      }
      if (!isEpcisElement(c) || !isEventType(c.local)) {
        const hint = c.local === "QuantityEvent" ? " (QuantityEvent was removed in EPCIS 2.0 and has no JSON-LD form)" : "";
        invalidXml(`unexpected element <${c.local}>${c.namespace ? ` (namespace ${c.namespace})` : ""} in EventList (event ${events.length + 1}): expected one of ${EVENT_TYPES.join(", ")}${hint}`);
      }
      checkEventCount(events.length + 1, limits);
      const where = { label: `${c.local} #${events.length + 1} (${path}[${events.length}])` };
      events.push(readEvent(c, c.local, prefixes, where));
    }
  };
  visit(list.children);
  return events;
}

function child(el: XmlElement, local: string): XmlElement | undefined {
  return el.children.find((c) => isEpcisElement(c) && c.local === local);
}

function descendantText(el: XmlElement, path: readonly string[]): string | undefined {
  let cur: XmlElement | undefined = el;
  for (const local of path) cur = cur?.children.find((c) => c.local === local && c.namespace === SBDH_NS);
  return cur?.text || undefined;
}

function readMasterData(md: XmlElement, prefixes: PrefixAllocator): Obj {
  const where = { label: "EPCISMasterData" };
  const vocabularyList: Obj[] = [];
  const list = child(md, "VocabularyList");
  for (const v of list?.children ?? []) {
    if (!isEpcisElement(v) || v.local !== "Vocabulary") unexpected(v, where);
    const vocabulary: Obj = { type: v.attributes.find((a) => a.namespace === "" && a.local === "type")?.value ?? "" };
    const elements: Obj[] = [];
    for (const e of child(v, "VocabularyElementList")?.children ?? []) {
      if (!isEpcisElement(e) || e.local !== "VocabularyElement") unexpected(e, where);
      const element: Obj = { id: e.attributes.find((a) => a.namespace === "" && a.local === "id")?.value ?? "" };
      const attributes: Obj[] = [];
      const children: string[] = [];
      for (const a of e.children) {
        if (isEpcisElement(a) && a.local === "attribute") {
          const attr: Obj = { id: a.attributes.find((x) => x.namespace === "" && x.local === "id")?.value ?? "" };
          if (a.children.length > 0) {
            const value: Obj = {};
            for (const c of a.children) addEntry(value, foreignKey(c, prefixes), foreignValue(c, prefixes, "header"));
            attr["attribute"] = value;
          } else if (a.text !== "") attr["attribute"] = a.text;
          attributes.push(attr);
        } else if (isEpcisElement(a) && a.local === "children") {
          for (const id of a.children) children.push(id.text);
        } else if (!(isEpcisElement(a) && a.local === "extension")) addForeign(element, a, prefixes);
      }
      if (attributes.length > 0) element["attributes"] = attributes;
      if (children.length > 0) element["children"] = children;
      elements.push(element);
    }
    if (elements.length > 0) vocabulary["vocabularyElementList"] = elements;
    vocabularyList.push(vocabulary);
  }
  return { vocabularyList };
}

/** The EPCIS header: SBDH (kept whole under `sbdh:StandardBusinessDocumentHeader`) and master data. */
function readHeader(header: XmlElement, prefixes: PrefixAllocator): { header: Obj; pseudo: Obj } {
  const out: Obj = {};
  const pseudo: Obj = {};
  const visit = (children: readonly XmlElement[]): void => {
    for (const c of children) {
      if (c.namespace === SBDH_NS && c.local === "StandardBusinessDocumentHeader") {
        out[foreignKey(c, prefixes)] = foreignValue(c, prefixes, "header");
        const sender = descendantText(c, ["Sender", "Identifier"]);
        const receiver = descendantText(c, ["Receiver", "Identifier"]);
        const instance = descendantText(c, ["DocumentIdentification", "InstanceIdentifier"]);
        if (sender !== undefined) pseudo["sender"] = sender;
        if (receiver !== undefined) pseudo["receiver"] = receiver;
        if (instance !== undefined) pseudo["instanceIdentifier"] = instance;
      } else if (isEpcisElement(c) && c.local === "extension") visit(c.children);
      else if (isEpcisElement(c) && c.local === "EPCISMasterData") out["epcisMasterData"] = readMasterData(c, prefixes);
      else if (!isEpcisElement(c)) addEntry(out, foreignKey(c, prefixes), foreignValue(c, prefixes, "header"));
      else unexpected(c, { label: "EPCISHeader" });
    }
  };
  visit(header.children);
  return { header: out, pseudo };
}

/**
 * Reads an EPCIS 1.2 or 2.0 XML `EPCISDocument` (or `EPCISQueryDocument`) into the equivalent EPCIS 2.0 JSON-LD
 * document object: `@context` (the EPCIS context plus one prefix per extension namespace), `type`, `schemaVersion`
 * "2.0", `creationDate`, `epcisHeader` (SBDH and master data), `epcisBody.eventList` (or `queryResults`). CBV values
 * come out bare (`shipping`), identifiers as written. The result is for `validateEpcisDocument`,
 * `normalizeEpcisDocument` and `documentHashIds`, which give the same hash IDs as for the JSON-LD twin of the events.
 * @throws EpcisLimitError (`LIMIT_EXCEEDED`) beyond `options.limits` (bytes before parsing, events, nesting);
 *   EpcisError `INVALID_XML` for input that is not well-formed XML, declares a DOCTYPE or entities, is not an EPCIS
 *   document, or holds an element EPCIS does not define where an EPCIS element is expected.
 */
export function parseEpcisXml(xml: string | Buffer | Uint8Array, options: ParseEpcisXmlOptions = {}): unknown {
  const limits = resolveLimits(options.limits);
  const root = readXml(xml, limits);
  const isDocument = root.local === "EPCISDocument" && (root.namespace === EPCIS_XML_NS_1 || root.namespace === EPCIS_XML_NS_2);
  const isQuery = root.local === "EPCISQueryDocument" && EPCIS_NAMESPACES.has(root.namespace) && root.namespace !== "";
  if (!isDocument && !isQuery) {
    invalidXml(
      `not an EPCIS XML document: the root element is <${root.local}>${root.namespace ? ` in namespace ${root.namespace}` : " without a namespace"}; ` +
        `expected EPCISDocument in ${EPCIS_XML_NS_1} (EPCIS 1.2) or ${EPCIS_XML_NS_2} (EPCIS 2.0), or EPCISQueryDocument`,
    );
  }
  const prefixes = new PrefixAllocator();
  const creationDate = root.attributes.find((a) => a.namespace === "" && a.local === "creationDate")?.value;
  const doc: Obj = { "@context": EPCIS_CONTEXT_URL, type: isDocument ? "EPCISDocument" : "EPCISQueryDocument", schemaVersion: "2.0" };
  if (creationDate !== undefined) doc["creationDate"] = creationDate;
  else if (isDocument) invalidXml("EPCISDocument has no creationDate attribute (required in EPCIS 1.2 and 2.0)");
  let body: XmlElement | undefined;
  const extras: Obj = {};
  for (const c of root.children) {
    if (isEpcisElement(c) && c.local === "EPCISHeader") {
      const { header, pseudo } = readHeader(c, prefixes);
      if (isDocument) {
        Object.assign(doc, pseudo);
        if (Object.keys(header).length > 0) doc["epcisHeader"] = header;
      } else {
        // The query document schema has no header: only the SBDH is kept, as a document-level key.
        for (const [k, v] of Object.entries(header)) if (k !== "epcisMasterData") extras[k] = v;
      }
    } else if (isEpcisElement(c) && c.local === "EPCISBody") body = c;
    else if (isEpcisElement(c) && c.local === "extension") continue;
    else if (!isEpcisElement(c)) addForeign(extras, c, prefixes);
    else unexpected(c, { label: root.local });
  }
  if (!body) invalidXml(`${root.local} has no EPCISBody`);
  const epcisBody: Obj = {};
  if (isDocument) {
    const list = child(body, "EventList");
    epcisBody["eventList"] = list ? readEventList(list, prefixes, limits, "epcisBody.eventList") : [];
    for (const c of body.children) {
      if (!isEpcisElement(c)) addForeign(epcisBody, c, prefixes);
      else if (c.local !== "EventList" && c.local !== "extension") unexpected(c, { label: "EPCISBody" });
    }
  } else {
    const results = child(body, "QueryResults");
    if (!results) invalidXml("EPCISQueryDocument has no QueryResults in its EPCISBody");
    const queryResults: Obj = {};
    let eventList: Obj[] = [];
    for (const c of results.children) {
      if (!isEpcisElement(c)) addForeign(queryResults, c, prefixes);
      else if (c.local === "queryName" || c.local === "subscriptionID") queryResults[c.local] = c.text;
      else if (c.local === "resultsBody") {
        const list = child(c, "EventList");
        if (list) eventList = readEventList(list, prefixes, limits, "epcisBody.queryResults.resultsBody.eventList");
      } else if (c.local !== "extension") unexpected(c, { label: "QueryResults" });
    }
    queryResults["resultsBody"] = { eventList };
    epcisBody["queryResults"] = queryResults;
  }
  Object.assign(doc, extras);
  doc["epcisBody"] = epcisBody;
  if (prefixes.declared.size > 0) doc["@context"] = [EPCIS_CONTEXT_URL, Object.fromEntries(prefixes.declared)];
  return doc;
}

// ---------------------------------------------------------------------------------------------------------------
// writing

/** Options of `toEpcisXml`. */
export interface ToEpcisXmlOptions {
  /** `"2.0"` (default, `urn:epcglobal:epcis:xsd:2`) or `"1.2"` (`urn:epcglobal:epcis:xsd:1`, with 1.2's extension wrappers). */
  version?: "2.0" | "1.2";
  /** Input limits (JSON text or bytes input). */
  limits?: Partial<EpcisLimits>;
}

const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function exportError(message: string): never {
  throw new EpcisError(EpcisErrorCode.INVALID_EXPORT, message);
}

/** JSON-LD prefixes → XML namespace declarations, the reserved envelope prefixes kept apart. */
class XmlNamespaces {
  readonly declarations = new Map<string, string>(); // XML prefix -> XML namespace
  private readonly byNamespace = new Map<string, string>();

  private readonly reserved: ReadonlyMap<string, string>;

  constructor(private readonly ctx: ResolvedContext, reserved: ReadonlyArray<readonly [string, string]>) {
    this.reserved = new Map(reserved);
    for (const [p, ns] of reserved) {
      this.declarations.set(p, ns);
      this.byNamespace.set(ns, p);
    }
  }

  /** XML qualified name of a JSON key: `example:myField` → `example:myField` with `xmlns:example` declared. */
  qname(key: string, where: string): string {
    const i = key.indexOf(":");
    if (i <= 0) {
      if (!NCNAME.test(key)) exportError(`${where}: key "${key}" cannot be written as an XML element name`);
      return key;
    }
    const jsonPrefix = key.slice(0, i);
    const local = key.slice(i + 1);
    // The envelope's own prefixes (`sbdh`) serve keys the package writes itself, such as the SBDH built from `sender`.
    const ns = this.ctx.prefixes.get(jsonPrefix) ?? this.reserved.get(jsonPrefix);
    if (ns === undefined || !NCNAME.test(local)) exportError(`${where}: key "${key}" is not a CURIE with a prefix declared in @context, so it has no XML namespace`);
    return `${this.prefixFor(JSONLD_TO_XML_NAMESPACE.get(ns) ?? ns, jsonPrefix)}:${local}`;
  }

  private prefixFor(ns: string, preferred: string): string {
    const known = this.byNamespace.get(ns);
    if (known !== undefined) return known;
    let prefix = NCNAME.test(preferred) && !preferred.toLowerCase().startsWith("xml") ? preferred : "ext";
    if (this.declarations.has(prefix)) {
      let n = 1;
      while (this.declarations.has(`${prefix}${n}`)) n += 1;
      prefix = `${prefix}${n}`;
    }
    this.declarations.set(prefix, ns);
    this.byNamespace.set(ns, prefix);
    return prefix;
  }
}

function text(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/** Writes a JSON value of an extension key as XML element(s): arrays repeat, objects nest, `@x` keys are attributes. */
function writeForeign(w: XmlWriter, ns: XmlNamespaces, key: string, value: unknown, where: string): void {
  if (Array.isArray(value)) {
    for (const item of value) writeForeign(w, ns, key, item, where);
    return;
  }
  const name = ns.qname(key, where);
  if (!isObj(value)) {
    w.leaf(name, text(value));
    return;
  }
  const attrs: Array<[string, string]> = [];
  const children: Array<[string, unknown]> = [];
  let body = "";
  for (const [k, v] of Object.entries(value)) {
    if (k === "#text") body = text(v);
    else if (k.startsWith("@")) attrs.push([ns.qname(k.slice(1), where), text(v)]);
    else children.push([k, v]);
  }
  if (children.length === 0) {
    w.leaf(name, body, attrs);
    return;
  }
  w.open(name, attrs);
  if (body !== "") w.text(body);
  for (const [k, v] of children) writeForeign(w, ns, k, v, where);
  w.close(name);
}

const HEADER_FIELDS = ["eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "certificationInfo", "errorDeclaration"];

/** A field, or a wrapper element around fields (written only when something inside is). */
type Layout = ReadonlyArray<string | { readonly wrap: string; readonly items: Layout }>;

const LAYOUT_20: Record<EventType, Layout> = {
  ObjectEvent: [...HEADER_FIELDS, "epcList", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "quantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition", "ilmd"],
  AggregationEvent: [...HEADER_FIELDS, "parentID", "childEPCs", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "childQuantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition"],
  TransactionEvent: [...HEADER_FIELDS, "bizTransactionList", "parentID", "epcList", "action", "bizStep", "disposition", "readPoint", "bizLocation", "quantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition"],
  TransformationEvent: [...HEADER_FIELDS, "inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition", "ilmd"],
  AssociationEvent: [...HEADER_FIELDS, "parentID", "childEPCs", "childQuantityList", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition"],
};

const HEADER_12: Layout = ["eventTime", "recordTime", "eventTimeZoneOffset", { wrap: "baseExtension", items: ["eventID", "errorDeclaration", { wrap: "extension", items: ["certificationInfo"] }] }];
/** Fields EPCIS 1.2 does not have, written inside the innermost extension wrapper (read back by `parseEpcisXml`). */
const LATER_12 = ["sensorElementList", "persistentDisposition"];

const LAYOUT_12: Record<EventType, Layout> = {
  ObjectEvent: [...HEADER_12, "epcList", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", { wrap: "extension", items: ["quantityList", "sourceList", "destinationList", "ilmd", { wrap: "extension", items: LATER_12 }] }],
  AggregationEvent: [...HEADER_12, "parentID", "childEPCs", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", { wrap: "extension", items: ["childQuantityList", "sourceList", "destinationList", { wrap: "extension", items: LATER_12 }] }],
  TransactionEvent: [...HEADER_12, "bizTransactionList", "parentID", "epcList", "action", "bizStep", "disposition", "readPoint", "bizLocation", { wrap: "extension", items: ["quantityList", "sourceList", "destinationList", { wrap: "extension", items: LATER_12 }] }],
  TransformationEvent: [...HEADER_12, "inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList", "ilmd", { wrap: "extension", items: LATER_12 }],
  AssociationEvent: [...HEADER_12, "parentID", "childEPCs", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", { wrap: "extension", items: ["childQuantityList", "sourceList", "destinationList", { wrap: "extension", items: LATER_12 }] }],
};

/** Lists the XML schema requires even when empty. */
const REQUIRED_EMPTY: Record<EventType, readonly string[]> = {
  ObjectEvent: ["epcList"],
  AggregationEvent: ["childEPCs"],
  TransactionEvent: ["bizTransactionList", "epcList"],
  TransformationEvent: [],
  AssociationEvent: [],
};

const STANDARD_EVENT_KEYS: ReadonlySet<string> = new Set([
  "@context", "type", "eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "certificationInfo", "errorDeclaration",
  "action", "epcList", "quantityList", "bizStep", "disposition", "persistentDisposition", "readPoint", "bizLocation",
  "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "ilmd", "parentID", "childEPCs",
  "childQuantityList", "inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID",
]);

function cbvOut(kind: CbvVocabulary, v: unknown): string {
  const s = text(v);
  return isCbvValue(kind, s) ? cbvUrn(kind, s) : s;
}

function gs1TermOut(v: unknown, terms: readonly string[]): string {
  const s = text(v);
  return terms.includes(s) ? GS1_VOC_BASE + s : s;
}

const asList = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** Writes one standard field of an event. */
function writeField(w: XmlWriter, ns: XmlNamespaces, name: string, value: unknown, where: string): void {
  switch (name) {
    case "certificationInfo":
      for (const c of asList(value)) w.leaf(name, text(c));
      return;
    case "epcList":
    case "childEPCs":
    case "inputEPCList":
    case "outputEPCList": {
      const list = asList(value);
      if (list.length === 0) return w.leaf(name, "");
      w.open(name);
      for (const e of list) w.leaf("epc", text(e));
      return w.close(name);
    }
    case "quantityList":
    case "childQuantityList":
    case "inputQuantityList":
    case "outputQuantityList": {
      w.open(name);
      for (const q of asList(value).filter(isObj)) {
        w.open("quantityElement");
        w.leaf("epcClass", text(q["epcClass"]));
        if (q["quantity"] !== undefined) w.leaf("quantity", text(q["quantity"]));
        if (q["uom"] !== undefined) w.leaf("uom", text(q["uom"]));
        w.close("quantityElement");
      }
      return w.close(name);
    }
    case "bizStep":
      return w.leaf(name, cbvOut(CbvVocabulary.BizStep, value));
    case "disposition":
      return w.leaf(name, cbvOut(CbvVocabulary.Disposition, value));
    case "persistentDisposition": {
      const pd = isObj(value) ? value : {};
      w.open(name);
      for (const k of ["unset", "set"]) for (const d of asList(pd[k])) w.leaf(k, cbvOut(CbvVocabulary.Disposition, d));
      return w.close(name);
    }
    case "readPoint":
    case "bizLocation": {
      const loc = isObj(value) ? value : {};
      w.open(name);
      w.leaf("id", text(loc["id"]));
      for (const [k, v] of Object.entries(loc)) if (k !== "id") writeForeign(w, ns, k, v, `${where}.${name}`);
      return w.close(name);
    }
    case "bizTransactionList":
      w.open(name);
      for (const b of asList(value).filter(isObj)) {
        w.leaf("bizTransaction", text(b["bizTransaction"]), b["type"] === undefined ? [] : [["type", cbvOut(CbvVocabulary.BizTransactionType, b["type"])]]);
      }
      return w.close(name);
    case "sourceList":
    case "destinationList": {
      const item = name === "sourceList" ? "source" : "destination";
      w.open(name);
      for (const s of asList(value).filter(isObj)) w.leaf(item, text(s[item]), [["type", cbvOut(CbvVocabulary.SourceDestinationType, s["type"])]]);
      return w.close(name);
    }
    case "sensorElementList":
      w.open(name);
      for (const el of asList(value).filter(isObj)) writeSensorElement(w, ns, el, `${where}.sensorElementList`);
      return w.close(name);
    case "ilmd":
      w.open(name);
      for (const [k, v] of Object.entries(isObj(value) ? value : {})) writeForeign(w, ns, k, v, `${where}.ilmd`);
      return w.close(name);
    case "errorDeclaration": {
      const ed = isObj(value) ? value : {};
      w.open(name);
      if (ed["declarationTime"] !== undefined) w.leaf("declarationTime", text(ed["declarationTime"]));
      if (ed["reason"] !== undefined) w.leaf("reason", cbvOut(CbvVocabulary.ErrorReason, ed["reason"]));
      if (ed["correctiveEventIDs"] !== undefined) {
        w.open("correctiveEventIDs");
        for (const id of asList(ed["correctiveEventIDs"])) w.leaf("correctiveEventID", text(id));
        w.close("correctiveEventIDs");
      }
      for (const [k, v] of Object.entries(ed)) {
        if (k !== "declarationTime" && k !== "reason" && k !== "correctiveEventIDs") writeForeign(w, ns, k, v, `${where}.errorDeclaration`);
      }
      return w.close(name);
    }
    default:
      return w.leaf(name, text(value));
  }
}

const SENSOR_FIELDS: ReadonlySet<string> = new Set([
  "time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules", "type", "exception",
  "microorganism", "chemicalSubstance", "value", "component", "stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue",
  "maxValue", "meanValue", "sDev", "percRank", "percValue", "uom", "coordinateReferenceSystem",
]);

function sensorAttributesOut(ns: XmlNamespaces, o: Obj, where: string): Array<[string, string]> {
  const attrs: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(o)) {
    if (isObj(v) || Array.isArray(v)) exportError(`${where}: "${k}" holds a structure, which an XML attribute cannot`);
    if (k === "type") attrs.push([k, gs1TermOut(v, MEASUREMENT_TYPES)]);
    else if (k === "exception") attrs.push([k, gs1TermOut(v, SENSOR_EXCEPTIONS)]);
    else if (k === "component") attrs.push([k, isCbvValue(CbvVocabulary.Component, text(v)) ? cbvWebUri(CbvVocabulary.Component, text(v)) : text(v)]);
    else if (SENSOR_FIELDS.has(k)) attrs.push([k, text(v)]);
    else attrs.push([ns.qname(k, where), text(v)]);
  }
  return attrs;
}

function writeSensorElement(w: XmlWriter, ns: XmlNamespaces, el: Obj, where: string): void {
  w.open("sensorElement");
  if (isObj(el["sensorMetadata"])) w.leaf("sensorMetadata", "", sensorAttributesOut(ns, el["sensorMetadata"], `${where}.sensorMetadata`));
  for (const r of asList(el["sensorReport"]).filter(isObj)) w.leaf("sensorReport", "", sensorAttributesOut(ns, r, `${where}.sensorReport`));
  for (const [k, v] of Object.entries(el)) if (k !== "sensorMetadata" && k !== "sensorReport") writeForeign(w, ns, k, v, where);
  w.close("sensorElement");
}

/** True when the layout would write something for `event`. */
function layoutHasContent(layout: Layout, event: Obj, required: readonly string[]): boolean {
  return layout.some((item) => (typeof item === "string" ? event[item] !== undefined || required.includes(item) : layoutHasContent(item.items, event, required)));
}

function writeLayout(w: XmlWriter, ns: XmlNamespaces, layout: Layout, event: Obj, required: readonly string[], where: string, placed: Set<string>): void {
  for (const item of layout) {
    if (typeof item === "string") {
      placed.add(item);
      if (event[item] !== undefined) writeField(w, ns, item, event[item], where);
      else if (required.includes(item)) w.leaf(item, "");
    } else if (layoutHasContent(item.items, event, required)) {
      w.open(item.wrap);
      writeLayout(w, ns, item.items, event, required, where, placed);
      w.close(item.wrap);
    } else {
      for (const name of flatten(item.items)) placed.add(name);
    }
  }
}

function flatten(layout: Layout): string[] {
  return layout.flatMap((item) => (typeof item === "string" ? [item] : flatten(item.items)));
}

function writeEvent(w: XmlWriter, ns: XmlNamespaces, event: Obj, version: "2.0" | "1.2", where: string): void {
  const type = text(event["type"]);
  if (!isEventType(type)) exportError(`${where}: event type "${type}" has no EPCIS XML element`);
  const placed = new Set<string>();
  const layout = (version === "2.0" ? LAYOUT_20 : LAYOUT_12)[type];
  const extra = Object.keys(event).filter((k) => STANDARD_EVENT_KEYS.has(k) && k !== "type" && k !== "@context" && !flatten(layout).includes(k));
  // A standard field the type's XML schema does not list (the JSON schema admits it) still goes out, in a wrapper for 1.2.
  const full: Layout = extra.length === 0 ? layout : version === "2.0" ? [...layout, ...extra] : [...layout, { wrap: "extension", items: extra }];
  w.open(type);
  writeLayout(w, ns, full, event, REQUIRED_EMPTY[type], where, placed);
  for (const [k, v] of Object.entries(event)) {
    if (!STANDARD_EVENT_KEYS.has(k)) writeForeign(w, ns, k, v, where);
  }
  w.close(type);
}

function writeEventList(w: XmlWriter, ns: XmlNamespaces, events: unknown[], version: "2.0" | "1.2", path: string): void {
  w.open("EventList");
  events.forEach((e, i) => {
    if (!isObj(e)) return;
    const where = `${path}[${i}]`;
    const type = text(e["type"]);
    // EPCIS 1.2 lists TransformationEvent inside <extension>, and has no AssociationEvent: one level further in.
    const wrappers = version === "1.2" ? (type === "TransformationEvent" ? 1 : type === "AssociationEvent" ? 2 : 0) : 0;
    for (let k = 0; k < wrappers; k++) w.open("extension");
    writeEvent(w, ns, e, version, where);
    for (let k = 0; k < wrappers; k++) w.close("extension");
  });
  w.close("EventList");
}

function writeMasterData(w: XmlWriter, ns: XmlNamespaces, md: Obj): void {
  w.open("EPCISMasterData");
  w.open("VocabularyList");
  for (const v of asList(md["vocabularyList"]).filter(isObj)) {
    w.open("Vocabulary", [["type", text(v["type"])]]);
    const elements = asList(v["vocabularyElementList"]).filter(isObj);
    if (elements.length > 0) {
      w.open("VocabularyElementList");
      for (const e of elements) {
        w.open("VocabularyElement", [["id", text(e["id"])]]);
        for (const a of asList(e["attributes"]).filter(isObj)) {
          const value = a["attribute"];
          if (isObj(value)) {
            w.open("attribute", [["id", text(a["id"])]]);
            for (const [k, x] of Object.entries(value)) writeForeign(w, ns, k, x, "epcisHeader.epcisMasterData");
            w.close("attribute");
          } else w.leaf("attribute", text(value), [["id", text(a["id"])]]);
        }
        const children = asList(e["children"]);
        if (children.length > 0) {
          w.open("children");
          for (const c of children) w.leaf("id", text(c));
          w.close("children");
        }
        for (const [k, x] of Object.entries(e)) if (k !== "id" && k !== "attributes" && k !== "children") writeForeign(w, ns, k, x, "epcisHeader.epcisMasterData");
        w.close("VocabularyElement");
      }
      w.close("VocabularyElementList");
    }
    w.close("Vocabulary");
  }
  w.close("VocabularyList");
  w.close("EPCISMasterData");
}

/** A minimal SBDH from the JSON-LD pseudo-SBDH fields (`sender`, `receiver`, `instanceIdentifier`). */
function pseudoSbdh(doc: Obj, version: "2.0" | "1.2"): Obj {
  const sbdh: Obj = { "sbdh:HeaderVersion": "1.0" };
  if (doc["sender"] !== undefined) sbdh["sbdh:Sender"] = { "sbdh:Identifier": text(doc["sender"]) };
  if (doc["receiver"] !== undefined) sbdh["sbdh:Receiver"] = { "sbdh:Identifier": text(doc["receiver"]) };
  sbdh["sbdh:DocumentIdentification"] = {
    "sbdh:Standard": "EPCglobal",
    "sbdh:TypeVersion": version,
    "sbdh:InstanceIdentifier": text(doc["instanceIdentifier"] ?? ""),
    "sbdh:Type": "Events",
    "sbdh:CreationDateAndTime": text(doc["creationDate"]),
  };
  return sbdh;
}

const DOCUMENT_KEYS: ReadonlySet<string> = new Set(["@context", "id", "type", "schemaVersion", "creationDate", "instanceIdentifier", "sender", "receiver", "epcisHeader", "epcisBody"]);

/**
 * Writes an EPCIS 2.0 JSON-LD `EPCISDocument` or `EPCISQueryDocument` (object, JSON text or bytes) as EPCIS 2.0 XML
 * (default) or EPCIS 1.2 XML (`options.version: "1.2"`: 1.2's `<baseExtension>` / `<extension>` wrappers,
 * TransformationEvent inside the event list's `<extension>`; 2.0-only fields in the innermost wrapper). CBV values
 * are written as URNs (`urn:epcglobal:cbv:bizstep:shipping`), measurement types as GS1 Web Vocabulary URIs,
 * identifiers as given; extension keys as elements in their `@context` namespace. `parseEpcisXml` of the result gives
 * the same event hash IDs as the input. The document `id` is not written (XML has no place for it).
 * @throws EpcisValidationError (`INVALID_DOCUMENT`) when the document does not validate; EpcisError `INVALID_EXPORT`
 *   when a value has no XML form (an extension key without a declared prefix, a custom event type, a structure where
 *   XML needs an attribute); EpcisLimitError / EpcisError `INVALID_JSON` for text input, as `validateEpcisDocument`.
 */
export function toEpcisXml(document: unknown, options: ToEpcisXmlOptions = {}): string {
  const version = options.version ?? "2.0";
  if (version !== "2.0" && version !== "1.2") exportError(`unknown EPCIS XML version "${String(version)}": use "2.0" or "1.2"`);
  const doc = prepareInput(document, resolveLimits(options.limits));
  const issues = documentIssues(doc);
  if (issues.length > 0) throw new EpcisValidationError(issues);
  if (!isObj(doc) || (doc["type"] !== "EPCISDocument" && doc["type"] !== "EPCISQueryDocument")) {
    exportError("toEpcisXml writes an EPCISDocument or EPCISQueryDocument, not a bare event");
  }
  const isQuery = doc["type"] === "EPCISQueryDocument";
  const coreNs = version === "2.0" ? EPCIS_XML_NS_2 : EPCIS_XML_NS_1;
  const rootPrefix = isQuery ? "epcisq" : "epcis";
  const rootNs = isQuery ? (version === "2.0" ? QUERY_NS_2 : QUERY_NS_1) : coreNs;
  const ctx = resolveContext(doc["@context"]);
  const ns = new XmlNamespaces(ctx, [[rootPrefix, rootNs], ["sbdh", SBDH_NS], ["xsi", XSI_NS]]);
  const w = new XmlWriter(1);

  const header = isObj(doc["epcisHeader"]) ? doc["epcisHeader"] : {};
  const sbdhKey = Object.keys(header).find((k) => k.endsWith(":StandardBusinessDocumentHeader") && ctx.prefixes.get(k.slice(0, k.indexOf(":"))) === SBDH_NS);
  const hasPseudo = doc["sender"] !== undefined || doc["receiver"] !== undefined || doc["instanceIdentifier"] !== undefined;
  if (!isQuery && (Object.keys(header).length > 0 || hasPseudo)) {
    w.open("EPCISHeader");
    if (sbdhKey !== undefined) writeForeign(w, ns, sbdhKey, header[sbdhKey], "epcisHeader");
    else if (hasPseudo) writeForeign(w, ns, "sbdh:StandardBusinessDocumentHeader", pseudoSbdh(doc, version), "epcisHeader");
    const others = Object.keys(header).filter((k) => k !== sbdhKey && k !== "epcisMasterData");
    if (isObj(header["epcisMasterData"])) {
      w.open("extension");
      writeMasterData(w, ns, header["epcisMasterData"]);
      w.close("extension");
    }
    for (const k of others) writeForeign(w, ns, k, header[k], "epcisHeader");
    w.close("EPCISHeader");
  }

  const body = isObj(doc["epcisBody"]) ? doc["epcisBody"] : {};
  w.open("EPCISBody");
  if (isQuery) {
    const qr = isObj(body["queryResults"]) ? body["queryResults"] : {};
    w.open(`${rootPrefix}:QueryResults`);
    w.leaf("queryName", text(qr["queryName"]));
    if (qr["subscriptionID"] !== undefined) w.leaf("subscriptionID", text(qr["subscriptionID"]));
    w.open("resultsBody");
    writeEventList(w, ns, eventsOf(doc), version, "epcisBody.queryResults.resultsBody.eventList");
    w.close("resultsBody");
    for (const [k, v] of Object.entries(qr)) if (k !== "queryName" && k !== "subscriptionID" && k !== "resultsBody") writeForeign(w, ns, k, v, "epcisBody.queryResults");
    w.close(`${rootPrefix}:QueryResults`);
  } else {
    writeEventList(w, ns, eventsOf(doc), version, "epcisBody.eventList");
  }
  for (const [k, v] of Object.entries(body)) if (k !== "eventList" && k !== "queryResults") writeForeign(w, ns, k, v, "epcisBody");
  w.close("EPCISBody");
  for (const [k, v] of Object.entries(doc)) if (!DOCUMENT_KEYS.has(k)) writeForeign(w, ns, k, v, "document");

  const rootAttrs: Array<[string, string]> = [...ns.declarations].map(([p, uri]) => [`xmlns:${p}`, uri]);
  rootAttrs.push(["schemaVersion", version]);
  if (doc["creationDate"] !== undefined) rootAttrs.push(["creationDate", text(doc["creationDate"])]);
  const root = new XmlWriter(0);
  root.open(`${rootPrefix}:${isQuery ? "EPCISQueryDocument" : "EPCISDocument"}`, rootAttrs);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root.toString()}\n${w.toString()}\n</${rootPrefix}:${isQuery ? "EPCISQueryDocument" : "EPCISDocument"}>\n`;
}
