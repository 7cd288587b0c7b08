import { type DocumentNode, GraphQLError, type OperationDefinitionNode, buildSchema, getOperationAST, parse, validate } from "graphql";
import {
  DEFAULT_LIST_ALLOWANCES,
  DEFAULT_QUERY_LIMITS,
  FIELD_COSTS,
  type QueryLimits,
  assertListLengths,
  assertWithinLimits,
  isPublicOperation,
  isTokenLimitError,
  limitValidationRules,
  measureOperation,
} from "../limits";

// The gateway's operation limits as pure functions, on a small schema shaped like the hub's: connections take
// `first`, `Query.provenance` and `Query.exportEpcis` are the expensive fields, commissioning takes a long list.
const schema = buildSchema(`
  directive @tag(names: [String!]) on FIELD

  scalar JSON

  interface Node { id: ID! }

  union Found = Unit | Provenance

  type Query {
    verifyAuthenticity(code: String!): Result
    units(first: Int, ids: [ID!], filter: UnitFilter): UnitConnection
    search(text: String): [Found!]
    unit(id: ID!): Unit
    node(id: ID!): Node
    provenance(id: ID!): Provenance
    exportEpcis(ids: [ID!]): String
  }

  type Mutation {
    commissionUnits(input: CommissionUnitsInput!): Int
    tag(groups: [[String!]!]): Int
    captureEvents(document: JSON!): Int
  }

  type Subscription { unitMovements(after: String): String }

  input CommissionUnitsInput { gtin: String, serials: [String!]!, batches: [Batch!] }
  input Batch { sizes: [Int!] }
  input UnitFilter { ids: [ID!] }

  type Result { verdict: String, reasons: [String!] }
  type UnitConnection { edges: [UnitEdge!]! }
  type UnitEdge { node: Unit! }
  type Unit implements Node { id: ID!, gtin: String, parent: Unit, children(first: Int): UnitConnection, provenance: Provenance }
  type Provenance { steps: [String!] }
`);

function operationOf(source: string, name?: string): { document: DocumentNode; operation: OperationDefinitionNode } {
  const document = parse(source);
  const operation = getOperationAST(document, name);
  if (!operation) throw new Error(`no operation in ${source}`);
  return { document, operation };
}

function measure(source: string, variables: Record<string, unknown> = {}) {
  const { document, operation } = operationOf(source);
  return measureOperation(schema, operation, document, variables);
}

/** The error `run` throws, for assertions on its message and extensions. */
function thrown(run: () => void): GraphQLError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error("expected a LIMIT_EXCEEDED error, nothing was thrown");
}

