import { mutationConfig } from "./base.mjs";

// A representative part of @tracehub/gs1 (all of it is about 3,800 mutants, hours on two shared cores): check
// digits, dates, company prefixes and element strings. `npm run test:mutation -- gs1 --mutate <globs>` mutates
// other files, e.g. 'packages/gs1/src/digital-link.ts' or 'packages/gs1/src/**/*.ts' for all of it.
export default mutationConfig("gs1", ["packages/gs1/src/check-digit.ts", "packages/gs1/src/dates.ts", "packages/gs1/src/company-prefix.ts", "packages/gs1/src/element-string.ts"]);
