import path from "node:path";
import type { Config } from "jest";
import { workspaceProject, workspaceProjects } from "./jest.preset";

// The hubs tests start log each GraphQL request at `info`; tests want warnings and errors only (the logs test asks for more).
process.env.LOG_LEVEL ??= "warn";

/** Each workspace with specs and its project name; it gets `<name>-unit` and `<name>-int` (see jest.preset.ts). */
const WORKSPACES: [dir: string, name: string][] = [
  ["packages/errors", "errors"],
  ["packages/gs1", "gs1"],
  ["packages/epcis", "epcis"],
  ["packages/auth", "auth"],
  ["packages/db", "db"],
  ["packages/subgraph-kit", "subgraph-kit"],
  ["services/units", "units"],
  ["services/orders", "orders"],
  ["services/suppliers", "suppliers"],
  ["services/compliance", "compliance"],
  ["gateway", "gateway"],
  ["packages/cli", "cli"],
];

/** Cross-service end-to-end tests (e2e/test/, the whole hub): integration specs only, so one project, `e2e-int`. */
const E2E = esmDependencies(workspaceProject(path.join(__dirname, "e2e"), "e2e", "int"), ["@apidevtools/json-schema-ref-parser", "js-yaml", "argparse"]);

/**
 * Lets a project load npm packages that ship ES modules only (openapi-backend's reference parser, used by the
 * EPCIS REST binding's e2e test to check answers against GS1's openapi document): swc compiles them to CommonJS
 * like the project's own sources, since jest on Node 20 cannot require ES modules.
 */
function esmDependencies(project: Config, packages: string[]): Config {
  const names = packages.map((p) => p.replace(/[/.]/g, (c) => `\\${c}`)).join("|");
  return {
    ...project,
    transform: { ...project.transform, [`node_modules/(${names})/.+\\.js$`]: ["@swc/jest", { module: { type: "commonjs" } }] },
    transformIgnorePatterns: [`/node_modules/(?!(${names})/)`],
  };
}

/**
 * Tests in a real Chromium (`e2e/test/*-browser.int.spec.ts`): their own project, `e2e-browser`, which `npm test`
 * runs after everything else (`jest --ignoreProjects e2e-browser && jest --selectProjects e2e-browser`). A browser
 * and the dashboard's 200 movements/s would otherwise slow the suites running beside it past their timeouts.
 */
const BROWSER_SPECS = "-browser\\.int\\.spec\\.ts$";
const E2E_BROWSER: Config = { ...E2E, displayName: "e2e-browser", testMatch: ["<rootDir>/test/**/*-browser.int.spec.ts"], testPathIgnorePatterns: ["/node_modules/"] };
const E2E_WITHOUT_BROWSER: Config = { ...E2E, testPathIgnorePatterns: ["/node_modules/", BROWSER_SPECS] };

const config: Config = {
  projects: [...WORKSPACES.flatMap(([dir, name]) => workspaceProjects(path.join(__dirname, dir), name)), E2E_WITHOUT_BROWSER, E2E_BROWSER],
  globalSetup: "<rootDir>/jest.global-setup.js",
  globalTeardown: "<rootDir>/jest.global-teardown.js",
  testTimeout: 60_000,
};

export default config;
