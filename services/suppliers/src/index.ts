import type { Principal } from "@tracehub/auth";
import { createServiceDataSource, migrate } from "@tracehub/db";
import { type RunningSubgraph, startSubgraphServer } from "@tracehub/subgraph-kit";
import type { DataSource, Logger } from "typeorm";
import type { SuppliersContext } from "./context";
import { migrations } from "./migrations";
import { CompanyPrefixEntity, OrganizationEntity } from "./modules/organization/organization.entity";
import { createSupplierLoaders } from "./modules/organization/organization.loader";
import { OrganizationService } from "./modules/organization/organization.service";
import { OrganizationStore } from "./modules/organization/organization.store";
import { GrantService } from "./modules/grant/grant.service";
import { GrantStore } from "./modules/grant/grant.store";
import { buildSuppliersSchema } from "./schema";

export { buildSuppliersSchema } from "./schema";
export { loadEnv, ENV_KEYS } from "./env";

/** The PostgreSQL schema this service owns. */
export const SCHEMA = "suppliers";

/** Opens (does not initialize) the suppliers database. */
export function createSuppliersDataSource(url: string, logger?: Logger): DataSource {
  return createServiceDataSource({ url, schema: SCHEMA, entities: [OrganizationEntity, CompanyPrefixEntity], migrations, ...(logger ? { logger } : {}) });
}

/** Runs the suppliers migrations on `ds`. */
export function migrateSuppliers(ds: DataSource): Promise<string[]> {
  return migrate(ds, SCHEMA);
}

/** Starts the suppliers subgraph on an initialized, migrated data source. */
export async function createSubgraph(deps: { ds: DataSource; principalKey: string; port: number; host?: string }): Promise<RunningSubgraph> {
  const schema = await buildSuppliersSchema();
  const organizationStore = new OrganizationStore(deps.ds.manager);
  const organizations = new OrganizationService(organizationStore);
  const grants = new GrantService(new GrantStore(deps.ds.manager));
  return startSubgraphServer<SuppliersContext>({
    name: "suppliers",
    schema,
    principalKey: deps.principalKey,
    port: deps.port,
    ...(deps.host ? { host: deps.host } : {}),
    context: (principal: Principal) => ({ principal, loaders: createSupplierLoaders(organizationStore), organizations, grants }),
    internal: {
      /** The gateway's look-up of what an organization owns and was granted (signed into its principals). */
      scope: (body) => grants.scopeOf(String((body as { org?: unknown } | null)?.org ?? "")),
    },
  });
}
