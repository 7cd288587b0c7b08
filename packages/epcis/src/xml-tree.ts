/**
 * Safe XML reading for the EPCIS XML binding: size limit first, DOCTYPE / entity declarations refused, well-formedness
 * checked by fast-xml-parser's validator, then a namespace-resolved element tree (order of children kept). Nothing
 * here knows EPCIS; `xml.ts` maps the tree.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { EpcisError, EpcisErrorCode } from "./errors";
import { type EpcisLimits, checkBytes } from "./limits";

/** One XML attribute, its prefix resolved to a namespace IRI (unprefixed attributes have no namespace). */
export interface XmlAttribute {
  readonly namespace: string;
  readonly local: string;
  /** Prefix as written (empty when unprefixed); kept to offer the sender's prefix to JSON-LD. */
  readonly prefix: string;
  readonly value: string;
}

/** One element: namespace IRI (empty when none), local name, attributes, child elements in order and its text. */
export interface XmlElement {
  readonly namespace: string;
  readonly local: string;
  /** Prefix as written (empty for the default namespace). */
  readonly prefix: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  /** Concatenated character data directly inside the element (CDATA included), trimmed. */
  readonly text: string;
}

const XMLNS = "http://www.w3.org/2000/xmlns/";
const XML_NS = "http://www.w3.org/XML/1998/namespace";

/** Node of fast-xml-parser's `preserveOrder` output. */
type OrderedNode = Record<string, unknown>;

const PARSER_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Entities are decoded here (the five predefined ones and character references only): DOCTYPE is refused before.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: "#cdata",
  commentPropName: false as const,
} as const;

/** Throws `EpcisError` `INVALID_XML` with `message`. */
export function invalidXml(message: string): never {
  throw new EpcisError(EpcisErrorCode.INVALID_XML, message);
}

const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes the predefined entities and character references; any other entity reference is an error. */
function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(";")) invalidXml(`not well-formed XML: bare '&' in "${text.slice(0, 60)}" (write &amp;)`);
    const predefined = PREDEFINED[name];
    if (predefined !== undefined) return predefined;
    const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(name);
    if (m) {
      const code = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
      if (code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
    }
    return invalidXml(`undeclared entity &${name}; (EPCIS XML may use only &amp; &lt; &gt; &quot; &apos; and character references)`);
  });
}

/**
 * Refuses document type declarations outright: they are how XML external entities (XXE) and entity expansion
 * ("billion laughs") get in, and no EPCIS document needs one.
 */
function refuseDoctype(xml: string): void {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    invalidXml("XML document type declarations (<!DOCTYPE>, <!ENTITY>) are not accepted in EPCIS XML: they allow external and recursive entities");
  }
}

/**
 * Reads XML text or bytes into a namespace-resolved element tree (the document element).
 * @throws EpcisLimitError beyond `limits.maxBytes`; EpcisError `INVALID_XML` when not well-formed, when it declares a
 *   DOCTYPE or entities, or when a prefix is not declared.
 */
export function readXml(input: string | Uint8Array, limits: EpcisLimits): XmlElement {
  if (typeof input !== "string" && !(input instanceof Uint8Array)) invalidXml("EPCIS XML input must be a string or bytes");
  checkBytes(typeof input === "string" ? Buffer.byteLength(input, "utf8") : input.byteLength, limits);
  let xml = typeof input === "string" ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString("utf8");
  if (xml.charCodeAt(0) === 0xfeff) xml = xml.slice(1);
  refuseDoctype(xml);
  if (xml.trim() === "") invalidXml("empty input: an EPCIS XML document was expected");
  const check = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (check !== true) {
    const { msg, line, col } = check.err;
    invalidXml(`not well-formed XML (line ${line}, column ${col}): ${msg}`);
  }
  let nodes: unknown;
  try {
    // Nesting is bounded by the depth limit plus the envelope (document, body, event list, event, wrappers).
    nodes = new XMLParser({ ...PARSER_OPTIONS, maxNestedTags: limits.maxDepth + 16 }).parse(xml);
  } catch (e) {
    invalidXml(`XML could not be read: ${(e as Error).message}`);
  }
  const roots = (Array.isArray(nodes) ? nodes : []).filter((n): n is OrderedNode => isElementNode(n));
  if (roots.length !== 1) invalidXml(`an XML document has exactly one root element, found ${roots.length}`);
  const scope = new Map<string, string>([["", ""], ["xml", XML_NS], ["xmlns", XMLNS]]);
  return toElement(roots[0] as OrderedNode, scope);
}

function isElementNode(n: unknown): n is OrderedNode {
  return n !== null && typeof n === "object" && elementName(n as OrderedNode) !== undefined;
}

