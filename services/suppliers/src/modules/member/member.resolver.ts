import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { SuppliersContext } from "../../context";
import { OrganizationType } from "../organization/organization.type";
import { AddMemberInput, UpdateMemberInput } from "./member.input";
import { MemberConnection, MemberType } from "./member.type";

@Resolver(() => MemberType)
export class MemberResolver {
  @Authorized("admin")
  @Query(() => MemberConnection, { description: "The active members of your organization (admins), or of a named organization or every one (operators), first added first." })
  members(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg("organizationId", () => ID, { nullable: true, description: "Operators: the organization whose members to list (all when left out). Admins: their own, or left out." })
    organizationId: string | null,
    @Ctx() ctx: SuppliersContext,
  ) {
    return ctx.members.list(ctx.principal, { ...args, organizationId });
  }

  @Authorized("admin")
  @Mutation(() => MemberType, {
    description:
      "Adds a person to your organization (admins) or a named one (operators). The first member must be an admin: from then on the hub takes the organization's people's roles from its members, within its membership cache time (5 s by default).",
  })
  addMember(@Arg("input", () => AddMemberInput, { description: "The person to add." }) input: AddMemberInput, @Ctx() ctx: SuppliersContext) {
    return ctx.members.add(input, ctx.principal);
  }

  @Authorized("admin")
  @Mutation(() => MemberType, { description: "Replaces a member's roles (admins of its organization; operators: any). Effective on every gateway within 5 s; its open subscriptions are closed." })
  updateMember(@Arg("input", () => UpdateMemberInput, { description: "The member and its new roles." }) input: UpdateMemberInput, @Ctx() ctx: SuppliersContext) {
    return ctx.members.update(input, ctx.principal);
  }

  @Authorized("admin")
  @Mutation(() => MemberType, { description: "Removes a member (admins of its organization; operators: any). Its tokens are refused by every gateway within 5 s, and its open subscriptions closed." })
  removeMember(@Arg("id", () => ID, { description: "The member's id." }) id: string, @Ctx() ctx: SuppliersContext) {
    return ctx.members.remove(id, ctx.principal);
  }

  @FieldResolver(() => OrganizationType, { description: "The organization the person is a member of." })
  async organization(@Root() member: MemberType, @Ctx() ctx: SuppliersContext): Promise<OrganizationType> {
    const organization = await ctx.loaders.organizationById.load(member.organizationId);
    if (!organization) throw new Error(`Member ${member.id} names organization ${member.organizationId}, which does not exist.`);
    return organization;
  }
}
