import path from "node:path";
import type { Config } from "jest";
import { workspaceProject, workspaceProjects } from "./jest.preset";

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
];

/** Cross-service end-to-end tests (e2e/test/, the whole hub): integration specs only, so one project, `e2e-int`. */
const E2E = workspaceProject(path.join(__dirname, "e2e"), "e2e", "int");

const config: Config = {
  projects: [...WORKSPACES.flatMap(([dir, name]) => workspaceProjects(path.join(__dirname, dir), name)), E2E],
  globalSetup: "<rootDir>/jest.global-setup.js",
  globalTeardown: "<rootDir>/jest.global-teardown.js",
  testTimeout: 60_000,
};

export default config;
