import fc from "fast-check";
import {
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from "graphql";
import { type KnownCodes, applyEdits, gtinArb, identifierArb } from "./identifiers";

/** Values the hub under test really holds, so that some generated arguments hit real rows. */
export interface Vocabulary extends KnownCodes {
  /** The clock plausible times are taken back from (ms since the epoch). */
  now: number;
  /** Ids of organizations, orders, recalls and grants. */
  ids: string[];
  /** Cursors the hub handed out. */
  cursors: string[];
  /** Small EPCIS documents (for `document: JSON` arguments). */
  documents: unknown[];
}

const OPERATION_KINDS = ["query", "mutation", "subscription"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** A GraphQL request as sent over HTTP. */
export interface FuzzRequest {
  query: string;
  variables: Record<string, unknown>;
}

/** One argument: its value, and whether it is sent inline or as a variable (declared as `declaredType`). */
interface ArgPlan {
  name: string;
  type: GraphQLInputType;
  value: unknown;
  asVariable: boolean;
  /** The declared variable type: the argument's own, or (rarely) a wrong one. */
  declaredType: string;
}

/** One field of a selection set. */
interface FieldPlan {
  alias: string | null;
  name: string;
  args: ArgPlan[];
  /** Sub-selections; `null` for leaves. */
  selection: SelectionPlan | null;
}

/** A selection set, written inline or through a named fragment. */
interface SelectionPlan {
  typeName: string;
  fields: FieldPlan[];
  /** Inline fragments on the possible types of an abstract type. */
  fragments: SelectionPlan[];
  asNamedFragment: boolean;
}

/** How deep generated selections go below the root field (the gateway's limit is 15; deeper is its own test). */
const MAX_SELECTION_DEPTH = 4;

/** How deep generated input objects go (only a self-referencing input type reaches it). */
const MAX_INPUT_DEPTH = 6;

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** Times as DateTimeISO would take them, and many it must refuse: year 0, negative years, beyond JS dates, impossible days. */
export function dateTimeArb(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.date({ min: new Date(-8_640_000_000_000_000), max: new Date(8_640_000_000_000_000), noInvalidDate: true }).map((d) => d.toISOString()) },
    { weight: 2, arbitrary: fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString()) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        "0000-01-01T00:00:00Z",
        "-000001-01-01T00:00:00Z",
        "+275760-09-13T00:00:00.001Z",
        "+999999-12-31T23:59:59Z",
        "2026-02-30T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-01-01T24:00:00Z",
        "2026-01-01T23:59:60Z",
        "2026-01-01T00:00:00+25:00",
        "2026-01-01T00:00:00",
        "2026-01-01",
        "4000-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
        "1-01-01T00:00:00Z",
        "2026-W01-1",
        "now",
        "",
      ),
    },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.constant(8.64e15 + 1)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  );
}

/** Ints: the edges of 32 bits, page-size edges, small numbers. */
function intArb(hint: string): fc.Arbitrary<number> {
  const edges = fc.constantFrom(-2_147_483_648, 2_147_483_647, -1, 0, 1, 2);
  // A real count is kept small: commissioning up to 100,000 units (the service's legal maximum) is legitimately
  // slow and no fuzz finding; counts just past that and the 32-bit edges are still sent.
  if (hint === "count") return fc.oneof(edges, fc.integer({ min: -5, max: 25 }), fc.constantFrom(100_000 + 1, 1_000_000));
  if (hint === "first") return fc.oneof(edges, fc.constantFrom(499, 500, 501, 20), fc.integer({ min: -1_000, max: 1_000 }));
  if (hint === "companyPrefixLength") return fc.oneof(edges, fc.integer({ min: -2, max: 15 }));
  return fc.oneof(edges, fc.integer({ min: -1_000, max: 1_000 }), fc.integer());
}

