import { mutationJestConfig } from "./jest-target";

export default mutationJestConfig("services/units", "units", ["<rootDir>/src/modules/{unit,capture,authenticity}/__tests__/*.spec.ts"]);
