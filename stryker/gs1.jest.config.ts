import { mutationJestConfig } from "./jest-target";

export default mutationJestConfig("packages/gs1", "gs1", ["<rootDir>/src/__tests__/*.spec.ts"]);
