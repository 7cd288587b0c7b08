import { authChecker, buildFederatedSchema } from "@tracehub/subgraph-kit";
import type { GraphQLSchema } from "graphql";
import type { OrdersContext } from "./context";
import { AllocationResolver } from "./modules/allocation/allocation.resolver";
import { AnalyticsResolver } from "./modules/analytics/analytics.resolver";
import { CustomerResolver } from "./modules/customer/customer.resolver";
import { FulfilmentResolver } from "./modules/fulfilment/fulfilment.resolver";
import { OrderResolver, resolveOrderReference } from "./modules/order/order.resolver";
import { OrderReturnsResolver, ReturnOrderResolver, ReturnResolver } from "./modules/return/return.resolver";
import { TrackingResolver } from "./modules/tracking/tracking.resolver";
import { OrderUnitsResolver, UnitOrderResolver, resolveUnitReference } from "./modules/unit/unit.resolver";
import { UnitRef } from "./modules/unit/unit.type";
import { WarrantyResolver } from "./modules/warranty/warranty.resolver";

/** The orders subgraph schema. */
export function buildOrdersSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema<OrdersContext>(
    {
      resolvers: [
        OrderResolver,
        CustomerResolver,
        AllocationResolver,
        FulfilmentResolver,
        ReturnResolver,
        OrderReturnsResolver,
        ReturnOrderResolver,
        WarrantyResolver,
        TrackingResolver,
        AnalyticsResolver,
        UnitOrderResolver,
        OrderUnitsResolver,
      ],
      orphanedTypes: [UnitRef],
      authChecker,
    },
    {
      Order: (ref, ctx) => resolveOrderReference(ref, ctx),
      Unit: (ref) => resolveUnitReference(ref),
    },
  );
}
