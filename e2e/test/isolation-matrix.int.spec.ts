import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { ROLES, type Role } from "@tracehub/auth";
import { PUBLIC_ROOT_FIELDS, SUPERGRAPH_PATH } from "@tracehub/gateway";
import { gs1CheckDigit, toEpcUri } from "@tracehub/gs1";
import { type GraphQLResponse, type LiveSubscription, type TestHub, postGraphQL, startHub, subscribe } from "@tracehub/testkit";
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from "graphql";

// Issue 10, "done when": the isolation matrix. Every root query and subscription field of the checked-in
// supergraph, with a selection generated from the schema that reaches every entity field (units, their events,
// orders, recalls, products, organizations, ...), is called as every kind of caller: two competing brand owners, a
// logistics partner with a READ grant, a retailer that received units by a shipment to its registered GLN, a
// regulator, a caller without an organization and an anonymous one, each with its organization's own role, with
// every role at once, and with an API key. The data set has grants (one revoked), a hand-over and the unit leaving
// again, a mixed pallet, a transformation across owners, orders and recalls.
//
// Everything that identifies a tenant's data is a marker (serials and unit ids in every form, GTINs, lots,
// event ids, organization ids and names, GLNs, order references, recall reasons, API keys). docs/tenancy.md's
// table says which callers may read each marker; a marker anywhere else in an answer (data, errors, cursors
// decoded) is a leak. The matrix also checks that a filter or argument naming something the caller may not see
// answers exactly like one naming nothing that exists (no oracle), that every mutation refuses an anonymous
// caller, and that the generated operations reach every field and every marker (so a quiet answer is not an
// empty one). A new field is covered without editing this file, and gets its own `it` below; a new required
// argument this file cannot fill fails "... can call every root field" until someone decides what to pass.
//
// Each leak is reported against the field that carried it (`Product.brandOwner`, `Provenance.madeFrom`, or the root
// field itself), so a failing `it` names the field to fix; the table in its message names caller, call and marker.

// ---------------------------------------------------------------------------------------------------------------
// Operations generated from the supergraph (at load time: one `it` per root field, entity field and pooled argument).

const SCHEMA = buildSchema(readFileSync(SUPERGRAPH_PATH, "utf8"), { assumeValidSDL: true });
const rootType = (type: GraphQLObjectType | null | undefined, name: string): GraphQLObjectType => {
  if (!type) throw new Error(`the supergraph has no ${name} type`);
  return type;
};
const QUERY = rootType(SCHEMA.getQueryType(), "Query");
const SUBSCRIPTION = rootType(SCHEMA.getSubscriptionType(), "Subscription");
const MUTATION = rootType(SCHEMA.getMutationType(), "Mutation");

/** Types a selection passes through, connections and edges not counted: unit → product → brand owner. */
const MAX_DEPTH = 3;
/** Page size for lists at the root (more than the data set holds) and inside them. */
const ROOT_PAGE = 50;
const NESTED_PAGE = 20;
/** Variants of a root field sent in one request (as aliases). */
const CHUNK = 12;
/** After every seeded event: `Unit.containersAt(time:)` asks about this moment. */
const LATE = "2026-10-01T00:00:00.000Z";
/** Values of nested fields' arguments, by argument name. A required argument not here fails the coverage test. */
const NESTED_ARGUMENTS: Record<string, unknown> = { first: NESTED_PAGE, time: LATE };

const isWrapper = (name: string) => /(Connection|Edge)$/.test(name) || name === "PageInfo";

/**
 * Where argument values come from, by argument or input field name (`code`, `filter.gtin`), or by the returned type
 * and argument (`Recall.id` for `recall(id:)`); `Root.field.arg` for one argument alone.
 */
const POOL_NAMES = ["code", "gtin", "lot", "container", "location", "bizLocations", "readPoints", "organization", "eventIds", "Organization.id", "Order.id", "Recall.id", "Quarantine.id", "CaptureJob.id"] as const;
type Pools = Record<(typeof POOL_NAMES)[number], PoolValue[]> & Record<string, PoolValue[]>;
const POOLED = new Set<string>(POOL_NAMES);

