import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { type GraphQLObjectType, buildSchema } from "graphql";
import { SUPERGRAPH_PATH } from "../index";

const root = path.resolve(__dirname, "../../..");
const doc = readFileSync(path.join(root, "docs/architecture.md"), "utf8");

/** The rows of the "Where things live" table: operation, kind, service, module. */
function documentedOperations(): { operation: string; kind: string; service: string; module: string }[] {
  const section = doc.split("## Where things live")[1]?.split("\n## ")[0] ?? "";
  return section
    .split("\n")
    .filter((line) => /^\| `\w+` \|/.test(line))
    .map((line) => {
      const [operation, kind, service, module] = line.split("|").slice(1, 5).map((cell) => cell.trim().replace(/`/g, ""));
      return { operation: operation as string, kind: kind as string, service: service as string, module: module as string };
    });
}

/** Every root field of the composed supergraph, as `kind operation`. */
function supergraphOperations(): string[] {
  const sdl = readFileSync(SUPERGRAPH_PATH, "utf8");
  const schema = buildSchema(sdl, { assumeValid: true, assumeValidSDL: true });
  const roots: [string, GraphQLObjectType | null | undefined][] = [
    ["query", schema.getQueryType()],
    ["mutation", schema.getMutationType()],
    ["subscription", schema.getSubscriptionType()],
  ];
  return roots.flatMap(([kind, type]) => Object.keys(type?.getFields() ?? {}).map((name) => `${kind} ${name}`));
}

describe("docs/architecture.md: where things live", () => {
  const rows = documentedOperations();

  it("lists every root field of the supergraph once, with its kind", () => {
    expect(rows.map((r) => `${r.kind} ${r.operation}`).sort()).toEqual(supergraphOperations().sort());
  });

  it("names the module whose resolver declares each operation", () => {
    const wrong: string[] = [];
    for (const row of rows) {
      if (!row.module.endsWith("/")) continue; // provided by a shared package; the cell says which
      const dir = path.join(root, "services", row.service, "src/modules", row.module);
      const resolvers = readdirSync(dir).filter((f) => f.endsWith(".resolver.ts"));
      const declared = resolvers.some((f) =>
        // The decorator, then the first method after it (no other method in between) is the operation.
        new RegExp(`@${row.kind[0]?.toUpperCase()}${row.kind.slice(1)}\\((?:(?!\\n {2}(?:async )?\\w+\\()[\\s\\S])*?\\n {2}(?:async )?${row.operation}\\(`).test(
          readFileSync(path.join(dir, f), "utf8"),
        ),
      );
      if (!declared) wrong.push(`${row.kind} ${row.operation}: not declared in services/${row.service}/src/modules/${row.module}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe("docs/security.md: domain reasons", () => {
  it("lists every reason a service module declares", () => {
    const security = readFileSync(path.join(root, "docs/security.md"), "utf8");
    const listed = new Set([...security.matchAll(/^\| `([A-Z_]+)` \| `[A-Z_]+` \|/gm)].map((m) => m[1]));
    const declared: string[] = [];
    for (const service of readdirSync(path.join(root, "services"))) {
      const modules = path.join(root, "services", service, "src/modules");
      for (const module of readdirSync(modules)) {
        for (const file of readdirSync(path.join(modules, module)).filter((f) => f.endsWith(".errors.ts"))) {
          const source = readFileSync(path.join(modules, module, file), "utf8");
          const list = /defineReasons\(\[([\s\S]*?)\]\)/.exec(source)?.[1] ?? "";
          declared.push(...[...list.matchAll(/"([A-Z_]+)"/g)].map((m) => m[1] as string));
        }
      }
    }
    expect(declared.length).toBeGreaterThan(0);
    expect(declared.filter((reason) => !listed.has(reason))).toEqual([]);
  });
});
