import path from "node:path";
import type { Config } from "jest";

const root = __dirname;

/** Workspace sources are mapped directly, so tests never need a build of their siblings. */
const workspaceSources: Record<string, string> = {
  "^@tracehub/(gs1|epcis|auth|db|subgraph-kit|testkit)$": path.join(root, "packages/$1/src"),
  "^@tracehub/(units|orders|suppliers|compliance)$": path.join(root, "services/$1/src"),
  "^@tracehub/gateway$": path.join(root, "gateway/src"),
};

/**
 * One jest project per workspace. Unit specs (`*.spec.ts`) and integration specs
 * (`*.int.spec.ts`) share a project; integration specs use the database the global
 * setup provides through `DATABASE_URL`.
 */
export function workspaceProject(dir: string, name: string): Config {
  return {
    displayName: name,
    rootDir: dir,
    testEnvironment: "node",
    testMatch: ["<rootDir>/src/**/__tests__/**/*.spec.ts", "<rootDir>/test/**/*.spec.ts"],
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
