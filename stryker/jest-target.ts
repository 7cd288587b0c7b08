import path from "node:path";
import type { Config } from "jest";
import { workspaceProject } from "../jest.preset";

/**
 * Jest for a mutation run (see `stryker/*.config.mjs`): one workspace project and only its fast pure specs.
 * Integration specs (`*.int.spec.ts`) need PostgreSQL and whole servers, and every mutant re-runs the tests
 * that cover it, so they stay out.
 */
export function mutationJestConfig(workspace: string, name: string, testMatch: string[]): Config {
  return {
    ...workspaceProject(path.join(__dirname, "..", workspace), name),
    testMatch,
    testPathIgnorePatterns: ["/node_modules/", "\\.int\\.spec\\.ts$"],
  };
}
