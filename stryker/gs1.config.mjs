import { mutationConfig } from "./base.mjs";

// A representative part of @tracehub/gs1 (all of it is ~3,000 mutants, hours on two shared cores): check
// digits, dates, company prefixes, element strings and Digital Links. `-- --mutate 'packages/gs1/src/**/*.ts'`
// mutates all of it.
export default mutationConfig("gs1", [
  "packages/gs1/src/check-digit.ts",
  "packages/gs1/src/dates.ts",
  "packages/gs1/src/company-prefix.ts",
  "packages/gs1/src/element-string.ts",
  "packages/gs1/src/digital-link.ts",
]);
