import { mutationJestConfig } from "./jest-target";

// The property suite (fast-check, thousands of random cases per property) is left out: it takes minutes per
// run and its random cases would make a mutant's fate vary from run to run.
export default mutationJestConfig("packages/gs1", "gs1", ["<rootDir>/src/__tests__/*.spec.ts"], { specs: ["/properties\\.spec\\.ts$"] });