/** Characters and words that break storage, queries or parsers: NUL (PostgreSQL text cannot hold it), a lone surrogate, SQL and LIKE metacharacters. */
const HAZARDS = ["\u0000", "\ud800", "\udfff", "%", "_", "\\", "'", "'; DROP TABLE units; --", "\u202e", "\u001d", "\r\n", "😀", "🇩🇪"];

/** Strings of every awkward kind: empty, binary, plain words with a hazard inside, very long. */
function nastyStringArb(): fc.Arbitrary<string> {
  const word = fc.string({ unit: "grapheme-ascii", maxLength: 8 });
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
    { weight: 3, arbitrary: fc.tuple(word, fc.constantFrom(...HAZARDS), word).map(([a, hazard, b]) => a + hazard + b) },
    // NUL on its own weight: the one character every PostgreSQL text column refuses.
    { weight: 2, arbitrary: fc.tuple(word, word).map(([a, b]) => `${a}\u0000${b}`) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "null", "undefined", "NaN") },
    { weight: 1, arbitrary: fc.integer({ min: 300, max: 70_000 }).map((n) => "x".repeat(n)) },
  );
}

/** Ids: known ones, broken UUIDs, the nil UUID, numbers, garbage. */
function idArb(vocabulary: Vocabulary): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...vocabulary.ids) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...vocabulary.ids), fc.nat(), fc.constantFrom("g", "-", "", "0", "Z", "\u0000")).map(([id, at, c]) => applyEdits(id, [{ kind: "replace", at, text: c }])) },
    { weight: 1, arbitrary: fc.constantFrom("00000000-0000-0000-0000-000000000000", "x", "1", "-1", "------------------------------------", "{00000000-0000-0000-0000-000000000000}") },
    { weight: 1, arbitrary: nastyStringArb() },
  );
}

/** Cursors: ones the hub handed out, edited ones, base64 of JSON of any shape, not base64 at all. */
function cursorArb(vocabulary: Vocabulary): fc.Arbitrary<string> {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value) ?? "").toString("base64url");
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...vocabulary.cursors) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...vocabulary.cursors), fc.nat(), fc.constantFrom("A", "_", "=", "!", "")).map(([c, at, t]) => applyEdits(c, [{ kind: "replace", at, text: t }])) },
    { weight: 3, arbitrary: fc.array(fc.oneof(fc.jsonValue({ maxDepth: 1 }), dateTimeArb()), { maxLength: 3 }).map(b64) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map(b64) },
    { weight: 1, arbitrary: nastyStringArb() },
  );
}

/** EPCIS vocabulary values: CBV words, URNs, URIs, garbage. */
function cbvArb(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom("shipping", "receiving", "commissioning", "decommissioning", "destroying", "retail_selling", "inspecting", "packing", "unpacking", "stealing", "in_transit", "active", "destroyed", "sold", "recalled"),
    fc.constantFrom("urn:epcglobal:cbv:bizstep:shipping", "https://ref.gs1.org/cbv/BizStep-receiving", "https://example.com/steps/x", "SHIPPING"),
    nastyStringArb(),
  );
}

/** Locations: SGLN URNs and Digital Links, garbage. */
function locationArb(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom("urn:epc:id:sgln:9506000.13435.0", "https://id.gs1.org/414/9506000134352", "https://id.gs1.org/414/9506000134352/254/1", "urn:epc:id:sgln:0614141.00777.0"),
    fc.tuple(fc.constantFrom("urn:epc:id:sgln:", "https://id.gs1.org/414/", ""), fc.string({ maxLength: 20 })).map(([a, b]) => a + b),
    nastyStringArb(),
  );
}

/** Dates as strings (`expiry`, `productionDate`): ISO dates, GS1 YYMMDD, impossible ones. */
function dateStringArb(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2200-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.constantFrom("0000-00-00", "2027-02-30", "2027-13-01", "270230", "000000", "991399", "271200", "2027-06-30T00:00:00Z", "+275760-01-01", "-0001-01-01"),
    nastyStringArb(),
  );
}

