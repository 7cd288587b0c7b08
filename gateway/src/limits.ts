import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import {
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  TypeInfo,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  typeFromAST,
  visit,
  visitWithTypeInfo,
} from "graphql";
import { GatewayErrorCode } from "./errors";

/** The fields anonymous callers may run at the top level of a query. */
export const PUBLIC_ROOT_FIELDS = new Set(["verifyAuthenticity", "publicProductFacts", "trackOrder", "__typename"]);

/** Size limits on every operation, over HTTP and graphql-ws alike. */
export interface QueryLimits {
  /** Deepest field nesting, fragments flattened (MAX_QUERY_DEPTH). */
  maxDepth: number;
  /** Fields selected, counting a fragment once per spread (MAX_QUERY_FIELDS). */
  maxFields: number;
  /** Aliased fields, counting a fragment once per spread; `__typename` is free (MAX_QUERY_ALIASES). */
  maxAliases: number;
  /** Fields at the top level of an operation (MAX_QUERY_ROOT_FIELDS). */
  maxRootFields: number;
  /** Lexical tokens in the document, checked while parsing (MAX_QUERY_TOKENS). */
  maxTokens: number;
  /** Items in a list argument or list variable (MAX_LIST_LENGTH), unless {@link listAllowances} allows more. */
  maxListLength: number;
  /** Larger list lengths for particular input fields (`Type.field`) or arguments (`Type.field(arg:)`). */
  listAllowances: Readonly<Record<string, number>>;
  /** Most estimated cost (MAX_QUERY_COST); see {@link measureOperation}. */
  maxCost: number;
}

/**
 * Lists that may exceed MAX_LIST_LENGTH: commissioning takes up to 100,000 given serials (the units service's
 * own cap). An EPCIS document for captureEvents is a JSON scalar, whose contents these limits do not walk
 * (the body limit and the units service's capture limits bound it).
 */
export const DEFAULT_LIST_ALLOWANCES: Readonly<Record<string, number>> = Object.freeze({ "CommissionUnitsInput.serials": 100_000 });

/** Extra cost of fields that do much more work than reading a row: a whole provenance graph, an EPCIS export of up to 10,000 events. */
export const FIELD_COSTS: Readonly<Record<string, number>> = Object.freeze({ "Query.provenance": 500, "Query.exportEpcis": 5_000 });

/** The subgraphs' page size when `first` is absent, and the most they return (subgraph-kit's pagination). */
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 500;

export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = Object.freeze({
  maxDepth: 15,
  maxFields: 2_000,
  maxAliases: 30,
  maxRootFields: 20,
  maxTokens: 20_000,
  maxListLength: 1_000,
  listAllowances: DEFAULT_LIST_ALLOWANCES,
  maxCost: 50_000,
});

function limitExceeded(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code: GatewayErrorCode.LimitExceeded, http: { status: 400 } } });
}

/** True for graphql-js's parse error when a document has more than `maxTokens` tokens. */
export function isTokenLimitError(message: string): boolean {
  // graphql-js 16 spells it "more that".
  return /Document contains more tha[nt] \d+ tokens/.test(message);
}

/**
 * Validation rules for depth and aliases (graphql-armor; both walk each fragment once and reuse its result,
 * so they take time linear in the document). They report LIMIT_EXCEEDED errors instead of armor's own.
 */
export function limitValidationRules(limits: Pick<QueryLimits, "maxDepth" | "maxAliases">): ValidationRule[] {
  const report = (kind: string) => (context: ValidationContext | null, error: GraphQLError) =>
    context?.reportError(limitExceeded(`${error.message.replace(/^Syntax Error: /, "")}`, { limit: kind }));
  const depth = maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: false, propagateOnRejection: false, onReject: [report("depth")] });
  const aliases = maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: [report("aliases")] });
  return [depth as unknown as ValidationRule, aliases as unknown as ValidationRule];
}

/** What {@link measureOperation} computes. */
export interface OperationSize {
  /** Fields selected, a fragment counted once per spread. */
  fields: number;
  /** Fields at the top level. */
  rootFields: number;
  /**
   * Estimated cost: 1 per field plus {@link FIELD_COSTS}, and the selections under a connection (a field with a
   * `first` argument) multiplied by its page size (`first`, else 20).
   */
  cost: number;
}

/**
 * Size of an operation, in time linear in the document: each fragment is measured once and its result reused
 * for every spread (a fragment's size does not depend on where it is spread).
 */
