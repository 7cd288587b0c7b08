import "reflect-metadata";
import { runSubgraphProcess } from "@tracehub/subgraph-kit";
import { createSubgraph, createComplianceDataSource, loadEnv, migrateCompliance } from "./index";

void runSubgraphProcess({
  name: "compliance",
  loadEnv,
  openDataSource: (url) => createComplianceDataSource(url),
  migrate: migrateCompliance,
  start: ({ env, ...deps }) => createSubgraph({ ...deps, unitsUrl: env.UNITS_URL }),
});
