import type { Principal } from "@tracehub/auth";
import { createServiceDataSource, migrate } from "@tracehub/db";
import { type RunningSubgraph, startSubgraphServer } from "@tracehub/subgraph-kit";
import type { DataSource, Logger } from "typeorm";
import type { ComplianceContext } from "./context";
import { migrations } from "./migrations";
import { RecallEntity } from "./modules/recall/recall.entity";
import { createRecallLoaders } from "./modules/recall/recall.loader";
import { RecallService } from "./modules/recall/recall.service";
import { buildComplianceSchema } from "./schema";

export { buildComplianceSchema } from "./schema";
export { loadEnv, ENV_KEYS } from "./env";

/** The PostgreSQL schema this service owns. */
export const SCHEMA = "compliance";

/** Opens (does not initialize) the compliance database. */
export function createComplianceDataSource(url: string, logger?: Logger): DataSource {
  return createServiceDataSource({ url, schema: SCHEMA, entities: [RecallEntity], migrations, ...(logger ? { logger } : {}) });
}

/** Runs the compliance migrations on `ds`. */
export function migrateCompliance(ds: DataSource): Promise<string[]> {
  return migrate(ds, SCHEMA);
}

/** Starts the compliance subgraph on an initialized, migrated data source. */
export async function createSubgraph(deps: { ds: DataSource; principalKey: string; port: number; host?: string }): Promise<RunningSubgraph> {
  const schema = await buildComplianceSchema();
  const recalls = new RecallService(deps.ds);
  return startSubgraphServer<ComplianceContext>({
    name: "compliance",
    schema,
    principalKey: deps.principalKey,
    port: deps.port,
    ...(deps.host ? { host: deps.host } : {}),
    context: (principal: Principal) => ({ principal, loaders: createRecallLoaders(deps.ds), recalls }),
  });
}
