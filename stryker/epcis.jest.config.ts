import { mutationJestConfig } from "./jest-target";

// Left out: the property suite (fast-check: minutes per run, random cases would make a mutant's fate vary
// from run to run) and the 100,000-event document test (it exists for scale, and would run for every
// mutant of the normalizer and the validator).
export default mutationJestConfig("packages/epcis", "epcis", ["<rootDir>/src/__tests__/*.spec.ts"], {
  specs: ["/properties\\.spec\\.ts$"],
  tests: "100,000-event document when the limit is raised",
});
