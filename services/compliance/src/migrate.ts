import "reflect-metadata";
import { runMigrationProcess } from "@tracehub/subgraph-kit";
import { createComplianceDataSource, loadEnv, migrateCompliance } from "./index";

void runMigrationProcess({ name: "compliance", loadEnv, openDataSource: (url) => createComplianceDataSource(url), migrate: migrateCompliance });
