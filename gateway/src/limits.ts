import { type ASTNode, type DocumentNode, type FragmentDefinitionNode, GraphQLError, Kind, type OperationDefinitionNode, type SelectionSetNode } from "graphql";

/** The fields anonymous callers may run at the top level of a query. */
export const PUBLIC_ROOT_FIELDS = new Set(["verifyAuthenticity", "__typename"]);

/** Depth and field count of an operation, following fragments (each fragment once per path). */
export function measureOperation(operation: OperationDefinitionNode, document: DocumentNode): { depth: number; fields: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  let fields = 0;
  const walk = (set: SelectionSetNode, depth: number, seen: ReadonlySet<string>): number => {
    let max = depth;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        fields++;
        if (sel.selectionSet) max = Math.max(max, walk(sel.selectionSet, depth + 1, seen));
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        max = Math.max(max, walk(sel.selectionSet, depth, seen));
      } else {
        const name = sel.name.value;
        const fragment = fragments.get(name);
        if (fragment && !seen.has(name)) max = Math.max(max, walk(fragment.selectionSet, depth, new Set([...seen, name])));
      }
    }
    return max;
  };
  const depth = walk(operation.selectionSet, 1, new Set());
  return { depth, fields };
}

/** Throws LIMIT_EXCEEDED when an operation is deeper or wider than allowed. */
export function assertWithinLimits(operation: OperationDefinitionNode, document: DocumentNode, limits: { maxDepth: number; maxFields: number }): void {
  const { depth, fields } = measureOperation(operation, document);
  if (depth > limits.maxDepth) {
    throw new GraphQLError(`The query is ${depth} levels deep; the limit is ${limits.maxDepth}.`, { extensions: { code: "LIMIT_EXCEEDED", http: { status: 400 } } });
  }
  if (fields > limits.maxFields) {
    throw new GraphQLError(`The query selects ${fields} fields; the limit is ${limits.maxFields}.`, { extensions: { code: "LIMIT_EXCEEDED", http: { status: 400 } } });
  }
}

/** True when every top-level field of the operation is public (and it is a query). */
export function isPublicOperation(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  if (operation.operation !== "query") return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const check = (set: SelectionSetNode, seen: ReadonlySet<string>): boolean =>
    set.selections.every((sel: ASTNode) => {
      if (sel.kind === Kind.FIELD) return PUBLIC_ROOT_FIELDS.has(sel.name.value);
      if (sel.kind === Kind.INLINE_FRAGMENT) return check(sel.selectionSet, seen);
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(sel.name.value);
        return !!fragment && !seen.has(sel.name.value) && check(fragment.selectionSet, new Set([...seen, sel.name.value]));
      }
      return false;
    });
  return check(operation.selectionSet, new Set());
}