/** A GraphQL literal of `value` as `type`. */
function literal(value: unknown, type: GraphQLInputType): string {
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) return `[${(value as unknown[]).map((v) => literal(v, t.ofType as GraphQLInputType)).join(", ")}]`;
  if (isEnumType(t)) return String(value);
  if (isInputObjectType(t)) {
    const fields = t.getFields();
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      const field = fields[k];
      if (!field) throw new Error(`${t.name} has no field ${k}`);
      return `${k}: ${literal(v, field.type)}`;
    });
    return `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(value);
}

const argumentList = (args: readonly GraphQLArgument[], values: Record<string, unknown>) => {
  const given = args.filter((a) => values[a.name] !== undefined).map((a) => `${a.name}: ${literal(values[a.name], a.type)}`);
  return given.length ? `(${given.join(", ")})` : "";
};
const isRequired = (arg: { type: GraphQLInputType; defaultValue?: unknown }) => isNonNullType(arg.type) && arg.defaultValue === undefined;

interface Generated {
  /** Selection set of each root field (`Query.unit`), empty for a leaf. */
  selections: Map<string, string>;
  /** `Type.field` selected somewhere. */
  covered: Set<string>;
  /** Fields this generator could not select (a required argument without a value, an abstract type). */
  gaps: string[];
}

/**
 * Selections of every root field down to `maxDepth` types (connections and edges not counted). A type met again
 * on the way down (a unit's parent, an order's units) gets its scalar fields only: enough to see whose it is.
 */
function generate(maxDepth: number): Generated {
  const covered = new Set<string>();
  const gaps: string[] = [];
  const selectionOf = (type: GraphQLObjectType, path: string[]): string => {
    const again = path.slice(0, -1).includes(type.name);
    const depth = path.filter((n) => !isWrapper(n)).length;
    const parts: string[] = [];
    for (const field of Object.values(type.getFields())) {
      const values: Record<string, unknown> = {};
      const missing = field.args.filter((a) => {
        if (a.name in NESTED_ARGUMENTS) values[a.name] = NESTED_ARGUMENTS[a.name];
        return isRequired(a) && !(a.name in NESTED_ARGUMENTS);
      });
      if (missing.length) {
        gaps.push(`${type.name}.${field.name}(${missing.map((a) => `${a.name}:`).join(" ")}) needs a value in NESTED_ARGUMENTS`);
        continue;
      }
      const named = getNamedType(field.type);
      const head = `${field.name}${argumentList(field.args, values)}`;
      if (isLeafType(named)) {
        parts.push(head);
        covered.add(`${type.name}.${field.name}`);
        continue;
      }
      if (!isObjectType(named)) {
        gaps.push(`${type.name}.${field.name} returns ${named.name}, which this generator does not expand (an interface or union)`);
        continue;
      }
      if (again || (!isWrapper(named.name) && depth >= maxDepth)) continue;
      const inner = selectionOf(named, [...path, named.name]);
      if (!inner) continue;
      parts.push(`${head} { ${inner} }`);
      covered.add(`${type.name}.${field.name}`);
    }
    return parts.join(" ");
  };
  const selections = new Map<string, string>();
  for (const root of [QUERY, SUBSCRIPTION]) {
    for (const field of Object.values(root.getFields())) {
      const named = getNamedType(field.type);
      selections.set(`${root.name}.${field.name}`, isObjectType(named) ? selectionOf(named, [named.name]) : "");
    }
  }
  return { selections, covered, gaps };
}

/** Every `Type.field` of the object types a caller can reach from a query or a subscription. */
function reachableFields(): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (type: GraphQLObjectType) => {
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (!isObjectType(named) || seen.has(named.name)) continue;
      seen.add(named.name);
      out.push(...Object.keys(named.getFields()).map((f) => `${named.name}.${f}`));
      visit(named);
    }
  };
  visit(QUERY);
  visit(SUBSCRIPTION);
  return out;
}

/** Fields of entities (not connections or edges) that return objects: each leak is reported against the one that carried it. */
const ENTITY_FIELDS = reachableFields().filter((f) => {
  const [typeName = "", name = ""] = f.split(".");
  const type = SCHEMA.getType(typeName);
  return isObjectType(type) && !isWrapper(typeName) && isObjectType(getNamedType(type.getFields()[name]?.type ?? QUERY));
});

const GENERATED = generate(MAX_DEPTH);
/** For filtered lists and streams: the items and what they point to, one level down. */
const LIGHT = generate(2);
/**
 * The selection of one call. A filter (an argument's field) only narrows a list whose every item the unfiltered
 * call reads in full; what matters is which items come back, so filtered calls read two levels.
 */
const selectionFor = (root: string, variant: Variant) => (variant.subject?.at.includes(".") ? LIGHT : GENERATED).selections.get(root) ?? "";
const QUERY_FIELDS = Object.values(QUERY.getFields());
const SUBSCRIPTION_FIELDS = Object.values(SUBSCRIPTION.getFields());
const ROOT_FIELDS = [...QUERY_FIELDS.map((f) => `Query.${f.name}`), ...SUBSCRIPTION_FIELDS.map((f) => `Subscription.${f.name}`)];
/** Each argument (or argument field) filled from a pool: `Query.events(filter.code)`. */
const POOLED_ARGUMENTS = [QUERY, SUBSCRIPTION].flatMap((root) =>
  Object.values(root.getFields()).flatMap((field) =>
    field.args.flatMap((arg) => {
      const named = getNamedType(arg.type);
      const at = isInputObjectType(named)
        ? Object.keys(named.getFields())
            .filter((f) => POOLED.has(f))
            .map((f) => `${arg.name}.${f}`)
        : POOLED.has(`${getNamedType(field.type).name}.${arg.name}`) || POOLED.has(arg.name)
          ? [arg.name]
          : [];
      return at.map((a) => ({ root: `${root.name}.${field.name}`, at: a }));
    }),
  ),
);

// ---------------------------------------------------------------------------------------------------------------
// Who may read what (docs/tenancy.md, "The table").

/** Who a caller is, for the table: operator, regulator, brand A, brand B, the partner, the retailer, no organization, anonymous. */
type Group = "operator" | "regulator" | "brandA" | "brandB" | "partner" | "retailer" | "noOrg" | "anonymous";

/** Something that identifies one tenant's data, in every form it may be written, and who may read it. */
interface Marker {
  label: string;
  forms: string[];
  readers: ReadonlySet<Group>;
  /** Which callers of a reading group must see it (default: all); the others may, but need not (admins-only data). */
  mustSee?: (caller: { name: string; group: Group }) => boolean;
  /** Fields through which it is public by design (an issued recall's notice, on the public verdict of a unit it covers). */
  publicVia?: readonly string[];
}
/** Tenant data: operators and regulators read it, and the groups named. */
const tenant = (label: string, forms: string[], ...groups: Group[]): Marker => ({
  label,
  forms: forms.filter(Boolean),
  readers: new Set<Group>(["operator", "regulator", ...groups]),
});
/** An organization's API key: its organization and operators only (a regulator reads only its own keys). */
const apiKeyMarker = (label: string, forms: string[], owner: Group): Marker => ({ label, forms, readers: new Set<Group>(["operator", owner]) });
/** What nobody may read back (an API key's secret). */
/** Data of one organization alone (a draft recall): its callers and operators, not regulators. */
const ownOnly = (label: string, forms: string[], owner: Group): Marker => ({ label, forms, readers: new Set<Group>(["operator", owner]) });
/** A member of an organization: operators, and its organization's admins only (here the callers with every role). */
const memberMarker = (label: string, forms: string[], owner: Group): Marker => ({
  label,
  forms,
  readers: new Set<Group>(["operator", owner]),
  mustSee: (caller) => caller.group === "operator" || caller.name.endsWith("(every role)"),
});
const secret = (label: string, forms: string[]): Marker => ({ label, forms, readers: new Set<Group>() });
/** A seller's customer (personal data): the seller's own callers alone, not operators, not regulators. */
const personal = (label: string, forms: string[], owner: Group): Marker => ({ label, forms, readers: new Set<Group>([owner]) });

interface Principal {
  name: string;
  group: Group;
  /** The `Authorization` header, or null (anonymous). */
  authorization: string | null;
}

/** A value of an argument, and the marker it names (null: it names nothing that exists, the "unknown" reference). */
interface PoolValue {
  value: unknown;
  names: Marker | null;
}

/** One call of a root field: its arguments, and what its varied argument names. */
interface Variant {
  label: string;
  args: Record<string, unknown>;
  /** The argument (path) this variant varies and what the value names; absent for the base call. */
  subject?: { at: string; names: Marker | null };
}

/** One answer: a root field called by a principal with one variant. */
interface Observation {
  principal: Principal;
  root: string;
  variant: Variant;
  data: unknown;
  errors: unknown[];
}

/** A marker shown to a caller the table does not let read it, and the field that carried it. */
interface Leak {
  principal: string;
  call: string;
  marker: string;
  where: string;
  carrier: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Arguments: filled from the data set by name, one varied at a time.

/** Values of root fields' arguments that do not come from the data set, by `Root.field.arg` or argument name. */
const ROOT_ARGUMENTS: Record<string, unknown> = {
  first: ROOT_PAGE,
  symbology: "QR",
  format: "SVG",
  companyPrefixLength: 7,
  epcFormat: "ALWAYS_EPC_URN",
};

/** What to pass for an argument: its candidates, first one the base; null when nothing fits (a gap). */
function candidatesOf(root: GraphQLObjectType, field: GraphQLField<unknown, unknown>, arg: GraphQLArgument, pools: Pools): PoolValue[] | null {
  const key = `${root.name}.${field.name}.${arg.name}`;
  const required = isRequired(arg);
  const omit: PoolValue[] = required ? [] : [{ value: undefined, names: null }];
  if (key in pools) return [...omit, ...(pools[key] ?? [])];
  if (arg.name in ROOT_ARGUMENTS) return [{ value: ROOT_ARGUMENTS[arg.name], names: null }];
  const returned = getNamedType(field.type).name;
  const pool = pools[`${returned}.${arg.name}`] ?? pools[arg.name];
  if (pool) return [...omit, ...pool];
  const named = getNamedType(arg.type);
  if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields());
    if (fields.some((f) => isRequired(f) && !pools[f.name])) return null;
    // Booleans on (include contents, include error declarations): read as much as a filter allows.
    const flags = Object.fromEntries(fields.filter((f) => getNamedType(f.type).name === "Boolean").map((f) => [f.name, true]));
    const out: PoolValue[] = required ? [{ value: {}, names: null }] : [...omit];
    for (const f of fields) {
      for (const pv of pools[f.name] ?? [])
        out.push({ value: { ...flags, [f.name]: isListType(isNonNullType(f.type) ? f.type.ofType : f.type) ? [pv.value] : pv.value }, names: pv.names });
    }
    return out;
  }
  return required ? null : omit;
}

/** The calls of a root field: the base (first candidate of every argument), then each other candidate of each argument. */
function variantsOf(root: GraphQLObjectType, field: GraphQLField<unknown, unknown>, pools: Pools): Variant[] | string {
  const base: Record<string, unknown> = {};
  const varying: { arg: GraphQLArgument; candidates: PoolValue[] }[] = [];
  for (const arg of field.args) {
    const candidates = candidatesOf(root, field, arg, pools);
    if (!candidates?.length) return `${root.name}.${field.name}(${arg.name}:) is required and this test has no value for it: add a pool or a ROOT_ARGUMENTS entry`;
    const first = candidates[0] as PoolValue;
    if (first.value !== undefined) base[arg.name] = first.value;
    if (candidates.length > 1) varying.push({ arg, candidates });
  }
  const variants: Variant[] = [{ label: "base", args: base }];
  for (const { arg, candidates } of varying) {
    for (const c of candidates.slice(1)) {
      const at = isInputObjectType(getNamedType(arg.type))
        ? `${arg.name}.${Object.keys(c.value as object).find((k) => typeof (c.value as Record<string, unknown>)[k] !== "boolean") ?? ""}`
        : arg.name;
      variants.push({ label: `${at}=${JSON.stringify(c.value)}`, args: { ...base, [arg.name]: c.value }, subject: { at, names: c.names } });
    }
  }
  return variants;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading answers.

const BASE64 = /^[A-Za-z0-9+/_-]{12,}={0,2}$/;
/** The text of an answer, with every string that decodes as base64 (cursors) decoded alongside. */
function textOf(value: unknown): string {
  const parts = [JSON.stringify(value) ?? ""];
  const walk = (v: unknown) => {
    if (typeof v === "string") {
      if (BASE64.test(v)) {
        const decoded = Buffer.from(v, "base64").toString("utf8");
        if (/^[\x20-\x7e]+$/.test(decoded)) parts.push(decoded);
      }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(value);
  return parts.join("\n");
}

/** Every path (keys; list positions left out) in `value` to a string that holds `form`. */
function pathsOf(value: unknown, form: string, at: string[] = [], out: string[][] = []): string[][] {
  if (typeof value === "string") {
    if (textOf(value).includes(form)) out.push(at);
  } else if (Array.isArray(value)) {
    for (const v of value) pathsOf(v, form, at, out);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) pathsOf(v, form, [...at, k], out);
  }
  return out;
}

/**
 * The field that carried what a path reaches: the last field on the way down, of an entity (not a connection or
 * an edge), that returns an object (`Product.brandOwner`, `Unit.events`); the root field when there is none.
 */
function carrierOf(root: string, path: string[]): string {
  const [parent, name] = root.split(".");
  let type = getNamedType((parent === "Subscription" ? SUBSCRIPTION : QUERY).getFields()[name ?? ""]?.type ?? QUERY);
  let carrier = root;
  for (const key of path) {
    if (!isObjectType(type)) break;
    const field = type.getFields()[key];
    if (!field) break;
    const named = getNamedType(field.type);
    if (isObjectType(named) && !isWrapper(type.name)) carrier = `${type.name}.${key}`;
    type = named;
  }
  return carrier;
}

// `labels` draws whatever codes it is given and reads no tenant data: what it answers is what the caller sent.
const PUBLIC_ROOTS = new Set([...PUBLIC_ROOT_FIELDS].map((f) => `Query.${f}`).concat(["Query.product", "Query.labels"]));

/** Markers an observation shows that its principal may not read, one per marker and carrying field. */
function leaksOf(o: Observation, markers: Marker[]): Leak[] {
  const sent = JSON.stringify(o.variant.args);
  const dataText = textOf(o.data);
  const errorText = textOf(o.errors);
  const out: Leak[] = [];
  for (const m of markers) {
    if (m.readers.has(o.principal.group)) continue;
    // What the caller sent may come back in an error, and in the public catalogue and verdict (docs/tenancy.md).
    const echoed = m.forms.some((f) => sent.includes(f));
    const found = new Map<string, string>();
    for (const form of m.forms) {
      if (dataText.includes(form) && !(echoed && PUBLIC_ROOTS.has(o.root))) {
        for (const path of pathsOf(o.data, form)) {
          const carrier = carrierOf(o.root, path);
          if (m.publicVia?.includes(carrier)) continue;
          if (!found.has(carrier)) found.set(carrier, `data: ${path.join(".") || "."}`);
        }
      }
      if (errorText.includes(form) && !echoed && !found.has(o.root)) found.set(o.root, `errors: ${pathsOf(o.errors, form)[0]?.join(".") ?? "?"}`);
    }
    for (const [carrier, where] of found) out.push({ principal: o.principal.name, call: `${o.root} ${o.variant.label}`, marker: m.label, where, carrier });
  }
  return out;
}

const table = (leaks: Leak[]) => ["principal | call | marker | where", ...leaks.map((l) => `${l.principal} | ${l.call} | ${l.marker} | ${l.where}`)].join("\n");

/** An answer with its times blanked and its errors reduced to their codes, to compare "hidden" with "unknown". */
function shapeOf(o: Observation): string {
  const codes = o.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code ?? "?");
  return JSON.stringify({ data: o.data, codes }).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, "<time>");
}

// ---------------------------------------------------------------------------------------------------------------

const CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
const A_PREFIX = "9506000";
const B_PREFIX = "0614141";
const gtin = (body13: string) => `${body13}${gs1CheckDigit(body13)}`;
const gln = (body12: string) => `${body12}${gs1CheckDigit(body12)}`;
const A1 = gtin(`0${A_PREFIX}13435`); // brand A, granted READ to the partner
const A2 = gtin(`0${A_PREFIX}13436`); // brand A, handed over to the retailer (which may CAPTURE on it)
const B1 = gtin(`0${B_PREFIX}12345`); // brand B
const UNKNOWN_GTIN = gtin(`0${A_PREFIX}99999`); // registered by nobody
const sscc = (body17: string) => `https://id.gs1.org/00/${body17}${gs1CheckDigit(body17)}`;
const SSCC = sscc(`0${A_PREFIX}000000012`); // brand A's pallet
const UNKNOWN_SSCC = sscc(`0${A_PREFIX}000000099`);
const RETAILER_GLN = gln("400000100000"); // the retailer's registered location
const ONWARD_GLN = gln("400000200000"); // where the retailer ships a unit on to
const LATER_GLN = gln("400000300000"); // where the unit is seen after it left the retailer
const UNKNOWN_GLN = gln("400000900000");
const FACTORY_GLN = gln(`${A_PREFIX}00777`); // brand A's own location
const sgtin = (g: string, serial: string) => `https://id.gs1.org/01/${g}/21/${serial}`;
const glnUri = (g: string) => `https://id.gs1.org/414/${g}`;

