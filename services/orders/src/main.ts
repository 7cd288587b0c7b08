import "reflect-metadata";
import { runSubgraphProcess } from "@tracehub/subgraph-kit";
import { createSubgraph, createOrdersDataSource, loadEnv, migrateOrders } from "./index";

void runSubgraphProcess({
  name: "orders",
  loadEnv,
  openDataSource: (url) => createOrdersDataSource(url),
  migrate: migrateOrders,
  start: ({ env, ...deps }) => createSubgraph({ ...deps, unitsUrl: env.UNITS_URL }),
});