describe("measureOperation", () => {
  it("counts every selected field, and the top-level ones separately", () => {
    expect(measure(`{ unit(id: "1") { id parent { id gtin } } verifyAuthenticity(code: "x") { verdict } }`)).toEqual({
      fields: 7,
      rootFields: 2,
      cost: 1 + 1 + (1 + 2) + (1 + 1),
    });
  });

  it("costs a leaf 1 and a field with a selection 1 plus what is below it", () => {
    expect(measure(`{ unit(id: "1") { id } }`).cost).toBe(2);
    expect(measure(`{ unit(id: "1") { parent { parent { id } } } }`).cost).toBe(4);
  });

  it("multiplies what is below a connection by its page size, 20 when `first` is absent", () => {
    // edges { node { id } } costs 3 per page item.
    expect(measure(`{ units(first: 50) { edges { node { id } } } }`)).toEqual({ fields: 4, rootFields: 1, cost: 1 + 50 * 3 });
    expect(measure(`{ units { edges { node { id } } } }`).cost).toBe(1 + 20 * 3);
  });

  it("reads `first` from a variable, and falls back to 20 when the variable is missing or not a number", () => {
    const query = `query ($n: Int) { units(first: $n) { edges { node { id } } } }`;
    expect(measure(query, { n: 7 }).cost).toBe(1 + 7 * 3);
    expect(measure(query, {}).cost).toBe(1 + 20 * 3);
    expect(measure(query, { n: "7" }).cost).toBe(1 + 20 * 3);
    expect(measure(query, { n: Number.POSITIVE_INFINITY }).cost).toBe(1 + 20 * 3);
  });

  it("takes a left-out variable's default as the page size", () => {
    const query = `query ($n: Int = 7) { units(first: $n) { edges { node { id } } } }`;
    expect(measure(query).cost).toBe(1 + 7 * 3);
    expect(measure(query, { n: 2 }).cost).toBe(1 + 2 * 3);
  });

  it("finds `first` among the other arguments of a connection", () => {
    expect(measure(`{ units(ids: ["a"], first: 5) { edges { node { id } } } }`).cost).toBe(1 + 5 * 3);
  });

  it("clamps the page size to what a subgraph can return (1..500), truncating fractions", () => {
    const query = `query ($n: Int) { units(first: $n) { edges { node { id } } } }`;
    expect(measure(query, { n: 0 }).cost).toBe(1 + 1 * 3);
    expect(measure(query, { n: -40 }).cost).toBe(1 + 1 * 3);
    expect(measure(query, { n: 2.9 }).cost).toBe(1 + 2 * 3);
    expect(measure(query, { n: 500 }).cost).toBe(1 + 500 * 3);
    expect(measure(`{ units(first: 100000) { edges { node { id } } } }`).cost).toBe(1 + 500 * 3);
  });

  it("multiplies nested connections", () => {
    const query = `{ units(first: 10) { edges { node { children(first: 5) { edges { node { id } } } } } } }`;
    // children: 1 + 5 * 3 = 16; node: 1 + 16 = 17; edges: 1 + 17 = 18; units: 1 + 10 * 18.
    expect(measure(query).cost).toBe(181);
  });

  it("adds the extra cost of the expensive fields by their coordinate", () => {
    expect(FIELD_COSTS).toEqual({ "Query.provenance": 500, "Query.exportEpcis": 5_000 });
    expect(measure(`{ provenance(id: "1") { steps } }`).cost).toBe(500 + 1);
    expect(measure(`{ exportEpcis }`).cost).toBe(5_000);
    // Unit.provenance is an ordinary field.
    expect(measure(`{ unit(id: "1") { provenance { steps } } }`).cost).toBe(1 + 1 + 1);
  });

  it("measures a named fragment once per spread, with the type it is declared on", () => {
    const size = measure(`{ a: unit(id: "1") { ...U } b: unit(id: "2") { ...U } } fragment U on Unit { id children(first: 2) { edges { node { id } } } }`);
    // U: 2 + 3 fields, cost 1 + (1 + 2 * 3) = 8; each unit adds itself.
    expect(size).toEqual({ fields: 2 * (1 + 5), rootFields: 2, cost: 2 * (1 + 8) });
  });

  it("counts the top-level fields of fragments spread at the top level", () => {
    const size = measure(`{ ...Root ... on Query { exportEpcis } } fragment Root on Query { unit(id: "1") { id } verifyAuthenticity(code: "x") { verdict } }`);
    expect(size.rootFields).toBe(3);
    expect(size.fields).toBe(5);
  });

  it("does not count fields below the top level as top-level fields, fragments included", () => {
    const size = measure(`{ unit(id: "1") { ...U ... on Unit { gtin } } } fragment U on Unit { id parent { id } }`);
    expect(size.rootFields).toBe(1);
    expect(size.fields).toBe(5);
  });

  it("resolves an inline fragment's type condition, so a connection inside it is multiplied", () => {
    const query = `{ node(id: "1") { ... on Unit { children(first: 3) { edges { node { id } } } } } }`;
    // children: 1 + 3 * 3 = 10 (Node has no children field: measured against Node it would cost 1 + 3).
    expect(measure(query).cost).toBe(1 + 10);
    // Without a type condition the fragment is measured against its parent's type.
    expect(measure(`{ unit(id: "1") { ... { children(first: 3) { edges { node { id } } } } } }`).cost).toBe(1 + 10);
  });

  it("measures fields of unions and introspection fields the schema's field maps do not list", () => {
    expect(measure(`{ search(text: "x") { __typename ... on Unit { id } ... on Provenance { steps } } }`)).toEqual({ fields: 4, rootFields: 1, cost: 1 + 3 });
    // No connection below: 1 per field.
    expect(measure(`{ __schema { types { name } } }`)).toEqual({ fields: 3, rootFields: 1, cost: 3 });
  });

  it("counts a cyclic or undefined fragment as empty (validation reports those)", () => {
    expect(measure(`{ unit(id: "1") { ...A } } fragment A on Unit { id parent { ...A } }`)).toEqual({ fields: 3, rootFields: 1, cost: 1 + 1 + 1 });
    expect(measure(`{ unit(id: "1") { id ...Missing } }`)).toEqual({ fields: 2, rootFields: 1, cost: 2 });
  });

  it("measures a fragment spread 2^20 times in time linear in the document", () => {
    const names = Array.from({ length: 21 }, (_, i) => `F${i}`);
    const fragments = names.map((name, i) => (i === 20 ? `fragment ${name} on Unit { id }` : `fragment ${name} on Unit { ...${names[i + 1]} ...${names[i + 1]} }`));
    const size = measure(`{ unit(id: "1") { ...F0 } } ${fragments.join(" ")}`);
    expect(size.fields).toBe(1 + 2 ** 20);
  });
});

