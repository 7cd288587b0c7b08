import { authChecker, buildFederatedSchema } from "@tracehub/subgraph-kit";
import type { GraphQLSchema } from "graphql";
import type { OrdersContext } from "./context";
import { OrderResolver, resolveOrderReference } from "./modules/order/order.resolver";
import { OrderUnitsResolver, UnitOrderResolver, resolveUnitReference } from "./modules/unit/unit.resolver";
import { UnitRef } from "./modules/unit/unit.type";

/** The orders subgraph schema. */
export function buildOrdersSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema<OrdersContext>(
    { resolvers: [OrderResolver, UnitOrderResolver, OrderUnitsResolver], orphanedTypes: [UnitRef], authChecker },
    {
      Order: (ref, ctx) => resolveOrderReference(ref, ctx),
      Unit: (ref) => resolveUnitReference(ref),
    },
  );
}
