import { mutationJestConfig } from "./jest-target";

export default mutationJestConfig("gateway", "gateway", ["<rootDir>/src/__tests__/{limits,fanout-scope}.spec.ts"]);
