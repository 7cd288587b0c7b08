/**
 * `tracehub/no-module-cycle`: the modules of a service (the folders of `services/<name>/src/modules/`) form an
 * acyclic graph. `import-x/no-cycle` sees cycles between files that run; this rule sees them between folders,
 * type-only imports included, because a module that needs another's types depends on it as much as one that
 * calls it. An import from one module into another is reported when the other module already reaches back.
 * Specs (`__tests__/`) are not part of the graph.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const MODULES = /^(.*[\\/]services[\\/][^\\/]+[\\/]src[\\/]modules)[\\/]([^\\/]+)[\\/]/;
const RELATIVE_SPECIFIER = /\b(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']*)["']/g;

/** The modules folder and the module a file belongs to, or null outside a service's modules. */
function moduleOf(file) {
  const match = MODULES.exec(file);
  return match ? { root: match[1], name: match[2] } : null;
}

/** The module a relative specifier of `file` lands in, when it is another module of the same service. */
function targetModule(root, file, specifier) {
  const relative = path.relative(root, path.resolve(path.dirname(file), specifier));
  if (relative.startsWith("..") || path.isAbsolute(relative)) return null;
  const [name] = relative.split(path.sep);
  return name && name !== relative ? name : null;
}

/** module → modules it imports, read from the files on disk (the file being linted is taken from its AST). */
function moduleGraph(root, lintedFile) {
  const graph = new Map();
  for (const module of readdirSync(root, { withFileTypes: true })) {
    if (!module.isDirectory()) continue;
    const edges = new Set();
    graph.set(module.name, edges);
    const files = readdirSync(path.join(root, module.name), { recursive: true, withFileTypes: true });
    for (const entry of files) {
      if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
      const file = path.join(entry.parentPath, entry.name);
      if (file === lintedFile || file.split(path.sep).includes("__tests__")) continue;
      for (const [, specifier] of readFileSync(file, "utf8").matchAll(RELATIVE_SPECIFIER)) {
        const target = targetModule(root, file, specifier);
        if (target && target !== module.name) edges.add(target);
      }
    }
  }
  return graph;
}

/** A path of modules from `from` to `to` (both included), or null. */
function pathBetween(graph, from, to) {
  const previous = new Map([[from, null]]);
  const queue = [from];
  while (queue.length) {
    const current = queue.shift();
    if (current === to) {
      const route = [];
      for (let step = to; step !== null; step = previous.get(step)) route.unshift(step);
      return route;
    }
    for (const next of graph.get(current) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return null;
}

export default {
  meta: {
    type: "problem",
    docs: { description: "the modules of a service do not import each other in a cycle" },
    schema: [],
    messages: { cycle: "Module cycle: {{cycle}}. Modules of a service form an acyclic graph: move what both need into one of them or a third." },
  },
  create(context) {
    const file = context.physicalFilename;
    const own = moduleOf(file);
    if (!own || file.split(path.sep).includes("__tests__")) return {};
    const imports = [];
    const collect = (node) => {
      if (node.source?.type !== "Literal" || typeof node.source.value !== "string") return;
      const target = targetModule(own.root, file, node.source.value);
      if (target && target !== own.name) imports.push({ node, target });
    };
    return {
      ImportDeclaration: collect,
      ExportNamedDeclaration: collect,
      ExportAllDeclaration: collect,
      ImportExpression: collect,
      "Program:exit"() {
        if (!imports.length) return;
        const graph = moduleGraph(own.root, file);
        for (const { target } of imports) graph.get(own.name)?.add(target);
        for (const { node, target } of imports) {
          const back = pathBetween(graph, target, own.name);
          if (back) context.report({ node, messageId: "cycle", data: { cycle: [own.name, ...back].join(" → ") } });
        }
      },
    };
  },
};
