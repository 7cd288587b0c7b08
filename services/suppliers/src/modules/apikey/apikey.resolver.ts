import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { SuppliersContext } from "../../context";
import { OrganizationType } from "../organization/organization.type";
import { CreateApiKeyInput } from "./apikey.input";
import { ApiKeyConnection, ApiKeyType, CreatedApiKeyType } from "./apikey.type";

@Resolver(() => ApiKeyType)
export class ApiKeyResolver {
  @Authorized()
  @Query(() => ApiKeyConnection, { description: "Your organization's API keys (operators: every organization's), oldest first. Never the keys themselves." })
  apiKeys(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: SuppliersContext) {
    return ctx.apiKeys.list(ctx.principal, args);
  }

  @Authorized("admin")
  @Mutation(() => CreatedApiKeyType, {
    description: "Creates an API key for your organization (admins) or a named one (operators). The key is in this answer only: store it now.",
  })
  createApiKey(@Arg("input", () => CreateApiKeyInput, { description: "The key to create." }) input: CreateApiKeyInput, @Ctx() ctx: SuppliersContext) {
    return ctx.apiKeys.create(input, ctx.principal);
  }

  @Authorized("admin")
  @Mutation(() => ApiKeyType, { description: "Revokes an API key of your organization (admins; operators: any). Refused by every gateway within its key cache time (5 s by default)." })
  revokeApiKey(@Arg("id", () => ID, { description: "The API key's id." }) id: string, @Ctx() ctx: SuppliersContext) {
    return ctx.apiKeys.revoke(id, ctx.principal);
  }

  @FieldResolver(() => OrganizationType, { description: "The organization the key acts for." })
  async organization(@Root() key: ApiKeyType, @Ctx() ctx: SuppliersContext): Promise<OrganizationType> {
    const organization = await ctx.loaders.organizationById.load(key.organizationId);
    if (!organization) throw new Error(`API key ${key.id} names organization ${key.organizationId}, which does not exist.`);
    return organization;
  }
}
