import { authChecker, buildFederatedSchema } from "@tracehub/subgraph-kit";
import type { GraphQLSchema } from "graphql";
import type { UnitsContext } from "./context";
import { AuthenticityResolver } from "./modules/authenticity/authenticity.resolver";
import { EventResolver } from "./modules/event/event.resolver";
import { ProvenanceResolver } from "./modules/provenance/provenance.resolver";
import { ProductResolver, resolveProductReference } from "./modules/product/product.resolver";
import { UnitResolver, resolveUnitReference } from "./modules/unit/unit.resolver";

/** The units subgraph schema. */
export function buildUnitsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema<UnitsContext>(
    { resolvers: [UnitResolver, ProductResolver, AuthenticityResolver, EventResolver, ProvenanceResolver], authChecker },
    {
      Unit: (ref, ctx) => resolveUnitReference(ref, ctx),
      Product: (ref, ctx) => resolveProductReference(ref, ctx),
    },
  );
}
