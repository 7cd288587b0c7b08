import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import type { SuppliersContext } from "../../context";
import { OrganizationType } from "../organization/organization.type";
import { AddLocationInput } from "./location.input";
import { LocationType } from "./location.type";

@Resolver(() => LocationType)
export class LocationResolver {
  @Authorized("admin")
  @Mutation(() => LocationType, {
    description:
      "Registers a location (GLN) to an organization: admins of that organization, or operators. A GLN registered already is CONFLICT (reason GLN_TAKEN); nothing is written on any refusal.",
  })
  addLocation(@Arg("input", () => AddLocationInput, { description: "The location." }) input: AddLocationInput, @Ctx() ctx: SuppliersContext) {
    return ctx.locations.add(input, ctx.principal);
  }

  @FieldResolver(() => OrganizationType, { description: "The organization the location belongs to." })
  async organization(@Root() location: LocationType, @Ctx() ctx: SuppliersContext): Promise<OrganizationType> {
    const organization = await ctx.loaders.organizationById.load(location.organizationId);
    if (!organization) throw new Error(`Location ${location.id} names organization ${location.organizationId}, which does not exist.`);
    return organization;
  }
}

@Resolver(() => OrganizationType)
export class OrganizationLocationsResolver {
  @FieldResolver(() => [LocationType], {
    description: "The organization's registered locations, oldest first; empty unless you may see the organization (its members, operators, regulators).",
  })
  locations(@Root() organization: OrganizationType, @Ctx() ctx: SuppliersContext): Promise<LocationType[]> {
    return ctx.locations.of(organization.id, ctx.principal, ctx.loaders);
  }
}
