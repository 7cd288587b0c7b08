import "reflect-metadata";
import { runMigrationProcess } from "@tracehub/subgraph-kit";
import { createSuppliersDataSource, loadEnv, migrateSuppliers } from "./index";

void runMigrationProcess({ name: "suppliers", loadEnv, openDataSource: (url) => createSuppliersDataSource(url), migrate: migrateSuppliers });
