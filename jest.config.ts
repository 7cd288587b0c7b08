import type { Config } from "jest";

const config: Config = {
  projects: [
    "<rootDir>/packages/gs1",
    "<rootDir>/packages/epcis",
    "<rootDir>/packages/auth",
    "<rootDir>/packages/db",
    "<rootDir>/packages/subgraph-kit",
    "<rootDir>/services/units",
    "<rootDir>/services/orders",
    "<rootDir>/services/suppliers",
    "<rootDir>/services/compliance",
    "<rootDir>/gateway",
  ],
  globalSetup: "<rootDir>/jest.global-setup.js",
  globalTeardown: "<rootDir>/jest.global-teardown.js",
  testTimeout: 60_000,
};

export default config;
