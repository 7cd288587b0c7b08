import { mutationConfig } from "./base.mjs";

// A representative part of @tracehub/epcis (all of it is about 3,200 mutants, hours on two shared cores): the
// event hash ID (CBV 2.0 canonical pre-hash strings). `npm run test:mutation -- epcis --mutate <globs>` mutates
// other files, e.g. 'packages/epcis/src/rules.ts' or 'packages/epcis/src/**/*.ts' for all of it.
export default mutationConfig("epcis", ["packages/epcis/src/hash.ts"]);