describe("assertWithinLimits", () => {
  const limits: Pick<QueryLimits, "maxFields" | "maxRootFields" | "maxCost" | "maxListLength" | "listAllowances"> = {
    maxFields: 6,
    maxRootFields: 2,
    maxCost: 61,
    maxListLength: 3,
    listAllowances: {},
  };
  const check = (source: string, variables: Record<string, unknown> = {}, options = limits) => {
    const { document, operation } = operationOf(source);
    return () => assertWithinLimits(schema, operation, document, variables, options);
  };

  it("accepts an operation exactly at every limit", () => {
    // 2 top-level fields, 6 fields, a list of 3, cost (1 + 20 * (1 + 1 + 2)) + 5,000.
    const atLimits = { maxFields: 6, maxRootFields: 2, maxCost: 81 + 5_000, maxListLength: 3, listAllowances: {} };
    expect(check(`{ units { edges { node { id gtin } } } exportEpcis(ids: ["a", "b", "c"]) }`, {}, atLimits)).not.toThrow();
  });

  it("refuses more top-level fields than allowed, saying how many", () => {
    const error = thrown(check(`{ a: unit(id: "1") { id } b: unit(id: "2") { id } c: unit(id: "3") { id } }`));
    expect(error.message).toBe("The operation has 3 top-level fields; the limit is 2.");
    expect(error.extensions).toEqual({ code: "LIMIT_EXCEEDED", limit: "rootFields", http: { status: 400 } });
  });

  it("refuses more fields than allowed, fragments counted per spread", () => {
    const error = thrown(check(`{ unit(id: "1") { ...U parent { ...U } } } fragment U on Unit { id gtin }`, {}, { ...limits, maxFields: 5 }));
    expect(error.message).toBe("The query selects 6 fields; the limit is 5.");
    expect(error.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "fields" });
  });

  it("refuses a query costing more than allowed, and says how to make it cheaper", () => {
    const error = thrown(check(`{ units(first: 21) { edges { node { id } } } }`, {}, { ...limits, maxCost: 63 }));
    expect(error.message).toBe("The query's estimated cost is 64; the limit is 63. Ask for smaller pages ('first') or fewer nested connections.");
    expect(error.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "cost" });
  });

  it("formats large costs with thousands separators", () => {
    const error = thrown(check(`{ units(first: 500) { edges { node { id } } } }`, {}, { ...limits, maxCost: 1_200 }));
    expect(error.message).toContain("estimated cost is 1,501; the limit is 1,200.");
  });

  it("checks list lengths last", () => {
    expect(thrown(check(`{ exportEpcis(ids: ["a", "b", "c", "d"]) }`, {}, { ...limits, maxCost: 10_000 })).extensions).toMatchObject({ limit: "list" });
    expect(thrown(check(`{ a: exportEpcis(ids: ["a", "b", "c", "d"]) b: exportEpcis c: exportEpcis }`, {}, { ...limits, maxCost: 100_000 })).extensions).toMatchObject({
      limit: "rootFields",
    });
  });

  it("has defaults that admit a large commissioning and a full page of units", () => {
    expect(DEFAULT_LIST_ALLOWANCES).toEqual({ "CommissionUnitsInput.serials": 100_000 });
    // More serials than MAX_LIST_LENGTH (1,000): the allowance applies.
    const serials = Array.from({ length: 1_001 }, (_, i) => `S${i}`);
    expect(check(`mutation ($in: CommissionUnitsInput!) { commissionUnits(input: $in) }`, { in: { serials } }, DEFAULT_QUERY_LIMITS)).not.toThrow();
    expect(check(`{ units(first: 500) { edges { node { id gtin parent { id } } } } }`, {}, DEFAULT_QUERY_LIMITS)).not.toThrow();
  });
});

