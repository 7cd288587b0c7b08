import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { SuppliersContext } from "../../context";
import { GrantPartnerAccessInput } from "./grant.input";
import { PartnerGrantConnection, PartnerGrantType } from "./grant.type";

@Resolver(() => PartnerGrantType)
export class GrantResolver {
  @Authorized()
  @Query(() => PartnerGrantConnection, { description: "Grants your organization gave or received (operators and regulators: all), oldest id first." })
  partnerGrants(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: SuppliersContext) {
    return ctx.grants.list(ctx.principal, args);
  }

  @Authorized("brand_owner")
  @Mutation(() => PartnerGrantType, {
    description:
      "Gives a partner organization READ and/or CAPTURE on your products (all of them, or listed GTINs of yours). Effective on every gateway within its scope cache time (5 s by default).",
  })
  grantPartnerAccess(@Arg("input", () => GrantPartnerAccessInput, { description: "The grant." }) input: GrantPartnerAccessInput, @Ctx() ctx: SuppliersContext) {
    return ctx.grants.grant(input, ctx.principal);
  }

  @Authorized("brand_owner")
  @Mutation(() => PartnerGrantType, { description: "Revokes a grant your organization gave. Effective on every gateway within its scope cache time (5 s by default)." })
  revokePartnerAccess(@Arg("id", () => ID, { description: "The grant's id." }) id: string, @Ctx() ctx: SuppliersContext) {
    return ctx.grants.revoke(id, ctx.principal);
  }
}
