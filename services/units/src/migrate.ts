import "reflect-metadata";
import { runMigrationProcess } from "@tracehub/subgraph-kit";
import { createUnitsDataSource, loadEnv, migrateUnits } from "./index";

void runMigrationProcess({ name: "units", loadEnv, openDataSource: (url) => createUnitsDataSource(url), migrate: migrateUnits });
