import { authChecker, buildFederatedSchema } from "@tracehub/subgraph-kit";
import type { GraphQLSchema } from "graphql";
import type { SuppliersContext } from "./context";
import { ApiKeyResolver } from "./modules/apikey/apikey.resolver";
import { AuditResolver } from "./modules/audit/audit.resolver";
import { GrantResolver } from "./modules/grant/grant.resolver";
import { LocationResolver, OrganizationLocationsResolver } from "./modules/location/location.resolver";
import { MemberResolver } from "./modules/member/member.resolver";
import { OrganizationResolver, resolveOrganizationReference } from "./modules/organization/organization.resolver";
import { ViewerResolver } from "./modules/viewer/viewer.resolver";
import { ProductBrandOwnerResolver, resolveProductReference } from "./modules/product/product.resolver";
import { ProductRef } from "./modules/product/product.type";

/** The suppliers subgraph schema. */
export function buildSuppliersSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema<SuppliersContext>(
    {
      resolvers: [OrganizationResolver, ProductBrandOwnerResolver, GrantResolver, LocationResolver, OrganizationLocationsResolver, ApiKeyResolver, AuditResolver, MemberResolver, ViewerResolver],
      orphanedTypes: [ProductRef],
      authChecker,
    },
    {
      Organization: (ref, ctx) => resolveOrganizationReference(ref, ctx),
      Product: (ref) => resolveProductReference(ref),
    },
  );
}
