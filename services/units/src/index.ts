import type { Principal } from "@tracehub/auth";
import { createServiceDataSource, migrate } from "@tracehub/db";
import { type RunningSubgraph, startSubgraphServer } from "@tracehub/subgraph-kit";
import type { DataSource, Logger } from "typeorm";
import type { UnitsContext } from "./context";
import { migrations } from "./migrations";
import { AuthenticityService } from "./modules/authenticity/authenticity.service";
import { EventEntity } from "./modules/event/event.entity";
import { ProductEntity } from "./modules/product/product.entity";
import { ProductService } from "./modules/product/product.service";
import { UnitEntity } from "./modules/unit/unit.entity";
import { createUnitLoaders } from "./modules/unit/unit.loader";
import { UnitService } from "./modules/unit/unit.service";
import { buildUnitsSchema } from "./schema";

export { buildUnitsSchema } from "./schema";
export { loadEnv, ENV_KEYS } from "./env";

/** The PostgreSQL schema this service owns. */
export const SCHEMA = "units";

/** Opens (does not initialize) the units database. */
export function createUnitsDataSource(url: string, logger?: Logger): DataSource {
  return createServiceDataSource({
    url,
    schema: SCHEMA,
    entities: [ProductEntity, UnitEntity, EventEntity],
    migrations,
    ...(logger ? { logger } : {}),
  });
}

/** Runs the units migrations on `ds`. */
export function migrateUnits(ds: DataSource): Promise<string[]> {
  return migrate(ds, SCHEMA);
}

/** What the units subgraph needs to run. */
export interface UnitsDeps {
  ds: DataSource;
  principalKey: string;
  port: number;
  host?: string;
}

/** Starts the units subgraph on an initialized, migrated data source. No side effects on import. */
export async function createSubgraph(deps: UnitsDeps): Promise<RunningSubgraph> {
  const schema = await buildUnitsSchema();
  const units = new UnitService(deps.ds);
  const products = new ProductService(deps.ds);
  return startSubgraphServer<UnitsContext>({
    name: "units",
    schema,
    principalKey: deps.principalKey,
    port: deps.port,
    ...(deps.host ? { host: deps.host } : {}),
    bodyLimit: "4mb",
    context: (principal: Principal) => {
      const loaders = createUnitLoaders(deps.ds);
      return { principal, loaders, units, products, authenticity: new AuthenticityService(loaders) };
    },
  });
}
