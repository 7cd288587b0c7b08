/**
 * `tracehub/no-raw-sql`: a `.query(...)` call whose SQL is written in place — a string or template literal
 * starting with SELECT, INSERT, UPDATE, DELETE or WITH, or a `const` of this file holding one (also as the head
 * of a template: `${SELECT_ORG} WHERE ...`). The config applies it to `services/<name>/src` outside `*.store.ts`
 * and `migrations/`, where SQL belongs (each module's SQL lives in its store).
 */
const SQL = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

/** The text a string or template literal starts with, or null for any other node. */
function leadingText(node) {
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type === "TemplateLiteral") return node.quasis[0]?.value.cooked ?? "";
  return null;
}

/** The initialiser of the `const` an identifier names, when it is declared in this file. */
function constInit(identifier, scope) {
  for (let s = scope; s; s = s.upper) {
    const variable = s.set.get(identifier.name);
    if (!variable) continue;
    const def = variable.defs[0];
    if (def?.type === "Variable" && def.parent.kind === "const" && def.node.init) return def.node.init;
    return null;
  }
  return null;
}

/** Whether `node` (the first argument of a `.query` call) is SQL written in this file; follows `const`s once. */
function isSql(node, scope, depth = 0) {
  let target = node;
  while (target.type === "TSAsExpression" || target.type === "TSSatisfiesExpression") target = target.expression;
  const text = leadingText(target);
  if (text !== null && SQL.test(text)) return true;
  if (depth > 0) return false;
  if (target.type === "Identifier") {
    const init = constInit(target, scope);
    return init !== null && isSql(init, scope, depth + 1);
  }
  // `${SELECT_ORG} WHERE ...`: the statement starts with an interpolated constant.
  if (target.type === "TemplateLiteral" && text === "" && target.expressions[0]?.type === "Identifier") {
    const init = constInit(target.expressions[0], scope);
    return init !== null && isSql(init, scope, depth + 1);
  }
  return false;
}

export default {
  meta: {
    type: "problem",
    docs: { description: "SQL statements live in the module's *.store.ts (or in a migration), not in services, loaders or resolvers" },
    schema: [],
    messages: { rawSql: "Raw SQL outside a *.store.ts: move this statement into the module's store." },
  },
  create(context) {
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== "MemberExpression" || callee.computed || callee.property.name !== "query") return;
        const [sql] = node.arguments;
        if (sql && isSql(sql, context.sourceCode.getScope(node))) context.report({ node: sql, messageId: "rawSql" });
      },
    };
  },
};