export function measureOperation(schema: GraphQLSchema, operation: OperationDefinitionNode, document: DocumentNode, variables: Record<string, unknown> = {}): OperationSize {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  type Size = { fields: number; cost: number; rootFields: number };
  const memo = new Map<string, Size>();
  const inProgress = new Set<string>();

  const measure = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): Size => {
    const size: Size = { fields: 0, cost: 0, rootFields: 0 };
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        size.fields += 1;
        size.rootFields += 1;
        const { fields, cost } = measureField(sel, parent);
        size.fields += fields;
        size.cost += cost;
        continue;
      }
      let inner: Size;
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        inner = measure(sel.selectionSet, sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) ?? undefined) : parent);
      } else {
        const name = sel.name.value;
        const fragment = fragments.get(name);
        // A cycle is a validation error reported elsewhere; count it as empty here.
        if (!fragment || inProgress.has(name)) continue;
        let cached = memo.get(name);
        if (!cached) {
          inProgress.add(name);
          cached = measure(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined);
          inProgress.delete(name);
          memo.set(name, cached);
        }
        inner = cached;
      }
      size.fields += inner.fields;
      size.cost += inner.cost;
      size.rootFields += inner.rootFields;
    }
    return size;
  };

  /** Fields below `field` (not counting itself) and the field's cost including what is below it. */
  const measureField = (field: FieldNode, parent: GraphQLNamedType | undefined): { fields: number; cost: number } => {
    const name = field.name.value;
    const definition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
    const own = (parent ? FIELD_COSTS[`${parent.name}.${name}`] : undefined) ?? 1;
    if (!field.selectionSet) return { fields: 0, cost: own };
    const below = measure(field.selectionSet, definition ? getNamedType(definition.type) : undefined);
    const isConnection = definition?.args.some((a) => a.name === "first") ?? false;
    return { fields: below.fields, cost: own + (isConnection ? pageSize(field, variables) : 1) * below.cost };
  };

  // A variable the request leaves out takes its default from the operation.
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (!(name in variables) && definition.defaultValue?.kind === Kind.INT) variables = { ...variables, [name]: Number(definition.defaultValue.value) };
  }
  const root = measure(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined);
  return { fields: root.fields, rootFields: root.rootFields, cost: root.cost };
}

function pageSize(field: FieldNode, variables: Record<string, unknown>): number {
  const arg = field.arguments?.find((a) => a.name.value === "first");
  let first: unknown = undefined;
  if (arg?.value.kind === Kind.INT) first = Number(arg.value.value);
  else if (arg?.value.kind === Kind.VARIABLE) first = variables[arg.value.name.value];
  if (typeof first !== "number" || !Number.isFinite(first)) return DEFAULT_PAGE_SIZE;
  // The subgraph refuses a `first` outside 1..500 itself, with a precise message.
  return Math.min(Math.max(Math.trunc(first), 1), MAX_PAGE_SIZE);
}

/** Throws LIMIT_EXCEEDED when a list argument, or a list in a variable, is longer than allowed. */
/** Each operation's variable allowances, per limits object, once its document has been walked (and passed). */
const walked = new WeakMap<object, WeakMap<OperationDefinitionNode, Map<string, number>>>();