/** A string for an argument or input field, chosen by its name. */
function stringArb(hint: string, vocabulary: Vocabulary, isId: boolean): fc.Arbitrary<string> {
  if (["code", "codes", "unitCodes", "children", "parent", "container", "epcClass"].includes(hint)) return identifierArb(vocabulary);
  if (hint === "gtin" || hint === "gtins") return gtinArb(vocabulary);
  if (hint === "after") return cursorArb(vocabulary);
  if (hint === "expiry" || hint === "productionDate") return dateStringArb();
  if (["bizStep", "bizSteps", "disposition", "dispositions", "eventTypes"].includes(hint)) return cbvArb();
  if (["readPoint", "readPoints", "bizLocation", "bizLocations", "location"].includes(hint)) return locationArb();
  if (hint === "lot" || hint === "lots" || hint === "serials") return fc.oneof(fc.constantFrom(...vocabulary.lots), nastyStringArb());
  if (hint === "companyPrefixes") return fc.oneof(fc.string({ unit: fc.constantFrom(..."0123456789"), maxLength: 14 }), nastyStringArb());
  if (isId || hint === "id" || hint.endsWith("Id") || hint === "organization") return idArb(vocabulary);
  return nastyStringArb();
}

/** A realistic value for an argument or input field, chosen by its name: what a working client would send. */
function plausibleArb(hint: string, typeName: string, vocabulary: Vocabulary): fc.Arbitrary<unknown> {
  const { unitIds, gtins, lots, ids, cursors, now } = vocabulary;
  switch (typeName) {
    case "Int":
      return hint === "first" ? fc.integer({ min: 1, max: 50 }) : hint === "count" ? fc.integer({ min: 1, max: 3 }) : hint === "companyPrefixLength" ? fc.constant(vocabulary.companyPrefixLength) : fc.nat(10);
    case "DateTimeISO":
      return fc.integer({ min: 60, max: 30 * 86_400 }).map((seconds) => new Date(now - seconds * 1_000).toISOString());
    case "Boolean":
      return fc.boolean();
    case "JSON":
      return fc.constantFrom(...vocabulary.documents);
  }
  if (["code", "codes", "unitCodes", "children", "epcClass"].includes(hint)) return fc.constantFrom(...unitIds);
  if (hint === "parent" || hint === "container") return fc.constantFrom("(00)195060000000000012", "urn:epc:id:sscc:9506000.0000000123", ...unitIds);
  if (hint === "gtin" || hint === "gtins") return fc.constantFrom(...gtins);
  if (hint === "after") return fc.constantFrom(...cursors);
  if (hint === "expiry" || hint === "productionDate") return fc.constantFrom("2027-06-30", "270630", "2026-12-31");
  if (hint === "bizStep" || hint === "bizSteps") return fc.constantFrom("inspecting", "shipping", "receiving", "packing", "retail_selling");
  if (hint === "disposition" || hint === "dispositions") return fc.constantFrom("in_transit", "active", "in_progress", "retail_sold");
  if (hint === "eventTypes") return fc.constantFrom("ObjectEvent", "AggregationEvent", "TransactionEvent");
  if (["readPoint", "readPoints", "bizLocation", "bizLocations", "location"].includes(hint)) return fc.constantFrom("urn:epc:id:sgln:9506000.13435.0", "https://id.gs1.org/414/9506000134352");
  if (hint === "lot" || hint === "lots") return fc.constantFrom(...lots);
  if (hint === "serials") return fc.nat().map((n) => `S${n}`);
  if (hint === "companyPrefixes") return fc.integer({ min: 1_000_000, max: 9_999_999 }).map((n) => `8${n}`);
  if (hint === "imageUrl") return fc.constant("https://example.com/product.png");
  if (hint === "bizTransaction" || (hint === "id" && typeName === "String")) return fc.constant("urn:epcglobal:cbv:bt:9506000134352:PO-1");
  if (hint === "eventIds") return fc.uuid().map((u) => `urn:uuid:${u}`);
  if (typeName === "ID" || hint.endsWith("Id") || hint === "organization") return fc.constantFrom(...ids);
  return fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 16 });
}

