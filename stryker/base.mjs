import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { fileURLToPath } from "node:url";

const TEMP_DIR = ".stryker-tmp";

// The conformance specs read <repository>/../shared (GS1 vectors, EPCIS examples and hashes). A sandbox is
// <repository>/.stryker-tmp/sandbox-*, so its ../shared is .stryker-tmp/shared: a link to the real one.
const shared = fileURLToPath(new URL("../../shared", import.meta.url));
const link = fileURLToPath(new URL(`../${TEMP_DIR}/shared`, import.meta.url));
if (existsSync(shared) && !existsSync(link)) {
  mkdirSync(fileURLToPath(new URL(`../${TEMP_DIR}`, import.meta.url)), { recursive: true });
  try {
    symlinkSync(shared, link, "dir");
  } catch (error) {
    if (error.code !== "EEXIST") throw error;
  }
}

/**
 * What every mutation target shares. Stryker copies the repository into `.stryker-tmp/` and mutates the copy,
 * so the working tree is never touched; reports go to `reports/mutation/<target>.{html,json}`.
 */
export function mutationConfig(target, mutate, overrides = {}) {
  return {
    testRunner: "jest",
    plugins: ["@stryker-mutator/jest-runner"],
    jest: { projectType: "custom", configFile: `stryker/${target}.jest.config.ts` },
    mutate,
    coverageAnalysis: "perTest",
    // Mutants in module-level constants would need every test re-run each; they are covered by the specs anyway.
    ignoreStatic: true,
    concurrency: 2,
    timeoutMS: 10_000,
    ignorePatterns: [".data", ".turbo", "coverage", "dist", "reports"],
    reporters: ["clear-text", "progress", "html", "json"],
    htmlReporter: { fileName: `reports/mutation/${target}.html` },
    jsonReporter: { fileName: `reports/mutation/${target}.json` },
    clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
    thresholds: { high: 90, low: 80, break: null },
    tempDirName: TEMP_DIR,
    ...overrides,
  };
}