function elementName(n: OrderedNode): string | undefined {
  for (const k of Object.keys(n)) if (k !== ":@" && k !== "#text" && k !== "#cdata") return k;
  return undefined;
}

function splitQName(qname: string): [prefix: string, local: string] {
  const i = qname.indexOf(":");
  return i < 0 ? ["", qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

/** Converts one ordered node, resolving prefixes against the in-scope declarations (iterative: no recursion limit). */
function toElement(rootNode: OrderedNode, rootScope: ReadonlyMap<string, string>): XmlElement {
  interface Frame { node: OrderedNode; scope: ReadonlyMap<string, string>; out: { children: XmlElement[] } & Record<string, unknown> }
  const build = (node: OrderedNode, parentScope: ReadonlyMap<string, string>): Frame => {
    const qname = elementName(node) as string;
    const rawAttrs = (node[":@"] ?? {}) as Record<string, unknown>;
    let scope = parentScope;
    for (const [k, v] of Object.entries(rawAttrs)) {
      if (k === "xmlns" || k.startsWith("xmlns:")) {
        if (scope === parentScope) scope = new Map(parentScope);
        (scope as Map<string, string>).set(k === "xmlns" ? "" : k.slice(6), decodeEntities(String(v)));
      }
    }
    const [prefix, local] = splitQName(qname);
    const namespace = scope.get(prefix);
    if (namespace === undefined) invalidXml(`element <${qname}> uses the undeclared namespace prefix "${prefix}"`);
    const attributes: XmlAttribute[] = [];
    for (const [k, v] of Object.entries(rawAttrs)) {
      if (k === "xmlns" || k.startsWith("xmlns:")) continue;
      const [ap, al] = splitQName(k);
      const ans = ap === "" ? "" : scope.get(ap);
      if (ans === undefined) invalidXml(`attribute ${k} of <${qname}> uses the undeclared namespace prefix "${ap}"`);
      attributes.push({ namespace: ans, local: al, prefix: ap, value: decodeEntities(String(v)) });
    }
    const out = { namespace, local, prefix, attributes, children: [] as XmlElement[], text: "" };
    return { node, scope, out };
  };
  const root = build(rootNode, rootScope);
  const stack: Frame[] = [root];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const content = frame.node[elementName(frame.node) as string];
    let text = "";
    for (const child of Array.isArray(content) ? (content as OrderedNode[]) : []) {
      if (child["#text"] !== undefined) text += decodeEntities(String(child["#text"]));
      else if (child["#cdata"] !== undefined) {
        for (const c of Array.isArray(child["#cdata"]) ? (child["#cdata"] as OrderedNode[]) : []) if (c["#text"] !== undefined) text += String(c["#text"]);
      } else if (isElementNode(child)) {
        const f = build(child, frame.scope);
        frame.out.children.push(f.out as unknown as XmlElement);
        stack.push(f);
      }
    }
    frame.out["text"] = text.trim();
  }
  return root.out as unknown as XmlElement;
}

// ---------------------------------------------------------------------------------------------------------------
// writing

/** Escapes character data for element content. */
export function escapeText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escapes an attribute value (double-quoted). */
export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, "&quot;").replace(/\r/g, "&#13;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}

/** A minimal XML writer: indented elements, text and attributes escaped. */
export class XmlWriter {
  private readonly lines: string[] = [];

  /** @param depth indentation level of the first line (the caller's nesting). */
  constructor(private depth = 0) {}

  /** Character data on its own line, inside the element opened last. */
  text(value: string): void {
    this.lines.push(`${"  ".repeat(this.depth)}${escapeText(value)}`);
  }

  /** `<name attrs>text</name>` on one line (`<name attrs/>` when `text` is empty). */
  leaf(name: string, text: string, attributes: ReadonlyArray<readonly [string, string]> = []): void {
    const attrs = attributes.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join("");
    this.lines.push(`${"  ".repeat(this.depth)}<${name}${attrs}${text === "" ? "/>" : `>${escapeText(text)}</${name}>`}`);
  }

  /** Opens `<name attrs>`; children follow until `close(name)`. */
  open(name: string, attributes: ReadonlyArray<readonly [string, string]> = []): void {
    const attrs = attributes.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join("");
    this.lines.push(`${"  ".repeat(this.depth)}<${name}${attrs}>`);
    this.depth += 1;
  }

  /** Closes the element opened last with `open(name)`. */
  close(name: string): void {
    this.depth -= 1;
    this.lines.push(`${"  ".repeat(this.depth)}</${name}>`);
  }

  /** The text written so far. */
  toString(): string {
    return this.lines.join("\n");
  }
}