/** One hostile string for one place in an otherwise plausible operation: a word with a hazard inside, often NUL. */
const hazardArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })).map(([a, b]) => `${a}\u0000${b}`) },
  { weight: 4, arbitrary: fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom(...HAZARDS), fc.string({ maxLength: 6 })).map(([a, h, b]) => a + h + b) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "x".repeat(70_000)) },
);

/** Any JSON value, for wrong-type arguments and JSON scalars. */
const anyJson = fc.jsonValue({ maxDepth: 3 });

/**
 * Builds arbitraries of whole operations over a schema: a root field (queries, mutations, and subscriptions,
 * which HTTP must refuse cleanly), its arguments inline or as variables with values as hostile as the mode
 * says, and a random selection below it with aliases and named fragments.
 */
export class OperationGenerator {
  private readonly selections = new Map<string, fc.Arbitrary<SelectionPlan>>();

  private readonly sloppy: boolean;

  /**
   * @param mode how hostile the arguments are:
   *   - `plausible`: what a working client sends, except for one string somewhere in the arguments, which
   *     carries a hazard (NUL, a lone surrogate, SQL metacharacters, 70,000 characters). These reach the
   *     subgraphs' storage, where a single bad string among valid ones does its damage.
   *   - `hostile`: well-typed but wrong values everywhere: garbage codes, ids and cursors, 32-bit edges,
   *     impossible dates, random enum values. Most are refused by the subgraphs' input checks.
   *   - `sloppy`: hostile, and now and then null where null is not allowed, a value of the wrong type, a
   *     missing required or an unknown input field, a wrongly declared variable (refused by the gateway).
   */
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly vocabulary: Vocabulary,
    private readonly mode: "plausible" | "hostile" | "sloppy",
  ) {
    this.sloppy = mode === "sloppy";
  }

  /** Every root field of the schema: queries, mutations and subscriptions. */
  rootFields(): { kind: OperationKind; name: string }[] {
    return OPERATION_KINDS.flatMap((kind) => Object.keys(this.rootType(kind)?.getFields() ?? {}).map((name) => ({ kind, name })));
  }

  /**
   * Operations on one root field with random arguments and a random selection, now and then with more root
   * fields of the same kind beside it.
   */
  operationOn(kind: OperationKind, name: string): fc.Arbitrary<FuzzRequest> {
    const type = this.rootType(kind);
    const field = type?.getFields()[name];
    if (!type || !field) throw new Error(`no root field ${kind} ${name}`);
    const extra = fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: this.selection(type, 0, 2) });
    const hazard = this.mode === "plausible" ? fc.tuple(fc.nat(), hazardArb) : fc.constant(null);
    return fc.tuple(this.field(field, 0), extra, fc.boolean(), hazard).map(([planned, more, named, where]) => {
      const root = where ? { ...planned, args: withHazard(planned.args, where[0], where[1]) } : planned;
      return render(kind, named ? "Fuzz" : null, { typeName: type.name, fields: dedupeResponseNames([root, ...(more?.fields ?? [])]), fragments: [], asNamedFragment: false });
    });
  }

  /** Operations on any root fields. */
  operation(): fc.Arbitrary<FuzzRequest> {
    return fc.constantFrom(...this.rootFields()).chain(({ kind, name }) => this.operationOn(kind, name));
  }

  private rootType(kind: OperationKind) {
    return kind === "query" ? this.schema.getQueryType() : kind === "mutation" ? this.schema.getMutationType() : this.schema.getSubscriptionType();
  }

  /** Documents that do not parse, or do not validate: generated operations with text-level damage. */
  broken(): fc.Arbitrary<FuzzRequest> {
    const damage = fc.record({
      kind: fc.constantFrom("insert", "delete", "replace", "duplicate", "truncate") as fc.Arbitrary<"insert" | "delete" | "replace" | "duplicate" | "truncate">,
      at: fc.nat(),
      text: fc.constantFrom("{", "}", "(", ")", "[", "]", "$", ":", "!", "@", '"', '"""', "...", "#", "\\", "\u0000", "fragment", " on ", "query", "1e999", "-", "0x1", "\ud800", "=", "|", "&"),
    });
    return fc.tuple(this.operation(), fc.array(damage, { minLength: 1, maxLength: 3 })).map(([request, edits]) => ({ ...request, query: applyEdits(request.query, edits) }));
  }

  private selection(type: GraphQLNamedType, depth: number, maxFields = 4): fc.Arbitrary<SelectionPlan> {
    const key = `${type.name}/${depth}/${maxFields}`;
    let arbitrary = this.selections.get(key);
    if (arbitrary) return arbitrary;
    if (isUnionType(type) || isInterfaceType(type)) {
      const possible = this.schema.getPossibleTypes(type);
      arbitrary = fc
        .tuple(fc.subarray(possible as GraphQLNamedType[], { minLength: 1 }), fc.boolean())
        .chain(([types, named]) =>
          fc.tuple(...types.map((t) => this.selection(t, depth, maxFields))).map((fragments) => ({ typeName: type.name, fields: [typenameField()], fragments, asNamedFragment: named })),
        );
    } else if (isObjectType(type)) {
      const fields = Object.values(type.getFields()).filter((f) => depth < MAX_SELECTION_DEPTH || isLeafType(getNamedType(f.type)));
      const names = [...fields.map((f) => f.name), "__typename"];
      arbitrary = fc
        .tuple(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: maxFields }), fc.nat({ max: 9 }))
        .chain(([picked, fragmentDice]) =>
          fc.tuple(...picked.map((name) => (name === "__typename" ? fc.constant(typenameField()) : this.field(type.getFields()[name] as GraphQLField<unknown, unknown>, depth)))).map((planned) => ({
            typeName: type.name,
            fields: dedupeResponseNames(planned),
            fragments: [],
            // Named fragments now and then, below the root: the gateway measures limits through them.
            asNamedFragment: depth > 0 && fragmentDice === 0,
          })),
        );
    } else {
      throw new Error(`cannot select from ${type.name}`);
    }
    this.selections.set(key, arbitrary);
    return arbitrary;
  }

  private field(field: GraphQLField<unknown, unknown>, depth: number): fc.Arbitrary<FieldPlan> {
    const named = getNamedType(field.type);
    const selection = isLeafType(named) ? fc.constant(null) : this.selection(named, depth + 1);
    return fc.record({
      alias: fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom("a", "b", "x1", "_y") }),
      name: fc.constant(field.name),
      args: this.arguments(field.args),
      selection,
    });
  }

  private arguments(args: readonly { name: string; type: GraphQLInputType; defaultValue?: unknown }[]): fc.Arbitrary<ArgPlan[]> {
    if (args.length === 0) return fc.constant([]);
    return fc
      .tuple(
        ...args.map((arg) => {
          const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
          // A required argument is left out now and then (a validation error); an optional one often.
          const present = required ? fc.nat({ max: 29 }).map((n) => n !== 0 || !this.sloppy) : fc.boolean();
          return fc.tuple(present, this.slot(arg.type, arg.name, 0), fc.nat({ max: 2 }), fc.nat({ max: 39 }), fc.constantFrom("Int", "String!", "[String]", "Boolean", "JSON", "Nope!")).map(
            ([isPresent, value, inlineDice, wrongDeclaration, wrongType]): ArgPlan | null =>
              isPresent
                ? {
                    name: arg.name,
                    type: arg.type,
                    value,
                    // JSON values (documents) go as variables: their keys are not GraphQL names.
                    asVariable: inlineDice !== 0 || getNamedType(arg.type).name === "JSON",
                    declaredType: wrongDeclaration === 0 && this.sloppy ? wrongType : String(arg.type),
                  }
                : null,
          );
        }),
      )
      .map((planned) => planned.filter((a): a is ArgPlan => a !== null));
  }

  /** A value for one input position: mostly of its type, rarely null where null is not allowed, rarely of any type. */
  private slot(type: GraphQLInputType, hint: string, depth: number): fc.Arbitrary<unknown> {
    const typed = this.typedValue(getNullableType(type) as GraphQLInputType, hint, depth);
    if (this.mode === "plausible") return isNonNullType(type) ? typed : fc.oneof({ weight: 3, arbitrary: typed }, { weight: 1, arbitrary: fc.constant(null) });
    if (!this.sloppy) return isNonNullType(type) ? typed : fc.oneof({ weight: 8, arbitrary: typed }, { weight: 1, arbitrary: fc.constant(null) });
    return fc.oneof(
      { weight: 30, arbitrary: typed },
      { weight: isNonNullType(type) ? 1 : 4, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: anyJson },
    );
  }

  private typedValue(type: GraphQLInputType, hint: string, depth: number): fc.Arbitrary<unknown> {
    if (isListType(type)) {
      const item = this.slot(type.ofType, hint, depth + 1);
      if (this.mode === "plausible") return fc.array(item, { minLength: 1, maxLength: 3 });
      // A single value where a list is expected is legal GraphQL (input coercion).
      return fc.oneof({ weight: 6, arbitrary: fc.array(item, { maxLength: 4 }) }, { weight: 1, arbitrary: item });
    }
    if (isInputObjectType(type)) {
      // A self-referencing input type would otherwise recurse forever.
      if (depth > MAX_INPUT_DEPTH) return fc.constant(null);
      const fields = Object.values(type.getFields()) as GraphQLInputField[];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const f of fields) model[f.name] = this.slot(f.type, f.name, depth + 1);
      const required = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name);
      return fc.tuple(fc.record(model, { requiredKeys: required }), fc.nat({ max: 29 })).map(([value, dice]) => {
        const out: Record<string, unknown> = { ...value };
        if (this.sloppy && dice === 0 && required[0]) delete out[required[0]];
        if (this.sloppy && dice === 1) out.notAField = 1;
        return out;
      });
    }
    if (isEnumType(type)) {
      const values = type.getValues().map((v) => v.name);
      if (!this.sloppy) return fc.constantFrom(...values);
      return fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.constantFrom("NOT_A_VALUE", values[0]?.toLowerCase() ?? "x", "") });
    }
    if (this.mode === "plausible") return plausibleArb(hint, type.name, this.vocabulary);
    switch (type.name) {
      case "Int":
        return intArb(hint);
      case "Float":
        return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1e308, -1e308, 5e-324));
      case "Boolean":
        return fc.boolean();
      case "String":
        return stringArb(hint, this.vocabulary, false);
      case "ID":
        return stringArb(hint, this.vocabulary, true);
      case "DateTimeISO":
        return dateTimeArb();
      case "JSON":
        return hint === "document" ? fc.oneof(fc.constantFrom(...this.vocabulary.documents), anyJson) : anyJson;
      default:
        // A custom scalar this generator does not know yet still gets values, just not tailored ones.
        return anyJson;
    }
  }
}

