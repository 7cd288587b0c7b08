import { mutationConfig } from "./base.mjs";

// A representative part of @tracehub/epcis (all of it is several thousand mutants): the event hash, the event
// rules and the normalizer. `-- --mutate 'packages/epcis/src/**/*.ts'` mutates all of it.
export default mutationConfig("epcis", ["packages/epcis/src/hash.ts", "packages/epcis/src/rules.ts", "packages/epcis/src/normalize.ts"]);
