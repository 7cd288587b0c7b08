import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { SuppliersContext } from "../../context";
import { GrantAccessInput } from "./grant.input";
import { GrantConnection, GrantType } from "./grant.type";

@Resolver(() => GrantType)
export class GrantResolver {
  @Authorized()
  @Query(() => GrantConnection, { description: "Grants your organization gave or received (operators and regulators: all), oldest id first." })
  grants(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: SuppliersContext) {
    return ctx.grants.list(ctx.principal, args);
  }

  @Authorized("brand_owner")
  @Mutation(() => GrantType, {
    description:
      "Gives a partner organization READ and/or CAPTURE on your products (all of them, or listed GTINs of yours). Effective on every gateway within its scope cache time (5 s by default).",
  })
  grantAccess(@Arg("input", () => GrantAccessInput, { description: "The grant." }) input: GrantAccessInput, @Ctx() ctx: SuppliersContext) {
    return ctx.grants.grant(input, ctx.principal);
  }

  @Authorized("brand_owner")
  @Mutation(() => GrantType, { description: "Revokes a grant your organization gave. Effective on every gateway within its scope cache time (5 s by default)." })
  revokeGrant(@Arg("id", () => ID, { description: "The grant's id." }) id: string, @Ctx() ctx: SuppliersContext) {
    return ctx.grants.revoke(id, ctx.principal);
  }
}