describe("assertListLengths", () => {
  const limits = { maxListLength: 3, listAllowances: { "CommissionUnitsInput.serials": 5, "Query.units(ids:)": 4, "@tag(names:)": 1 } };
  const check = (source: string, variables: Record<string, unknown> = {}) => {
    const { document, operation } = operationOf(source);
    return () => assertListLengths(schema, operation, document, variables, limits);
  };

  it("accepts a literal list argument at the limit and refuses a longer one, naming the argument", () => {
    expect(check(`{ exportEpcis(ids: ["a", "b", "c"]) }`)).not.toThrow();
    const error = thrown(check(`{ exportEpcis(ids: ["a", "b", "c", "d"]) }`));
    expect(error.message).toBe("The list in argument 'ids' has 4 items; the limit is 3.");
    expect(error.extensions).toEqual({ code: "LIMIT_EXCEEDED", limit: "list", argument: "ids", http: { status: 400 } });
  });

  it("allows more items where an allowance names the argument or the input field", () => {
    expect(check(`{ units(ids: ["a", "b", "c", "d"]) { edges { node { id } } } }`)).not.toThrow();
    expect(thrown(check(`{ units(ids: ["a", "b", "c", "d", "e"]) { edges { node { id } } } }`)).message).toBe("The list in argument 'ids' has 5 items; the limit is 4.");
    expect(check(`mutation { commissionUnits(input: { serials: ["1", "2", "3", "4", "5"] }) }`)).not.toThrow();
    const error = thrown(check(`mutation { commissionUnits(input: { serials: ["1", "2", "3", "4", "5", "6"] }) }`));
    expect(error.message).toBe("The list in argument 'input.serials' has 6 items; the limit is 5.");
    expect(error.extensions).toMatchObject({ argument: "input.serials" });
  });

  it("checks directive arguments under the directive's coordinate", () => {
    expect(check(`{ unit(id: "1") @tag(names: ["a"]) { id } }`)).not.toThrow();
    expect(thrown(check(`{ unit(id: "1") @tag(names: ["a", "b"]) { id } }`)).message).toBe("The list in argument 'names' has 2 items; the limit is 1.");
  });

  it("checks lists inside lists and input objects with the default limit, naming the path", () => {
    expect(check(`mutation { tag(groups: [["a"], ["a", "b", "c"]]) }`)).not.toThrow();
    expect(thrown(check(`mutation { tag(groups: [["a"], ["a", "b", "c", "d"]]) }`)).message).toBe("The list in argument 'groups[1]' has 4 items; the limit is 3.");
    expect(thrown(check(`mutation { tag(groups: [["a"], ["b"], ["c"], ["d"]]) }`)).message).toBe("The list in argument 'groups' has 4 items; the limit is 3.");
    expect(thrown(check(`mutation { commissionUnits(input: { serials: [], batches: [{ sizes: [1] }, { sizes: [1, 2, 3, 4] }] }) }`)).message).toBe(
      "The list in argument 'input.batches[1].sizes' has 4 items; the limit is 3.",
    );
  });

  it("lets a single value stand for a one-item list", () => {
    expect(check(`{ exportEpcis(ids: "a") }`)).not.toThrow();
    expect(check(`mutation { tag(groups: "a") }`)).not.toThrow();
    expect(check(`query ($ids: [ID!]) { exportEpcis(ids: $ids) }`, { ids: "a" })).not.toThrow();
  });

  it("checks lists in variables, with the allowance of the argument the variable is passed to", () => {
    const query = `query ($ids: [ID!]) { units(ids: $ids) { edges { node { id } } } }`;
    expect(check(query, { ids: ["a", "b", "c", "d"] })).not.toThrow();
    const error = thrown(check(query, { ids: ["a", "b", "c", "d", "e"] }));
    expect(error.message).toBe("The list in variable '$ids' has 5 items; the limit is 4.");
    expect(error.extensions).toMatchObject({ limit: "list", argument: "$ids" });
  });

  it("walks a document once, and keeps checking each call's variables against what the walk found", () => {
    // The same parsed document, as Apollo Server hands over a registered or repeated one, with other variables.
    const { document, operation } = operationOf(`query ($ids: [ID!]) { units(ids: $ids) { edges { node { id } } } exportEpcis(ids: $ids) }`);
    const run = (ids: string[]) => () => assertListLengths(schema, operation, document, { ids }, limits);
    expect(run(["a", "b", "c"])).not.toThrow();
    expect(thrown(run(["a", "b", "c", "d"])).message).toBe("The list in variable '$ids' has 4 items; the limit is 3.");
    expect(run(["a"])).not.toThrow();
    // Other limits are other allowances, for the same document.
    expect(() => assertListLengths(schema, operation, document, { ids: ["a", "b", "c", "d"] }, { maxListLength: 4, listAllowances: {} })).not.toThrow();
    // A literal that is too long is refused every time, not only on the first walk.
    const literal = operationOf(`{ exportEpcis(ids: ["a", "b", "c", "d"]) }`);
    for (let i = 0; i < 2; i++) expect(thrown(() => assertListLengths(schema, literal.operation, literal.document, {}, limits)).extensions).toMatchObject({ limit: "list" });
  });

  it("takes the tightest allowance of a variable used in several places", () => {
    const query = `query ($ids: [ID!]) { units(ids: $ids) { edges { node { id } } } exportEpcis(ids: $ids) }`;
    expect(thrown(check(query, { ids: ["a", "b", "c", "d"] })).message).toBe("The list in variable '$ids' has 4 items; the limit is 3.");
  });

  it("checks lists inside input-object variables against the field's allowance", () => {
    const query = `mutation ($in: CommissionUnitsInput!) { commissionUnits(input: $in) }`;
    expect(check(query, { in: { serials: ["1", "2", "3", "4", "5"] } })).not.toThrow();
    expect(thrown(check(query, { in: { serials: ["1", "2", "3", "4", "5", "6"] } })).message).toBe("The list in variable '$in.serials' has 6 items; the limit is 5.");
    expect(thrown(check(query, { in: { serials: [], batches: [{ sizes: [1, 2, 3, 4] }] } })).message).toBe(
      "The list in variable '$in.batches[0].sizes' has 4 items; the limit is 3.",
    );
  });

  it("checks nested list variables item by item, with the default limit inside", () => {
    const query = `mutation ($g: [[String!]!]) { tag(groups: $g) }`;
    expect(check(query, { g: [["a", "b", "c"]] })).not.toThrow();
    expect(thrown(check(query, { g: [["a"], ["a", "b", "c", "d"]] })).message).toBe("The list in variable '$g[1]' has 4 items; the limit is 3.");
  });

  it("checks a left-out variable's default list", () => {
    const query = `query ($ids: [ID!] = ["a", "b", "c", "d"]) { exportEpcis(ids: $ids) }`;
    expect(thrown(check(query)).message).toBe("The list in argument '$ids' has 4 items; the limit is 3.");
    expect(check(query, { ids: ["a"] })).not.toThrow();
    expect(check(`query ($ids: [ID!] = ["a", "b", "c"]) { exportEpcis(ids: $ids) }`)).not.toThrow();
  });

  it("checks lists in nullable input objects, and accepts a null one", () => {
    expect(check(`{ units(filter: null) { edges { node { id } } } }`)).not.toThrow();
    expect(thrown(check(`{ units(filter: { ids: ["a", "b", "c", "d"] }) { edges { node { id } } } }`)).message).toBe(
      "The list in argument 'filter.ids' has 4 items; the limit is 3.",
    );
  });

  it("does not walk the contents of a JSON scalar (an EPCIS document is bounded elsewhere)", () => {
    expect(check(`mutation { captureEvents(document: { epcisBody: { eventList: [1, 2, 3, 4, 5] } }) }`)).not.toThrow();
    expect(check(`mutation ($doc: JSON!) { captureEvents(document: $doc) }`, { doc: { epcisBody: { eventList: [1, 2, 3, 4, 5] } } })).not.toThrow();
  });

  it("ignores variables that are not given and fields the input type does not have", () => {
    const query = `mutation ($in: CommissionUnitsInput) { commissionUnits(input: $in) }`;
    expect(check(query, {})).not.toThrow();
    expect(check(query, { in: { serials: [], unknown: [1, 2, 3, 4] } })).not.toThrow();
    expect(check(query, { in: null })).not.toThrow();
  });

  it("counts thousands with separators in the message", () => {
    const ids = Array.from({ length: 1_234 }, (_, i) => `u${i}`);
    const { document, operation } = operationOf(`query ($ids: [ID!]) { exportEpcis(ids: $ids) }`);
    const error = thrown(() => assertListLengths(schema, operation, document, { ids }, { maxListLength: 1_000, listAllowances: {} }));
    expect(error.message).toBe("The list in variable '$ids' has 1,234 items; the limit is 1,000.");
  });
});