export function assertListLengths(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Record<string, unknown>,
  limits: Pick<QueryLimits, "maxListLength" | "listAllowances">,
): void {
  const allowance = (coordinate: string | null) => (coordinate ? limits.listAllowances[coordinate] : undefined) ?? limits.maxListLength;
  const tooLong = (kind: "argument" | "variable", path: string, length: number, max: number) =>
    limitExceeded(`The list in ${kind} '${path}' has ${length.toLocaleString("en")} items; the limit is ${max.toLocaleString("en")}.`, { limit: "list", argument: path });
  /** The tightest allowance of each variable, from where the document uses it. */
  const variableAllowance = new Map<string, number>();

  const checkLiteral = (value: ValueNode, type: GraphQLInputType, coordinate: string | null, where: string): void => {
    if (value.kind === Kind.VARIABLE) {
      const name = value.name.value;
      variableAllowance.set(name, Math.min(variableAllowance.get(name) ?? Infinity, allowance(coordinate)));
      return;
    }
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      if (value.kind !== Kind.LIST) return checkLiteral(value, nullable.ofType, null, where);
      const max = allowance(coordinate);
      if (value.values.length > max) throw tooLong("argument", where, value.values.length, max);
      value.values.forEach((item, i) => checkLiteral(item, nullable.ofType, null, `${where}[${i}]`));
    } else if (isInputObjectType(nullable) && value.kind === Kind.OBJECT) {
      const fields = nullable.getFields();
      for (const field of value.fields) {
        const def = fields[field.name.value];
        if (def) checkLiteral(field.value, def.type, `${nullable.name}.${def.name}`, `${where}.${def.name}`);
      }
    }
  };

  // The walk depends on the document alone (and the schema and limits, fixed per gateway): a registered or repeated
  // document, which Apollo Server parses once and hands over as the same object, is walked once.
  const cached = walked.get(limits)?.get(operation);
  if (cached) {
    for (const [name, max] of cached) variableAllowance.set(name, max);
  } else {
    const typeInfo = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Argument(node: ArgumentNode) {
          const arg = typeInfo.getArgument();
          if (!arg) return false;
          const directive = typeInfo.getDirective();
          const field = typeInfo.getFieldDef();
          const parent = typeInfo.getParentType();
          const coordinate = directive ? `@${directive.name}(${arg.name}:)` : field && parent ? `${parent.name}.${field.name}(${arg.name}:)` : null;
          checkLiteral(node.value, arg.type, coordinate, arg.name);
          return false;
        },
      }),
    );
    if (!walked.has(limits)) walked.set(limits, new WeakMap());
    walked.get(limits)!.set(operation, new Map(variableAllowance));
  }

  const checkJson = (value: unknown, type: GraphQLInputType, max: number, where: string): void => {
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      if (!Array.isArray(value)) return checkJson(value, nullable.ofType, limits.maxListLength, where);
      if (value.length > max) throw tooLong("variable", where, value.length, max);
      value.forEach((item, i) => checkJson(item, nullable.ofType, limits.maxListLength, `${where}[${i}]`));
    } else if (isInputObjectType(nullable) && value && typeof value === "object" && !Array.isArray(value)) {
      const fields = nullable.getFields();
      for (const [key, item] of Object.entries(value)) {
        const def = fields[key];
        if (def) checkJson(item, def.type, allowance(`${nullable.name}.${def.name}`), `${where}.${key}`);
      }
    }
  };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
    if (!type) continue;
    if (name in variables) checkJson(variables[name], type, variableAllowance.get(name) ?? limits.maxListLength, `$${name}`);
    else if (definition.defaultValue) checkLiteral(definition.defaultValue, type, null, `$${name}`);
  }
}

/**
 * Throws LIMIT_EXCEEDED when an operation selects too many fields or root fields, costs too much, or passes
 * too long a list. (Depth, aliases and tokens are checked earlier, while parsing and validating.)
 */
export function assertWithinLimits(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Record<string, unknown>,
  limits: Pick<QueryLimits, "maxFields" | "maxRootFields" | "maxCost" | "maxListLength" | "listAllowances">,
): void {
  const { fields, rootFields, cost } = measureOperation(schema, operation, document, variables);
  if (rootFields > limits.maxRootFields) {
    throw limitExceeded(`The operation has ${rootFields} top-level fields; the limit is ${limits.maxRootFields}.`, { limit: "rootFields" });
  }
  if (fields > limits.maxFields) {
    throw limitExceeded(`The query selects ${fields} fields; the limit is ${limits.maxFields}.`, { limit: "fields" });
  }
  if (cost > limits.maxCost) {
    throw limitExceeded(
      `The query's estimated cost is ${Math.round(cost).toLocaleString("en")}; the limit is ${limits.maxCost.toLocaleString("en")}. Ask for smaller pages ('first') or fewer nested connections.`,
      { limit: "cost" },
    );
  }
  assertListLengths(schema, operation, document, variables, limits);
}

/** True when every top-level field of the operation is public (and it is a query). Each fragment is checked once. */
export function isPublicOperation(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  if (operation.operation !== "query") return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const memo = new Map<string, boolean>();
  const check = (set: SelectionSetNode): boolean =>
    set.selections.every((sel) => {
      if (sel.kind === Kind.FIELD) return PUBLIC_ROOT_FIELDS.has(sel.name.value);
      if (sel.kind === Kind.INLINE_FRAGMENT) return check(sel.selectionSet);
      const name = sel.name.value;
      const cached = memo.get(name);
      if (cached !== undefined) return cached;
      const fragment = fragments.get(name);
      // Marked not public while in progress, so a cycle is refused rather than followed.
      memo.set(name, false);
      const result = !!fragment && check(fragment.selectionSet);
      memo.set(name, result);
      return result;
    });
  return check(operation.selectionSet);
}
