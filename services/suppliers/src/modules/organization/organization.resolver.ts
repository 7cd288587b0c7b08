import { ConnectionArgs, uuidArgument } from "@tracehub/subgraph-kit";
import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { SuppliersContext } from "../../context";
import { CreateOrganizationInput } from "./organization.input";
import { canSeeOrganization } from "./organization.rules";
import { OrganizationConnection, OrganizationType } from "./organization.type";

@Resolver(() => OrganizationType)
export class OrganizationResolver {
  @Authorized()
  @Query(() => OrganizationType, { nullable: true, description: "An organization by id; null when it does not exist or is not yours to see." })
  async organization(@Arg("id", () => ID, { description: "The organization's id." }) id: string, @Ctx() ctx: SuppliersContext): Promise<OrganizationType | null> {
    const orgId = uuidArgument(id, "id", "an organization id");
    if (!canSeeOrganization(ctx.principal, orgId)) return null;
    return ctx.loaders.organizationById.load(orgId);
  }

  @Authorized()
  @Query(() => OrganizationConnection, { description: "The organizations you may see (operators and regulators: all; others: their own)." })
  organizations(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: SuppliersContext) {
    return ctx.organizations.list(ctx.principal, args);
  }

  @Authorized("operator")
  @Mutation(() => OrganizationType, { description: "Registers an organization with its GS1 company prefixes (operators only)." })
  createOrganization(@Arg("input", () => CreateOrganizationInput, { description: "The organization." }) input: CreateOrganizationInput, @Ctx() ctx: SuppliersContext) {
    return ctx.organizations.create(input);
  }
}

/** Resolves `Organization` references through the per-request loader. */
export function resolveOrganizationReference(reference: { id?: unknown }, ctx: SuppliersContext) {
  return ctx.loaders.organizationById.load(String(reference.id));
}