/** The arguments with the `index`-th string among all their values (modulo their number) replaced by `hazard`. */
function withHazard(args: ArgPlan[], index: number, hazard: string): ArgPlan[] {
  let count = 0;
  const countStrings = (value: unknown): void => {
    if (typeof value === "string") count += 1;
    else if (value && typeof value === "object") for (const v of Object.values(value)) countStrings(v);
  };
  for (const arg of args) countStrings(arg.value);
  if (count === 0) return args;
  let remaining = index % count;
  const replace = (value: unknown): unknown => {
    if (typeof value === "string") return remaining-- === 0 ? hazard : value;
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  return args.map((arg) => ({ ...arg, value: replace(arg.value) }));
}

function typenameField(): FieldPlan {
  return { alias: null, name: "__typename", args: [], selection: null };
}

/**
 * Two fields with one response name must have the same arguments and selections, or the operation is
 * invalid; the second of such a pair gets a fresh alias, so most operations stay valid.
 */
function dedupeResponseNames(fields: FieldPlan[]): FieldPlan[] {
  const seen = new Set<string>();
  return fields.map((field, i) => {
    const name = field.alias ?? field.name;
    if (!seen.has(name)) {
      seen.add(name);
      return field;
    }
    const alias = `${field.name}_${i}`;
    seen.add(alias);
    return { ...field, alias };
  });
}

/** Writes a plan as a document with its variables. */
function render(kind: string, operationName: string | null, root: SelectionPlan): FuzzRequest {
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const fragments: string[] = [];

  const literal = (value: unknown, type: GraphQLInputType | null): string | undefined => {
    if (value === null) return "null";
    const nullable = type ? getNullableType(type) : null;
    if (nullable && isListType(nullable)) {
      if (!Array.isArray(value)) return literal(value, nullable.ofType);
      const items = value.map((v) => literal(v, nullable.ofType));
      return items.every((i) => i !== undefined) ? `[${items.join(", ")}]` : undefined;
    }
    if (nullable && isEnumType(nullable) && typeof value === "string" && NAME.test(value) && !["true", "false", "null"].includes(value)) return value;
    if (Array.isArray(value)) {
      const items = value.map((v) => literal(v, null));
      return items.every((i) => i !== undefined) ? `[${items.join(", ")}]` : undefined;
    }
    if (typeof value === "object") {
      const fields = nullable && isInputObjectType(nullable) ? nullable.getFields() : {};
      const parts: string[] = [];
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        if (!NAME.test(key)) return undefined;
        const item = literal(v, fields[key]?.type ?? null);
        if (item === undefined) return undefined;
        parts.push(`${key}: ${item}`);
      }
      return `{${parts.join(", ")}}`;
    }
    if (typeof value === "string") return JSON.stringify(value);
    if (typeof value === "number") return Number.isFinite(value) ? String(value) : undefined;
    if (typeof value === "boolean") return String(value);
    return undefined;
  };

  const argument = (arg: ArgPlan): string => {
    const inline = arg.asVariable ? undefined : literal(arg.value, arg.type);
    if (inline !== undefined) return `${arg.name}: ${inline}`;
    const name = `v${declarations.length}`;
    declarations.push(`$${name}: ${arg.declaredType}`);
    variables[name] = arg.value;
    return `${arg.name}: $${name}`;
  };

  const selectionSet = (plan: SelectionPlan): string => {
    const body = [
      ...plan.fields.map((f) => {
        const args = f.args.length ? `(${f.args.map(argument).join(", ")})` : "";
        const sub = f.selection ? ` ${wrapped(f.selection)}` : "";
        return `${f.alias ? `${f.alias}: ` : ""}${f.name}${args}${sub}`;
      }),
      ...plan.fragments.map((fragment) => `... on ${fragment.typeName} ${selectionSet(fragment)}`),
    ];
    return `{ ${body.join(" ")} }`;
  };

  const wrapped = (plan: SelectionPlan): string => {
    if (!plan.asNamedFragment) return selectionSet(plan);
    const name = `F${fragments.length}`;
    fragments.push("");
    const index = fragments.length - 1;
    fragments[index] = `fragment ${name} on ${plan.typeName} ${selectionSet(plan)}`;
    return `{ ...${name} }`;
  };

  const body = selectionSet(root);
  const head = operationName || declarations.length ? `${kind} ${operationName ?? ""}${declarations.length ? `(${declarations.join(", ")})` : ""} ` : kind === "query" ? "" : `${kind} `;
  return { query: [`${head}${body}`, ...fragments].join("\n"), variables };
}
