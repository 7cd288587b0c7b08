import "reflect-metadata";
import { runMigrationProcess } from "@tracehub/subgraph-kit";
import { createOrdersDataSource, loadEnv, migrateOrders } from "./index";

void runMigrationProcess({ name: "orders", loadEnv, openDataSource: (url) => createOrdersDataSource(url), migrate: migrateOrders });
