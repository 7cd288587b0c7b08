import path from "node:path";
import type { Config } from "jest";

const root = __dirname;

/** Workspace sources are mapped directly, so tests never need a build of their siblings. */
const workspaceSources: Record<string, string> = {
  "^@tracehub/(errors|gs1|epcis|auth|db|subgraph-kit|testkit)$": path.join(root, "packages/$1/src"),
  "^@tracehub/(units|orders|suppliers|compliance)$": path.join(root, "services/$1/src"),
  "^@tracehub/gateway$": path.join(root, "gateway/src"),
};

/**
 * Which specs of a workspace a project runs: `unit` the pure specs (`*.spec.ts` in `__tests__/` under `src/`,
 * not `*.int.spec.ts`), `int` the integration specs (`*.int.spec.ts`, and every spec under `test/`), which use
 * the database the global setup provides through `DATABASE_URL`.
 */
export type TestKind = "unit" | "int";

const SPECS: Record<TestKind | "all", Pick<Config, "testMatch" | "testPathIgnorePatterns">> = {
  all: { testMatch: ["<rootDir>/src/**/__tests__/**/*.spec.ts", "<rootDir>/test/**/*.spec.ts"] },
  unit: { testMatch: ["<rootDir>/src/**/__tests__/**/*.spec.ts"], testPathIgnorePatterns: ["/node_modules/", "\\.int\\.spec\\.ts$"] },
  int: { testMatch: ["<rootDir>/src/**/__tests__/**/*.int.spec.ts", "<rootDir>/test/**/*.spec.ts"] },
};

/** The two jest projects of a workspace, `<name>-unit` and `<name>-int` (`npx jest --selectProjects units-unit`). */
export function workspaceProjects(dir: string, name: string): Config[] {
  return [workspaceProject(dir, name, "unit"), workspaceProject(dir, name, "int")];
}

/** One jest project of a workspace: its specs of one kind (named `<name>-<kind>`), or all of them (named `<name>`). */
export function workspaceProject(dir: string, name: string, kind?: TestKind): Config {
  return {
    displayName: kind ? `${name}-${kind}` : name,
    rootDir: dir,
    testEnvironment: "node",
    ...SPECS[kind ?? "all"],
    moduleFileExtensions: ["ts", "js", "json"],
    moduleNameMapper: workspaceSources,
    transform: {
      "^.+\\.ts$": [
        "@swc/jest",
        {
          jsc: {
            parser: { syntax: "typescript", decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
            target: "es2022",
          },
          module: { type: "commonjs" },
        },
      ],
    },
    setupFiles: [path.join(root, "jest.setup-env.js")],
  };
}