describe("limitValidationRules", () => {
  const errorsOf = (source: string, limits = { maxDepth: 3, maxAliases: 2 }) => validate(schema, parse(source), limitValidationRules(limits));

  it("accepts a query exactly at the depth limit and refuses one level deeper", () => {
    expect(errorsOf(`{ unit(id: "1") { parent { id } } }`)).toEqual([]);
    const errors = errorsOf(`{ unit(id: "1") { parent { parent { id } } } }`);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions).toEqual({ code: "LIMIT_EXCEEDED", limit: "depth", http: { status: 400 } });
    // graphql-armor's message, without its misleading "Syntax Error: " prefix.
    expect(errors[0]?.message).toBe("Query depth limit of 3 exceeded, found 4.");
  });

  it("measures depth through named and inline fragments", () => {
    expect(errorsOf(`{ unit(id: "1") { ...P } } fragment P on Unit { parent { id } }`)).toEqual([]);
    expect(errorsOf(`{ unit(id: "1") { ...P } } fragment P on Unit { parent { ...Q } } fragment Q on Unit { parent { id } }`)[0]?.extensions).toMatchObject({ limit: "depth" });
    expect(errorsOf(`{ unit(id: "1") { ... on Unit { parent { parent { id } } } } }`)[0]?.extensions).toMatchObject({ limit: "depth" });
  });

  it("counts introspection fields in the depth", () => {
    expect(errorsOf(`{ __schema { types { fields { name } } } }`)[0]?.extensions).toMatchObject({ limit: "depth" });
  });

  it("accepts as many aliases as allowed and refuses one more, counting a fragment per spread", () => {
    expect(errorsOf(`{ a: unit(id: "1") { id } b: unit(id: "2") { id } }`)).toEqual([]);
    const errors = errorsOf(`{ a: unit(id: "1") { id } b: unit(id: "2") { id } c: unit(id: "3") { id } }`);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions).toEqual({ code: "LIMIT_EXCEEDED", limit: "aliases", http: { status: 400 } });
    expect(errors[0]?.message).toBe("Aliases limit of 2 exceeded, found 3.");
    expect(errorsOf(`{ unit(id: "1") { ...A parent { ...A } } } fragment A on Unit { x: id y: gtin }`)[0]?.extensions).toMatchObject({ limit: "aliases" });
  });

  it("uses the hub's defaults", () => {
    expect(DEFAULT_QUERY_LIMITS).toMatchObject({ maxDepth: 15, maxAliases: 30, maxFields: 2_000, maxRootFields: 20, maxTokens: 20_000, maxListLength: 1_000, maxCost: 50_000 });
  });
});

