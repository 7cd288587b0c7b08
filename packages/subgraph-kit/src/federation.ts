import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { type GraphQLSchema, parse } from "graphql";
import { type BuildSchemaOptions, buildSchema, createResolversMap } from "type-graphql";

/** The Federation 2 link every tracehub subgraph declares. */
export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])`;

/** A `__resolveReference` implementation for one entity type. */
export type ReferenceResolver<TCtx> = (reference: Record<string, unknown>, context: TCtx, info: unknown) => unknown;

/**
 * Turns type-graphql classes into a Federation 2 subgraph schema: builds the type-graphql schema,
 * prints it with its applied directives (`@key`, `@shareable`, ...), adds the federation `@link`,
 * and merges the type-graphql resolvers with the entities' reference resolvers.
 */
export async function buildFederatedSchema<TCtx>(
  options: BuildSchemaOptions,
  referenceResolvers: Record<string, ReferenceResolver<TCtx>> = {},
): Promise<GraphQLSchema> {
  const schema = await buildSchema({ validate: false, ...options });
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, resolveReference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: resolveReference };
  }
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  // The resolver map's type is not exported by @apollo/subgraph 2.14; the shape is the documented one.
  return buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]);
}

/** The subgraph SDL as the gateway composes it (what each service checks in as `schema.graphql`). */
export function printSubgraphSdl(schema: GraphQLSchema): string {
  return `${printSubgraphSchema(schema).trim()}\n`;
}
