import "reflect-metadata";
import { runSubgraphProcess } from "@tracehub/subgraph-kit";
import { createSubgraph, createSuppliersDataSource, loadEnv, migrateSuppliers } from "./index";

void runSubgraphProcess({ name: "suppliers", loadEnv, openDataSource: (url) => createSuppliersDataSource(url), migrate: migrateSuppliers, start: createSubgraph });
