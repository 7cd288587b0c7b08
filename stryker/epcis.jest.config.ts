import { mutationJestConfig } from "./jest-target";

export default mutationJestConfig("packages/epcis", "epcis", ["<rootDir>/src/__tests__/*.spec.ts"]);