describe("isTokenLimitError", () => {
  it("recognizes graphql-js's error for a document over maxTokens, and nothing else", () => {
    let message = "";
    try {
      parse("{ a b c d e f g h i j k l m n }", { maxTokens: 12 });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(isTokenLimitError(message)).toBe(true);
    expect(isTokenLimitError("Syntax Error: Document contains more than 3 tokens. Parsing aborted.")).toBe(true);
    expect(isTokenLimitError("Syntax Error: Document contains more that 3 tokens. Parsing aborted.")).toBe(true);
    expect(isTokenLimitError('Syntax Error: Expected Name, found "}".')).toBe(false);
    expect(isTokenLimitError("Document contains more than many tokens")).toBe(false);
  });
});

describe("isPublicOperation", () => {
  const isPublic = (source: string, name?: string) => {
    const { document, operation } = operationOf(source, name);
    return isPublicOperation(operation, document);
  };

  it("is true for a query of public top-level fields only, whatever they select", () => {
    expect(isPublic(`{ verifyAuthenticity(code: "x") { verdict reasons } }`)).toBe(true);
    expect(isPublic(`{ __typename }`)).toBe(true);
    expect(isPublic(`{ verifyAuthenticity(code: "x") { verdict } __typename }`)).toBe(true);
  });

  it("is false when any top-level field is not public", () => {
    expect(isPublic(`{ verifyAuthenticity(code: "x") { verdict } unit(id: "1") { id } }`)).toBe(false);
    expect(isPublic(`{ __schema { types { name } } }`)).toBe(false);
  });

  it("is false for mutations and subscriptions, even of public-looking fields", () => {
    expect(isPublic(`mutation { __typename }`)).toBe(false);
    expect(isPublic(`subscription { __typename }`)).toBe(false);
  });

  it("looks through inline and named fragments at the top level", () => {
    expect(isPublic(`{ ... on Query { verifyAuthenticity(code: "x") { verdict } } }`)).toBe(true);
    expect(isPublic(`{ ... on Query { unit(id: "1") { id } } }`)).toBe(false);
    expect(isPublic(`{ ...V ...V } fragment V on Query { verifyAuthenticity(code: "x") { verdict } }`)).toBe(true);
    expect(isPublic(`{ ...V ...U } fragment V on Query { __typename } fragment U on Query { unit(id: "1") { id } }`)).toBe(false);
    expect(isPublic(`{ ...U ...U } fragment U on Query { unit(id: "1") { id } }`)).toBe(false);
  });

  it("refuses an undefined or cyclic fragment", () => {
    expect(isPublic(`{ ...Missing }`)).toBe(false);
    expect(isPublic(`{ ...A } fragment A on Query { __typename ...B } fragment B on Query { ...A }`)).toBe(false);
  });

  it("judges the operation that runs, not the others in the document", () => {
    const source = `query Pub { verifyAuthenticity(code: "x") { verdict } } query Priv { unit(id: "1") { id } }`;
    expect(isPublic(source, "Pub")).toBe(true);
    expect(isPublic(source, "Priv")).toBe(false);
  });
});
