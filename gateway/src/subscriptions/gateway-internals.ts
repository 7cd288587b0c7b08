import type { ApolloGateway, GraphQLDataSource } from "@apollo/gateway";
import type { Schema } from "@apollo/federation-internals";
import type { QueryPlanner } from "@apollo/query-planner";
import type { GraphQLSchema } from "graphql";

/** The @apollo/gateway version whose private fields {@link gatewayInternals} reads (pinned in package.json). */
export const PINNED_GATEWAY_VERSION = "2.14.4";

/**
 * What the subscription forwarder needs from a loaded ApolloGateway. @apollo/gateway plans subscriptions but
 * refuses to execute them; we run its plan ourselves with these. All but `schema` are private fields of the
 * pinned version: `gateway-internals.spec.ts` is the contract test that fails when an upgrade moves them.
 */
export interface GatewayInternals {
  /** The API schema clients see (GraphQL-js). */
  schema: GraphQLSchema;
  /** The API schema in federation-internals form (what the planner and the executor take). */
  apiSchema: Schema;
  /** The supergraph schema (GraphQL-js), for entity representations and result rewrites. */
  supergraphSchema: GraphQLSchema;
  queryPlanner: QueryPlanner;
  /** The subgraph data sources by service name (the same ones HTTP requests use, so principals are signed the same way). */
  dataSources: Record<string, GraphQLDataSource>;
}

function missing(field: string): Error {
  return new Error(
    `@apollo/gateway internals changed: '${field}' is not where ${PINNED_GATEWAY_VERSION} keeps it. Subscriptions need it; pin @apollo/gateway ${PINNED_GATEWAY_VERSION} or adapt gateway/src/subscriptions/gateway-internals.ts.`,
  );
}

/** Reads the internals of a gateway that has loaded its supergraph; throws a clear error when they moved. */
export function gatewayInternals(gateway: ApolloGateway): GatewayInternals {
  const g = gateway as unknown as {
    schema?: GraphQLSchema;
    apiSchema?: Schema;
    supergraphSchema?: GraphQLSchema;
    queryPlanner?: QueryPlanner;
    serviceMap?: Record<string, { dataSource?: GraphQLDataSource }>;
  };
  if (!g.schema) throw missing("schema");
  if (!g.apiSchema || typeof (g.apiSchema as { toGraphQLJSSchema?: unknown }).toGraphQLJSSchema !== "function") throw missing("apiSchema");
  if (!g.supergraphSchema || typeof g.supergraphSchema.getQueryType !== "function") throw missing("supergraphSchema");
  if (!g.queryPlanner || typeof g.queryPlanner.buildQueryPlan !== "function") throw missing("queryPlanner");
  if (!g.serviceMap || typeof g.serviceMap !== "object") throw missing("serviceMap");
  const dataSources: Record<string, GraphQLDataSource> = {};
  for (const [name, entry] of Object.entries(g.serviceMap)) {
    if (!entry?.dataSource || typeof entry.dataSource.process !== "function") throw missing(`serviceMap.${name}.dataSource`);
    dataSources[name] = entry.dataSource;
  }
  return { schema: g.schema, apiSchema: g.apiSchema, supergraphSchema: g.supergraphSchema, queryPlanner: g.queryPlanner, dataSources };
}
