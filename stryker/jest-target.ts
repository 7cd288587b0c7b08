import path from "node:path";
import type { Config } from "jest";
import { workspaceProject } from "../jest.preset";

/** What a target leaves out of its mutation runs, besides integration specs. */
export interface MutationExclusions {
  /** Spec files (regular expressions on their path). */
  specs?: string[];
  /** Tests (regular expression on the full test name). */
  tests?: string;
}

/**
 * Jest for a mutation run (see `stryker/*.config.mjs`): one workspace project and only its fast pure specs.
 * Integration specs (`*.int.spec.ts`) need PostgreSQL and whole servers, and every mutant re-runs the tests
 * that cover it, so they stay out, as do the few slow tests a target names in `exclude`.
 */
export function mutationJestConfig(workspace: string, name: string, testMatch: string[], exclude: MutationExclusions = {}): Config {
  return {
    ...workspaceProject(path.join(__dirname, "..", workspace), name, "unit"),
    testMatch,
    testPathIgnorePatterns: ["/node_modules/", "\\.int\\.spec\\.ts$", ...(exclude.specs ?? [])],
    // Stryker's dry run decides which tests cover which mutant; a test it does not run is never run for a mutant.
    ...(exclude.tests ? { testNamePattern: `^(?!.*(${exclude.tests}))` } : {}),
  };
}