/** A unit's marker: its id, EPC URN and serial. */
const unitForms = (id: string, serial?: string) => [id, toEpcUri(id, { companyPrefixLength: 7 }), ...(serial ? [serial] : [])];
/** A GTIN's marker: its 13 significant digits and its EPC class (prefix.indicator+item reference). */
const gtinForms = (g: string) => [g.slice(1), `${g.slice(1, 8)}.${g[0]}${g.slice(8, 13)}`];
/** A GLN's marker: its digits and its SGLN URN. */
const glnForms = (g: string) => [g, `${g.slice(0, 7)}.${g.slice(7, 12)}`];

const doc = (events: Record<string, unknown>[]) => ({
  "@context": [CONTEXT],
  type: "EPCISDocument",
  schemaVersion: "2.0",
  creationDate: "2026-01-01T00:00:00Z",
  epcisBody: { eventList: events },
});
const at = (time: string) => ({ eventTime: time, eventTimeZoneOffset: "+00:00" });

describe("isolation matrix: every root field, as every kind of caller, shows only what the tenancy table allows", () => {
  let hub: TestHub;
  let principals: Principal[] = [];
  let markers: Marker[] = [];
  const observations = new Map<string, Observation[]>(ROOT_FIELDS.map((f) => [f, []]));
  const gaps = new Map<string, string>();
  const mutationRefusals: string[] = [];
  let timings = "";

  /**
   * Callers that run every variant (each id, code and filter): one of each kind. The others (every role at once,
   * API keys) and regulators (who read everything but other organizations' keys) run each field's base call;
   * anonymous callers open no filtered subscriptions (the gateway limits unauthenticated connections per address).
   */
  const exhaustive = (p: Principal, live: boolean) => principals.find((q) => q.group === p.group) === p && p.group !== "regulator" && !(live && p.authorization === null);
  const call = (query: string, variables: Record<string, unknown>, authorization: string | null): Promise<GraphQLResponse<any>> =>
    postGraphQL<any>(hub.url, query, variables, null, authorization ? { authorization } : {});
  const must = async (query: string, variables: Record<string, unknown>, authorization: string | null): Promise<any> => {
    const res = await call(query, variables, authorization);
    if (res.errors?.length || !res.data) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
    return res.data;
  };

  beforeAll(async () => {
    const started = Date.now();
    // Grants take effect at once here (the default scope cache is 5 s). The generated selections are far larger
    // than any client's, so this hub lifts the size limits and waits longer for subgraphs (on a busy machine);
    // neither is what this test is about.
    hub = await startHub({
      scopeCacheMs: 0,
      gateway: {
        limits: { maxDepth: 64, maxFields: 100_000, maxAliases: 1_000, maxRootFields: 1_000, maxTokens: 1_000_000, maxCost: 1e12 },
        subgraphs: { timeoutMs: 20_000 },
        // Hundreds of subscriptions open at once from this one address, each looked up (scope, membership) uncached.
        websocket: { maxUnauthenticatedPerAddress: 1_000 },
      },
    });
    const bearer = async (sub: string, org: string | null, roles: Role[]) => `Bearer ${await hub.token({ sub, org, roles })}`;
    const op = await bearer("operator", null, ["operator"]);

    // Organizations.
    const names = { brandA: "Alpha Brand Org", brandB: "Bravo Brand Org", partner: "Carrier Logistics Org", retailer: "Corner Pharmacy Org", regulator: "Agency Regulator Org" };
    const orgA = await hub.seed.organization({ name: names.brandA, kind: "BRAND_OWNER", companyPrefixes: [A_PREFIX] });
    const orgB = await hub.seed.organization({ name: names.brandB, kind: "BRAND_OWNER", companyPrefixes: [B_PREFIX] });
    const orgP = await hub.seed.organization({ name: names.partner, kind: "LOGISTICS" });
    const orgR = await hub.seed.organization({ name: names.retailer, kind: "RETAILER" });
    const orgG = await hub.seed.organization({ name: names.regulator, kind: "REGULATOR" });
    const LOCATION_NAME = "Corner Street Store";
    const FACTORY_NAME = "Alpha Factory Site";
    const addLocation = (organizationId: string, gln: string, name: string) =>
      must(`mutation($i: AddLocationInput!) { addLocation(input: $i) { id } }`, { i: { organizationId, gln, name } }, op);
    await addLocation(orgR, RETAILER_GLN, LOCATION_NAME);
    await addLocation(orgA, FACTORY_GLN, FACTORY_NAME);
    const brandA = await bearer("a", orgA, ["brand_owner"]);
    const brandB = await bearer("b", orgB, ["brand_owner"]);
    const retailer = await bearer("r", orgR, ["fulfilment"]);

    // Products and units (serials that cannot occur by chance in ids, hashes or cursors).
    for (const [g, name, token] of [
      [A1, "Product alpha one", brandA],
      [A2, "Product alpha two", brandA],
      [B1, "Product bravo one", brandB],
    ] as const) {
      await must(`mutation($i: UpsertProductInput!) { upsertProduct(input: $i) { gtin } }`, { i: { gtin: g, name } }, token);
    }
    const commission = async (g: string, lot: string, serials: string[], time: string, token: string) =>
      (await must(`mutation($i: CommissionUnitsInput!) { commissionUnits(input: $i) { eventId } }`, { i: { gtin: g, lot, serials, eventTime: time } }, token)).commissionUnits
        .eventId as string;
    const capture = async (events: Record<string, unknown>[], token: string) => {
      const res = (await must(`mutation($d: JSON!) { captureEvents(document: $d) { stored rejected { message } eventIds } }`, { d: doc(events) }, token)).captureEvents;
      expect(res).toMatchObject({ stored: events.length, rejected: [] });
      return res.eventIds as string[];
    };
    const U = {
      a1: sgtin(A1, "A1S01"), // on the mixed pallet
      a2: sgtin(A1, "A1S02"),
      a9: sgtin(A1, "A1S09"), // made from b3
      h1: sgtin(A2, "A2S01"), // handed over to the retailer, then shipped on by it
      h2: sgtin(A2, "A2S02"), // handed over to the retailer, on its order
      x3: sgtin(A2, "A2S03"), // on the mixed pallet; never the retailer's
      b1: sgtin(B1, "B1S01"), // on the mixed pallet
      b2: sgtin(B1, "B1S02"), // on brand B's order
      b3: sgtin(B1, "B1S03"), // consumed into a9
    };
    const eA1 = await commission(A1, "LOTA1X", ["A1S01", "A1S02", "A1S09"], "2026-02-01T08:00:00Z", brandA);
    const eA2 = await commission(A2, "LOTA2X", ["A2S01", "A2S02", "A2S03"], "2026-02-01T09:00:00Z", brandA);
    const eB1 = await commission(B1, "LOTB1X", ["B1S01", "B1S02", "B1S03"], "2026-02-01T10:00:00Z", brandB);

    // A mixed pallet (a 3PL's work, recorded by the operator): units of both brands on brand A's SSCC, shipped
    // together; and a transformation that makes brand A's unit from brand B's.
    const [ePack, eShipMixed, eTransform] = await capture(
      [
        { type: "AggregationEvent", ...at("2026-03-01T10:00:00Z"), parentID: SSCC, childEPCs: [U.a1, U.x3, U.b1], action: "ADD", bizStep: "packing" },
        { type: "ObjectEvent", ...at("2026-03-01T11:00:00Z"), epcList: [SSCC, U.a1, U.x3, U.b1], action: "OBSERVE", bizStep: "shipping" },
        { type: "TransformationEvent", ...at("2026-03-05T10:00:00Z"), inputEPCList: [U.b3], outputEPCList: [U.a9], bizStep: "assembling" },
      ],
      op,
    );

    // Grants: A lets the partner read A1 and the retailer capture (allocate) A2; B's grant to the partner is revoked.
    const grant = async (input: Record<string, unknown>, token: string) =>
      (await must(`mutation($i: GrantAccessInput!) { grantAccess(input: $i) { id } }`, { i: input }, token)).grantAccess.id as string;
    const grantAP = await grant({ granteeId: orgP, gtins: [A1], permissions: ["READ"] }, brandA);
    const grantAR = await grant({ granteeId: orgR, gtins: [A2], permissions: ["CAPTURE"] }, brandA);
    const grantBP = await grant({ granteeId: orgP, gtins: [B1], permissions: ["READ"] }, brandB);
    await must(`mutation($id: ID!) { revokeGrant(id: $id) { id } }`, { id: grantBP }, brandB);

    // The hand-over: A ships h1 and h2 to the retailer's GLN; the retailer ships h1 on; h1 is seen elsewhere later.
    const ship = (epcs: string[], time: string, to: string) => ({
      type: "ObjectEvent",
      ...at(time),
      epcList: epcs,
      action: "OBSERVE",
      bizStep: "shipping",
      destinationList: [{ type: "owning_party", destination: `https://id.gs1.org/417/${to}` }],
    });
    const [eShipToRetailer] = await capture([ship([U.h1, U.h2], "2026-04-02T10:00:00Z", RETAILER_GLN)], brandA);
    const [eShipOnward] = await capture([ship([U.h1], "2026-04-03T10:00:00Z", ONWARD_GLN)], retailer);
    // The retailer receives h2 at its store: it is its stock to sell.
    await capture(
      [{ type: "ObjectEvent", ...at("2026-04-02T12:00:00Z"), epcList: [U.h2], action: "OBSERVE", bizStep: "receiving", bizLocation: { id: glnUri(RETAILER_GLN) } }],
      retailer,
    );
    const [eLater] = await capture(
      [{ type: "ObjectEvent", ...at("2026-04-04T10:00:00Z"), epcList: [U.h1], action: "OBSERVE", bizStep: "inspecting", bizLocation: { id: glnUri(LATER_GLN) } }],
      brandA,
    );

    // Orders, then recalls.
    const order = async (reference: string, customerName: string, email: string, codes: string[], token: string) =>
      (
        await must(
          `mutation($i: CreateOrderInput!) { createOrder(input: $i) { id customer { id } } }`,
          { i: { reference, customer: { name: customerName, email, address: { lines: [`${customerName} Lane 1`], city: "Leeds", country: "GB" } }, unitCodes: codes } },
          token,
        )
      ).createOrder as { id: string; customer: { id: string } };
    const { id: orderR, customer: customerR } = await order("ORD-R-7701", "Romeo Customer", "romeo.customer@example.org", [U.h2], retailer);
    const { id: orderB, customer: customerB } = await order("ORD-B-5501", "Bravo Customer", "bravo.customer@example.org", [U.b2], brandB);
    const trackingR = (await must(`mutation($o: ID!) { issueTrackingLink(orderId: $o) { token } }`, { o: orderR }, retailer)).issueTrackingLink.token as string;
    const draftRecall = async (g: string, lot: string, reason: string, token: string) =>
      (await must(`mutation($i: CreateRecallInput!) { createRecall(input: $i) { id } }`, { i: { gtin: g, lots: [lot], classification: "CLASS_II", reason } }, token)).createRecall.id as string;
    const recall = async (g: string, lot: string, reason: string, token: string) =>
      (await must(`mutation($id: ID!) { issueRecall(id: $id) { id } }`, { id: await draftRecall(g, lot, reason, token) }, token)).issueRecall.id as string;
    const draftA1 = await draftRecall(A1, "LOTA1X", "Draft reason alpha-one", brandA);
    const recallA1 = await recall(A1, "LOTA1X", "Recall reason alpha-one", brandA);
    const recallA2 = await recall(A2, "LOTA2X", "Recall reason alpha-two", brandA);
    const recallB1 = await recall(B1, "LOTB1X", "Recall reason bravo-one", brandB);
    // Brand A announces h2 (already the retailer's) to the retailer's store.
    const noticeA = (
      await must(`mutation($i: CreateNoticeInput!) { createAdvanceShipNotice(input: $i) { id } }`, { i: { reference: "NOTICE-ALPHA-4401", receiver: glnUri(RETAILER_GLN), codes: [U.h2] } }, brandA)
    ).createAdvanceShipNotice.id as string;
    const quarantineA1 = (
      await must(`mutation($i: OpenQuarantineInput!) { openQuarantine(input: $i) { id } }`, { i: { gtin: A1, lots: ["LOTA1X"], reason: "Quarantine reason alpha" } }, brandA)
    ).openQuarantine.id as string;
    // Brand A's capture job (the REST binding's /capture): refused whole (one event breaks the CBV), so it stores nothing.
    const captureJobA = (
      await must(`mutation($d: JSON!) { submitCapture(document: $d, errorBehavior: ROLLBACK) { id } }`, { d: doc([{ type: "ObjectEvent", eventTime: "2026-03-01T08:00:00Z", eventTimeZoneOffset: "+00:00", epcList: [U.a2], action: "OBSERVE", bizStep: "not_a_step" }]) }, brandA)
    ).submitCapture.id as string;
    // Brand A's webhook (deliveries to a port nobody listens on: they stay pending, which is all the matrix reads).
    const webhookA = (
      await must(`mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { secret webhook { id } } }`, { i: { url: "http://127.0.0.1:9/WEBHOOKPATH-alpha", kinds: ["UNIT_MOVEMENT", "ALERT", "RECALL_NOTICE", "ORDER_STATUS"] } }, brandA)
    ).registerWebhook as { secret: string; webhook: { id: string } };
    // Brand A's named EPCIS query (the REST binding's /queries).
    await must(`mutation { createEpcisQuery(name: "QUERYNAME-alpha", query: { EQ_bizStep: ["shipping"] }) { name } }`, {}, brandA);

    // Every organization's admin creates a READ key.
    const keys: Record<string, { key: string; id: string; keyPrefix: string; name: string }> = {};
    for (const [group, org] of [
      ["brandA", orgA],
      ["brandB", orgB],
      ["partner", orgP],
      ["retailer", orgR],
      ["regulator", orgG],
    ] as const) {
      const name = `KEYNAME-${group}`;
      const created = (
        await must(
          `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id keyPrefix } } }`,
          { i: { name, scopes: ["READ"] } },
          await bearer(`admin-${group}`, org, ["admin"]),
        )
      ).createApiKey;
      keys[group] = { key: created.key, id: created.apiKey.id, keyPrefix: created.apiKey.keyPrefix, name };
    }

    // The callers: each organization's own role, every role at once (roles must not widen reads), and its API key.
    const everyRole = ROLES.filter((r) => r !== "operator" && r !== "regulator");

    // Brand B keeps members (so its people's roles come from there): the callers of B below, and one person more.
    const asMemberRoles = (roles: Role[]) => roles.map((r) => r.toUpperCase());
    const adminB = await bearer("admin-brandB", orgB, ["admin"]);
    const member = `mutation($i: AddMemberInput!) { addMember(input: $i) { id } }`;
    await must(member, { i: { subject: "admin-brandB", roles: ["ADMIN"] } }, adminB);
    await must(member, { i: { subject: "brandB-own", roles: ["BRAND_OWNER"] } }, adminB);
    await must(member, { i: { subject: "b", roles: ["BRAND_OWNER"] } }, adminB); // who records B's probes below
    await must(member, { i: { subject: "brandB-all", roles: asMemberRoles([...new Set<Role>(["brand_owner", ...everyRole])]) } }, adminB);
    const memberB = (await must(member, { i: { subject: "MEMBERSUBJECT-brandB", roles: ["LOGISTICS"], name: "Membername Bravo", email: "member.bravo@example.org" } }, adminB)).addMember
      .id as string;
    const orgs: [Group, string, Role[]][] = [
      ["brandA", orgA, ["brand_owner"]],
      ["brandB", orgB, ["brand_owner"]],
      ["partner", orgP, ["logistics"]],
      ["retailer", orgR, ["fulfilment"]],
      ["regulator", orgG, ["regulator"]],
    ];
    principals = [{ name: "operator", group: "operator", authorization: op }];
    for (const [group, org, own] of orgs) {
      principals.push({ name: `${group}(${own.join(",")})`, group, authorization: await bearer(`${group}-own`, org, own) });
      principals.push({ name: `${group}(every role)`, group, authorization: await bearer(`${group}-all`, org, [...new Set<Role>([...own, ...everyRole])]) });
      principals.push({ name: `${group}(API key)`, group, authorization: `ApiKey ${keys[group]?.key}` });
    }
    principals.push({ name: "no organization(every role)", group: "noOrg", authorization: await bearer("loner", null, everyRole) });
    principals.push({ name: "anonymous", group: "anonymous", authorization: null });

    // The markers, and who may read each (docs/tenancy.md).
    const unit = (id: string, serial: string, ...groups: Group[]) => tenant(`unit ${serial}`, unitForms(id, serial), ...groups);
    markers = [
      tenant("org A id", [orgA], "brandA", "partner", "retailer"), // the partner and the retailer hold grants from A
      tenant("org A name", [names.brandA], "brandA"),
      tenant("org B id", [orgB], "brandB", "partner"), // the partner held a grant from B (revoked)
      tenant("org B name", [names.brandB], "brandB"),
      tenant("org partner id", [orgP], "partner", "brandA", "brandB"), // grantee of A's and B's grants
      tenant("org partner name", [names.partner], "partner"),
      tenant("org retailer id", [orgR], "retailer", "brandA"), // grantee of A's grant
      tenant("org retailer name", [names.retailer], "retailer"),
      tenant("org regulator id", [orgG]),
      tenant("org regulator name", [names.regulator]),
      tenant("retailer location name", [LOCATION_NAME], "retailer"),
      tenant("brand A location name", [FACTORY_NAME], "brandA"),
      tenant("brand A GLN", glnForms(FACTORY_GLN), "brandA"),
      tenant("retailer GLN", glnForms(RETAILER_GLN), "retailer", "brandA"), // A shipped there
      tenant("onward GLN", glnForms(ONWARD_GLN), "retailer", "brandA"), // the retailer shipped there (its own capture)
      tenant("later GLN", glnForms(LATER_GLN), "brandA"), // where h1 was after it left the retailer
      tenant("grant A→partner", [grantAP], "brandA", "partner"),
      tenant("grant A→retailer", [grantAR], "brandA", "retailer"),
      tenant("grant B→partner (revoked)", [grantBP], "brandB", "partner"),
      tenant("GTIN A1", gtinForms(A1), "brandA", "partner"),
      tenant("GTIN A2", gtinForms(A2), "brandA", "retailer"),
      tenant("GTIN B1", gtinForms(B1), "brandB", "partner"), // named by the (revoked) grant the partner received
      tenant("lot LOTA1X", ["LOTA1X"], "brandA", "partner"),
      tenant("lot LOTA2X", ["LOTA2X"], "brandA", "retailer"),
      tenant("lot LOTB1X", ["LOTB1X"], "brandB"),
      unit(U.a1, "A1S01", "brandA", "partner"),
      unit(U.a2, "A1S02", "brandA", "partner"),
      unit(U.a9, "A1S09", "brandA", "partner"),
      unit(U.h1, "A2S01", "brandA", "retailer"),
      unit(U.h2, "A2S02", "brandA", "retailer"),
      unit(U.x3, "A2S03", "brandA"),
      unit(U.b1, "B1S01", "brandB"),
      unit(U.b2, "B1S02", "brandB"),
      unit(U.b3, "B1S03", "brandB"),
      tenant("pallet SSCC", unitForms(SSCC), "brandA"),
      tenant("event commissioning A1", [eA1], "brandA", "partner"),
      tenant("event commissioning A2", [eA2], "brandA", "retailer"), // trimmed to h1, h2 for the retailer
      tenant("event commissioning B1", [eB1], "brandB"),
      tenant("event packing (mixed)", [ePack as string], "brandA", "brandB", "partner"),
      tenant("event shipping (mixed)", [eShipMixed as string], "brandA", "brandB", "partner"),
      tenant("event transformation b3→a9", [eTransform as string], "brandA", "brandB", "partner"),
      tenant("event shipping to retailer", [eShipToRetailer as string], "brandA", "retailer"),
      tenant("event shipping onward", [eShipOnward as string], "brandA", "retailer"),
      tenant("event after leaving retailer", [eLater as string], "brandA"),
      tenant("order R id", [orderR], "retailer"),
      tenant("order R reference", ["ORD-R-7701"], "retailer"),
      personal("order R customer", ["Romeo Customer"], "retailer"),
      personal("order R customer e-mail", ["romeo.customer@example.org"], "retailer"),
      personal("order R customer address", ["Romeo Customer Lane 1"], "retailer"),
      personal("customer R id", [customerR.id], "retailer"),
      tenant("order B id", [orderB], "brandB"),
      tenant("order B reference", ["ORD-B-5501"], "brandB"),
      personal("order B customer", ["Bravo Customer"], "brandB"),
      personal("order B customer e-mail", ["bravo.customer@example.org"], "brandB"),
      personal("order B customer address", ["Bravo Customer Lane 1"], "brandB"),
      personal("customer B id", [customerB.id], "brandB"),
      tenant("recall A1 id", [recallA1], "brandA", "partner"),
      { ...tenant("recall A1 reason", ["Recall reason alpha-one"], "brandA", "partner"), publicVia: ["AuthenticityResult.recall"] },
      tenant("recall A2 id", [recallA2], "brandA", "retailer"), // with the units it received
      { ...tenant("recall A2 reason", ["Recall reason alpha-two"], "brandA", "retailer"), publicVia: ["AuthenticityResult.recall"] },
      tenant("recall B1 id", [recallB1], "brandB"),
      { ...tenant("recall B1 reason", ["Recall reason bravo-one"], "brandB"), publicVia: ["AuthenticityResult.recall"] },
      tenant("notice A→retailer id", [noticeA], "brandA", "retailer"), // its shipper and the organization at its receiving location
      tenant("notice A→retailer reference", ["NOTICE-ALPHA-4401"], "brandA", "retailer"),
      tenant("quarantine A1 id", [quarantineA1], "brandA"), // its organization, operators and regulators
      tenant("quarantine A1 reason", ["Quarantine reason alpha"], "brandA"),
      ownOnly("capture job A id", [captureJobA], "brandA"), // a capture job is its organization's (and operators') alone
      ownOnly("webhook A id", [webhookA.webhook.id], "brandA"), // a webhook is its organization's (and operators') alone
      ownOnly("webhook A URL", ["WEBHOOKPATH-alpha"], "brandA"),
      secret("webhook A secret", [webhookA.secret]),
      { label: "EPCIS query A name", forms: ["QUERYNAME-alpha"], readers: new Set<Group>(["brandA"]) }, // its organization's alone (operators have none of their own)
      ownOnly("draft recall A1 id", [draftA1], "brandA"), // a draft is its organization's (and operators') alone
      ownOnly("draft recall A1 reason", ["Draft reason alpha-one"], "brandA"),
      memberMarker("member B id", [memberB], "brandB"),
      memberMarker("member B subject", ["MEMBERSUBJECT-brandB"], "brandB"),
      memberMarker("member B name", ["Membername Bravo"], "brandB"),
      memberMarker("member B e-mail", ["member.bravo@example.org"], "brandB"),
      ...Object.entries(keys).flatMap(([group, k]) => [
        apiKeyMarker(`API key ${group} id`, [k.id], group as Group),
        apiKeyMarker(`API key ${group} name`, [k.name], group as Group),
        apiKeyMarker(`API key ${group} prefix`, [k.keyPrefix], group as Group),
        secret(`API key ${group} secret`, [k.key]),
      ]),
    ];
    const byLabel = (label: string) => {
      const m = markers.find((x) => x.label === label);
      if (!m) throw new Error(label);
      return m;
    };

    // Argument pools: what a caller could pass, each naming one marker, and a value naming nothing.
    const unitCodes: PoolValue[] = [
      ...Object.values(U).map((id) => ({ value: id, names: byLabel(`unit ${id.split("/").pop()}`) })),
      { value: toEpcUri(U.b1, { companyPrefixLength: 7 }), names: byLabel("unit B1S01") },
      { value: toEpcUri(U.x3, { companyPrefixLength: 7 }), names: byLabel("unit A2S03") },
      { value: SSCC, names: byLabel("pallet SSCC") },
      { value: sgtin(A1, "NEVER1"), names: null },
    ];
    const eventIds = markers.filter((m) => m.label.startsWith("event ")).map((m) => ({ value: m.forms[0], names: m }));
    // An id of the same shape that names no event (a hash id's digits replaced).
    const unknownEventId = String(eventIds[0]?.value).replace(/[0-9a-f]{32,}/, (hex) => randomUUID().replace(/-/g, "").repeat(4).slice(0, hex.length));
    const glns: PoolValue[] = [
      { value: glnUri(RETAILER_GLN), names: byLabel("retailer GLN") },
      { value: glnUri(ONWARD_GLN), names: byLabel("onward GLN") },
      { value: glnUri(LATER_GLN), names: byLabel("later GLN") },
      { value: glnUri(UNKNOWN_GLN), names: null },
    ];
    const orgIds: PoolValue[] = [
      ...(["A", "B", "partner", "retailer", "regulator"] as const).map((k) => ({
        value: { A: orgA, B: orgB, partner: orgP, retailer: orgR, regulator: orgG }[k],
        names: byLabel(`org ${k} id`),
      })),
      { value: randomUUID(), names: null },
    ];
    const orderIds: PoolValue[] = [
      { value: orderR, names: byLabel("order R id") },
      { value: orderB, names: byLabel("order B id") },
      { value: randomUUID(), names: null },
    ];
    const pools = (cursor: string | null): Pools => ({
      code: unitCodes,
      gtin: [
        { value: A1, names: byLabel("GTIN A1") },
        { value: A2, names: byLabel("GTIN A2") },
        { value: B1, names: byLabel("GTIN B1") },
        { value: UNKNOWN_GTIN, names: null },
      ],
      lot: [
        { value: "LOTA1X", names: byLabel("lot LOTA1X") },
        { value: "LOTA2X", names: byLabel("lot LOTA2X") },
        { value: "LOTB1X", names: byLabel("lot LOTB1X") },
        { value: "LOTNEVER", names: null },
      ],
      container: [
        { value: SSCC, names: byLabel("pallet SSCC") },
        { value: UNKNOWN_SSCC, names: null },
      ],
      location: glns,
      bizLocations: glns,
      readPoints: glns,
      organization: orgIds,
      eventIds: [...eventIds, { value: unknownEventId, names: null }],
      "Organization.id": orgIds,
      "Order.id": orderIds,
      "Query.pickSuggestions.orderId": orderIds,
      "Query.labels.codes": [{ value: [U.a1, SSCC], names: null }],
      "Query.customer.id": [
        { value: customerR.id, names: byLabel("customer R id") },
        { value: customerB.id, names: byLabel("customer B id") },
        { value: randomUUID(), names: null },
      ],
      // Analytics over the last 300 days (orders here were created just now).
      ...Object.fromEntries(
        ["returnStats", "fulfilmentTimes", "unitsSoldPerDay"].flatMap((f) => [
          [`Query.${f}.from`, [{ value: new Date(Date.now() - 300 * 86_400_000).toISOString(), names: null }]],
          [`Query.${f}.to`, [{ value: new Date(Date.now() + 86_400_000).toISOString(), names: null }]],
        ]),
      ),
      // The retailer's customer link (public: it shows a status and milestones, nothing of any tenant), and one that names nothing.
      "Query.trackOrder.token": [
        { value: trackingR, names: null },
        { value: "A".repeat(43), names: null },
      ],
      "Recall.id": [
        { value: recallA1, names: byLabel("recall A1 id") },
        { value: recallA2, names: byLabel("recall A2 id") },
        { value: recallB1, names: byLabel("recall B1 id") },
        { value: randomUUID(), names: null },
      ],
      // A recall's live progress: followed by its brand, those granted its product and those reading its units.
      "Subscription.recallProgress.recallId": [
        { value: recallA1, names: byLabel("recall A1 id") },
        { value: recallA2, names: byLabel("recall A2 id") },
        { value: recallB1, names: byLabel("recall B1 id") },
        { value: randomUUID(), names: null },
      ],
      "AdvanceShipNotice.id": [
        { value: noticeA, names: byLabel("notice A→retailer id") },
        { value: randomUUID(), names: null },
      ],
      "Quarantine.id": [
        { value: quarantineA1, names: byLabel("quarantine A1 id") },
        { value: randomUUID(), names: null },
      ],
      "Query.epcisQuery.name": [
        { value: "QUERYNAME-alpha", names: byLabel("EPCIS query A name") },
        { value: "QUERYNAME-unknown", names: null },
      ],
      "Query.webhookDeliveries.webhookId": [
        { value: webhookA.webhook.id, names: byLabel("webhook A id") },
        { value: randomUUID(), names: null },
      ],
      "CaptureJob.id": [
        { value: captureJobA, names: byLabel("capture job A id") },
        { value: randomUUID(), names: null },
      ],
      // Connections start at the beginning; a subscription also resumes from before the movements below.
      after: [],
      ...(cursor ? { "Subscription.unitMovements.after": [{ value: cursor, names: null }], "Subscription.recallNotices.after": [{ value: cursor, names: null }] } : {}),
    });
    timings += `seeded in ${Date.now() - started} ms; `;

    // Subscriptions: every principal subscribes with every variant, then movements of each brand (and a mixed one
    // and the retailer's own) happen; what arrives is collected, live and resumed from the cursor.
    const subsStarted = Date.now();
    const cursor = (await must(`{ movementCursor }`, {}, op)).movementCursor as string;
    const open: { principal: Principal; root: string; variant: Variant; live: LiveSubscription<unknown>; failure: unknown[] }[] = [];
    for (const field of SUBSCRIPTION_FIELDS) {
      const root = `Subscription.${field.name}`;
      const variants = variantsOf(SUBSCRIPTION, field, pools(cursor));
      if (typeof variants === "string") {
        gaps.set(root, variants);
        continue;
      }
      for (const principal of principals) {
        // Every caller subscribes unfiltered; one of each kind also resumed from the cursor, and with every filter
        // (operators and regulators, who read everything, without filters). Arguments go as variables, so the
        // gateway plans each document once.
        const mine = variants.filter((v) => !v.subject || (exhaustive(principal, true) && (v.subject.at === "after" || !["operator", "regulator"].includes(principal.group))));
        for (const variant of mine) {
          const selection = selectionFor(root, variant);
          const declared = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ");
          const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(", ");
          const text = `subscription${declared ? `(${declared})` : ""} { ${field.name}${passed ? `(${passed})` : ""}${selection ? ` { ${selection} }` : ""} }`;
          const live = subscribe<unknown>(hub.wsUrl, text, variant.args, { connectionParams: principal.authorization ? { authorization: principal.authorization } : {} });
          const failure: unknown[] = [];
          // An error, or how the connection was closed (a CloseEvent: its code and reason).
          void live.failed.then((e) =>
            failure.push(e instanceof Error ? { message: e.message } : { code: (e as { code?: unknown }).code, reason: (e as { reason?: unknown }).reason }),
          );
          open.push({ principal, root, variant, live, failure });
        }
      }
    }
    try {
      const until = async (done: () => boolean, ms: number) => {
        for (const end = Date.now() + ms; !done() && Date.now() < end;) await new Promise((resolve) => setTimeout(resolve, 50));
        return done();
      };
      const move = async (codes: string[], bizStep: string, token: string) =>
        (await must(`mutation($i: RecordMovementInput!) { recordMovement(input: $i) { eventId } }`, { i: { codes, bizStep } }, token)).recordMovement.eventId as string;
      // Probes until every unfiltered live subscription of a caller that may read a movement has received one: the
      // streams are up before the movements that count. Probes are markers like any movement.
      const ready = open.filter((s) => s.root === "Subscription.unitMovements" && !s.variant.subject && !["noOrg", "anonymous"].includes(s.principal.group));
      for (let round = 1; ; round++) {
        markers.push(
          tenant(`probe ${round} A1S02 by A`, [await move([U.a2], "inspecting", brandA)], "brandA", "partner"),
          tenant(`probe ${round} B1S02 by B`, [await move([U.b2], "inspecting", brandB)], "brandB"),
          tenant(`probe ${round} A2S02 by retailer`, [await move([U.h2], "receiving", retailer)], "retailer", "brandA"),
        );
        if (await until(() => ready.every((s) => s.live.received.length > 0), 2_000)) break;
        if (round === 5) throw new Error(`live subscriptions got no movement: ${ready.filter((s) => !s.live.received.length).map((s) => s.principal.name)}`);
      }
      const moves = [
        tenant("movement A1S02 by A", [await move([U.a2], "inspecting", brandA)], "brandA", "partner"),
        tenant("movement A2S01 by A (left the retailer)", [await move([U.h1], "inspecting", brandA)], "brandA"),
        tenant("movement B1S02 by B", [await move([U.b2], "inspecting", brandB)], "brandB"),
        tenant("movement A1S01+B1S01 by operator", [await move([U.a1, U.b1], "inspecting", op)], "brandA", "brandB", "partner"),
        tenant("movement A2S02 by retailer", [await move([U.h2], "receiving", retailer)], "retailer", "brandA"),
      ];
      markers.push(...moves);
      // Until every unfiltered live subscription has the movements its caller may read (the test below says which
      // did not come), then until nothing more arrives for a while (what should not come has had its chance).
      const due = (s: (typeof open)[number]) => moves.filter((m) => m.readers.has(s.principal.group)).every((m) => textOf(s.live.received).includes(m.forms[0] ?? "?"));
      await until(() => ready.every(due), 10_000);
      let last = -1;
      for (const end = Date.now() + 10_000; Date.now() < end;) {
        const now = open.reduce((n, s) => n + s.live.received.length + s.live.resultErrors.length, 0);
        if (now === last) break;
        last = now;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      await Promise.all(open.map((s) => s.live.dispose().catch(() => undefined)));
    }
    for (const s of open) {
      const name = s.root.split(".")[1] ?? "";
      const data = s.live.received.map((r) => (r as Record<string, unknown>)[name]);
      observations.get(s.root)?.push({ principal: s.principal, root: s.root, variant: s.variant, data, errors: [...s.live.resultErrors, ...s.failure] });
    }
    timings += `${open.length} subscriptions in ${Date.now() - subsStarted} ms; `;

    // Queries: every root field, every variant (aliased, a few per request), as every principal.
    const queriesStarted = Date.now();
    let requests = 0;
    const jobs: (() => Promise<void>)[] = [];
    for (const field of QUERY_FIELDS) {
      const root = `Query.${field.name}`;
      const variants = variantsOf(QUERY, field, pools(null));
      if (typeof variants === "string") {
        gaps.set(root, variants);
        continue;
      }
      const operation = (chunk: Variant[]) =>
        `query { ${chunk
          .map((v, j) => {
            const selection = selectionFor(root, v);
            return `v${j}: ${field.name}${argumentList(field.args, v.args)}${selection ? ` { ${selection} }` : ""}`;
          })
          .join(" ")} }`;
      const observe = (principal: Principal, variant: Variant, res: GraphQLResponse<any>, alias: string) => {
        const errors = (res.errors ?? []).filter((e) => !e.path || e.path[0] === alias);
        observations.get(root)?.push({ principal, root, variant, data: (res.data as Record<string, unknown> | null | undefined)?.[alias] ?? null, errors });
      };
      for (const principal of principals) {
        const mine = exhaustive(principal, false) ? variants : variants.slice(0, 1);
        for (let i = 0; i < mine.length; i += CHUNK) {
          const chunk = mine.slice(i, i + CHUNK);
          jobs.push(async () => {
            requests++;
            const res = await call(operation(chunk), {}, principal.authorization);
            if (!res.data && chunk.length > 1 && res.errors?.some((e) => e.path)) {
              // One variant's error nulled the whole answer (a non-null root field): ask each on its own.
              for (const variant of chunk) {
                requests++;
                observe(principal, variant, await call(operation([variant]), {}, principal.authorization), "v0");
              }
              return;
            }
            chunk.forEach((variant, j) => observe(principal, variant, res, `v${j}`));
          });
        }
      }
    }
    const workers = Array.from({ length: 4 }, async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) await job();
    });
    await Promise.all(workers);
    timings += `${requests} query requests in ${Date.now() - queriesStarted} ms; `;

    // Mutations: an anonymous caller is refused every one, whatever it sends.
    for (const field of Object.values(MUTATION.getFields())) {
      const required = field.args.filter((a) => isRequired(a));
      const declared = required.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ");
      const named = getNamedType(field.type);
      const selection = isObjectType(named) ? ` { ${Object.values(named.getFields()).find((f) => isLeafType(getNamedType(f.type)) && !f.args.length)?.name ?? "__typename"} }` : "";
      const text = `mutation${declared ? `(${declared})` : ""} { ${field.name}${required.length ? `(${required.map((a) => `${a.name}: $${a.name}`).join(", ")})` : ""}${selection} }`;
      const variables = Object.fromEntries(required.map((a) => [a.name, sampleOf(a.type)]));
      const res = await call(text, variables, null);
      const code = res.errors?.[0]?.extensions?.code;
      if (res.status !== 401 || code !== "UNAUTHENTICATED" || (res.data && Object.values(res.data).some((v) => v !== null))) {
        mutationRefusals.push(`Mutation.${field.name}: HTTP ${res.status}, ${code ?? "no error"}, data ${JSON.stringify(res.data ?? null)}`);
      }
    }
    timings += `total ${Date.now() - started} ms`;
    console.info(
      `isolation matrix: ${ROOT_FIELDS.length} root fields (${ENTITY_FIELDS.length} entity fields below them) × ${principals.length} callers, ${markers.length} markers; ${timings}`,
    );
  }, 180_000);
  afterAll(() => hub?.stop());

  const all = () => [...observations.values()].flat();
  const seenBy = (p: Principal, only: (o: Observation) => boolean = () => true) =>
    all()
      .filter((o) => o.principal === p && only(o))
      .map((o) => textOf(o.data))
      .join("\n");

  it("reaches every field a query or subscription can reach, and can call every root field", () => {
    const uncovered = reachableFields().filter((f) => !GENERATED.covered.has(f));
    expect({ gaps: [...GENERATED.gaps, ...gaps.values()], uncovered }).toEqual({ gaps: [], uncovered: [] });
  });

  it("runs every generated operation for the operator without an error", () => {
    const failed = all()
      .filter((o) => o.principal.group === "operator" && o.errors.length)
      .map((o) => `${o.root} ${o.variant.label}: ${JSON.stringify(o.errors[0])}`);
    expect(failed).toEqual([]);
  });

  it("shows every caller everything the table lets it read (so that a quiet answer is not an empty one)", () => {
    const unseen = principals.flatMap((p) => {
      const text = seenBy(p);
      return markers.filter((m) => m.readers.has(p.group) && (m.mustSee?.(p) ?? true) && !m.forms.some((f) => text.includes(f))).map((m) => `${p.name}: ${m.label}`);
    });
    // Live (not resumed) streams too: each caller's unfiltered subscription got every movement it may read.
    const missed = principals.flatMap((p) => {
      const text = seenBy(p, (o) => o.root.startsWith("Subscription.") && !o.variant.subject);
      return markers.filter((m) => m.label.startsWith("movement ") && m.readers.has(p.group) && !m.forms.some((f) => text.includes(f))).map((m) => `${p.name}: ${m.label}`);
    });
    expect({ unseen, missed }).toEqual({ unseen: [], missed: [] });
  });

  let leaks: Leak[] | null = null;
  it.each([...ROOT_FIELDS, ...ENTITY_FIELDS])("%s shows no caller a marker the table does not let it read", (field) => {
    leaks ??= all().flatMap((o) => leaksOf(o, markers));
    const mine = leaks.filter((l) => l.carrier === field);
    if (mine.length) throw new Error(`${mine.length} leak(s) through ${field}:\n${table(mine)}`);
  });

  it.each(POOLED_ARGUMENTS.filter((c) => !PUBLIC_ROOTS.has(c.root)).map((c) => [`${c.root}(${c.at}:)`, c]))(
    "%s naming what the caller may not see answers exactly as naming nothing that exists",
    (_name, { root, at }) => {
      const mismatches: string[] = [];
      const mine = (observations.get(root) ?? []).filter((o) => o.variant.subject?.at === at);
      expect(mine.filter((o) => o.variant.subject?.names === null).length).toBeGreaterThan(0);
      for (const o of mine) {
        const names = o.variant.subject?.names;
        if (!names || names.readers.has(o.principal.group)) continue;
        const unknown = mine.find((r) => r.principal === o.principal && r.variant.subject?.names === null);
        if (!unknown || shapeOf(o) === shapeOf(unknown)) continue;
        const shown = markers.filter((m) => m.forms.some((f) => textOf(o.data).includes(f))).map((m) => m.label);
        const answer = shown.length ? `with ${shown.slice(0, 6).join(", ")}${shown.length > 6 ? ", …" : ""}` : shapeOf(o).slice(0, 160);
        mismatches.push(`${o.principal.name} | ${names.label} | answers ${answer} | naming nothing answers ${shapeOf(unknown).slice(0, 160)}`);
      }
      if (mismatches.length) throw new Error(`${mismatches.length} answer(s) tell hidden from unknown:\nprincipal | named | answer | reference\n${mismatches.join("\n")}`);
    },
  );

  it("refuses an anonymous caller every query but the public ones (401 UNAUTHENTICATED) and every subscription (4401)", () => {
    const PUBLIC = new Set([...PUBLIC_ROOT_FIELDS].map((f) => `Query.${f}`));
    const admitted = all()
      .filter((o) => o.principal.group === "anonymous" && !PUBLIC.has(o.root))
      .filter((o) => {
        const first = o.errors[0] as { extensions?: { code?: string }; code?: number } | undefined;
        return o.root.startsWith("Subscription.") ? first?.code !== 4401 || (o.data as unknown[]).length > 0 : first?.extensions?.code !== "UNAUTHENTICATED" || o.data !== null;
      })
      .map((o) => `${o.root} ${o.variant.label}: ${JSON.stringify({ data: o.data, errors: o.errors }).slice(0, 200)}`);
    expect(admitted).toEqual([]);
  });

  it("refuses every mutation to an anonymous caller (401 UNAUTHENTICATED, nothing done)", () => {
    expect(mutationRefusals).toEqual([]);
  });
});

/** Some value of an input type (an anonymous caller is refused whatever it sends). */
function sampleOf(type: GraphQLInputType): unknown {
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) return [sampleOf(t.ofType as GraphQLInputType)];
  if (isEnumType(t)) return t.getValues()[0]?.value;
  if (isInputObjectType(t))
    return Object.fromEntries(
      Object.values(t.getFields())
        .filter((f) => isRequired(f))
        .map((f) => [f.name, sampleOf(f.type)]),
    );
  switch (t.name) {
    case "Int":
    case "Float":
      return 1;
    case "Boolean":
      return true;
    case "ID":
      return randomUUID();
    case "DateTimeISO":
      return LATE;
    case "JSON":
      return {};
    default:
      return "x";
  }
}
