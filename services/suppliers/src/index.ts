import type { Principal } from "@tracehub/auth";
import { backgroundTransaction, createServiceDataSource, migrate } from "@tracehub/db";
import { ErrorCode, type RunningSubgraph, observability, startSubgraphServer } from "@tracehub/subgraph-kit";
import type { DataSource, Logger } from "typeorm";
import type { SuppliersContext } from "./context";
import { migrations } from "./migrations";
import { createLoaders } from "./loaders";
import { ApiKeyService } from "./modules/apikey/apikey.service";
import { AuditService } from "./modules/audit/audit.service";
import { AuditStore } from "./modules/audit/audit.store";
import { CompanyPrefixEntity, OrganizationEntity } from "./modules/organization/organization.entity";
import { OrganizationService } from "./modules/organization/organization.service";
import { OrganizationStore } from "./modules/organization/organization.store";
import { GrantService } from "./modules/grant/grant.service";
import { GrantStore } from "./modules/grant/grant.store";
import { LocationService } from "./modules/location/location.service";
import { LocationStore } from "./modules/location/location.store";
import { ApiKeyStore } from "./modules/apikey/apikey.store";
import { MemberService } from "./modules/member/member.service";
import { MemberStore } from "./modules/member/member.store";
import { ScopeService } from "./modules/scope/scope.service";
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
export async function createSubgraph(deps: { ds: DataSource; principalKey: string; port: number; host?: string; metricsToken?: string | null }): Promise<RunningSubgraph> {
  const schema = await buildSuppliersSchema();
  const stores = { organizations: new OrganizationStore(deps.ds.manager), locations: new LocationStore(deps.ds.manager) };
  const organizations = new OrganizationService(stores.organizations);
  const grants = new GrantService(new GrantStore(deps.ds.manager));
  const locations = new LocationService(stores.locations, stores.organizations);
  const apiKeys = new ApiKeyService(new ApiKeyStore(deps.ds.manager), stores.organizations);
  const audit = new AuditService(new AuditStore(deps.ds.manager));
  const members = new MemberService(new MemberStore(deps.ds.manager), stores.organizations);
  /**
   * The services of the internal endpoints, bound to a transaction on a connection marked as background work: the
   * gateway's look-ups (scope, API key, membership) and its audit batches are not any GraphQL request's statements.
   */
  const internally = <T>(work: (s: { scopes: ScopeService; apiKeys: ApiKeyService; members: MemberService; audit: AuditService }) => Promise<T>): Promise<T> =>
    backgroundTransaction(deps.ds, (em) => {
      const organizationStore = new OrganizationStore(em);
      const locationService = new LocationService(new LocationStore(em), organizationStore);
      return work({
        scopes: new ScopeService(new GrantService(new GrantStore(em)), locationService),
        apiKeys: new ApiKeyService(new ApiKeyStore(em), organizationStore),
        members: new MemberService(new MemberStore(em), organizationStore),
        audit: new AuditService(new AuditStore(em)),
      });
    });
  return startSubgraphServer<SuppliersContext>({
    ...observability("suppliers", deps.ds, deps.metricsToken),
    name: "suppliers",
    schema,
    principalKey: deps.principalKey,
    port: deps.port,
    ...(deps.host ? { host: deps.host } : {}),
    context: (principal: Principal) => ({ principal, loaders: createLoaders(stores), organizations, grants, locations, apiKeys, audit, members }),
    internal: {
      /** The gateway's look-up of what an organization owns, was granted and where it is (signed into its principals). */
      scope: (body) => internally(({ scopes }) => scopes.scopeOf(String((body as { org?: unknown } | null)?.org ?? ""))),
      /**
       * The gateway's check of a presented API key (`{ key }`): 200 with the key's id, organization, its kind and
       * the scopes for a usable key; 404 UNAUTHENTICATED for an unknown, revoked or expired one alike.
       */
      "api-key": async (body, _caller, reply) => {
        const identity = await internally(({ apiKeys: keys }) => keys.authenticate((body as { key?: unknown } | null)?.key));
        if (identity) return identity;
        reply.status(404);
        return { error: { code: ErrorCode.Unauthenticated, message: "The API key is not valid: unknown, revoked or expired." } };
      },
      /**
       * The gateway's look-up of a token's subject in its organization (`{ org, sub }`): `{ managed: false }` when
       * the organization keeps no members (the token's roles stand), else `{ managed: true, roles }` with the
       * member's roles, or null when the subject is not an active member.
       */
      member: (body) => {
        const { org, sub } = (body ?? {}) as { org?: unknown; sub?: unknown };
        return internally(({ members: people }) => people.membership(org, sub));
      },
      /** The gateway's batches of regulators' reads (`{ entries }`, at most 100): recorded all or nothing; 400 BAD_USER_INPUT for a malformed batch. */
      audit: (body) => internally(({ audit: trail }) => trail.record(body)),
    },
  });
}
