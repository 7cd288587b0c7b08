import { Authorized, Ctx, Query, Resolver } from "type-graphql";
import type { SuppliersContext } from "../../context";
import { CredentialKind, ViewerType } from "./viewer.type";

@Resolver(() => ViewerType)
export class ViewerResolver {
  @Authorized()
  @Query(() => ViewerType, { description: "The caller: subject, roles, how they authenticated and their organization. Only ever the caller's own." })
  async viewer(@Ctx() ctx: SuppliersContext): Promise<ViewerType> {
    const { principal } = ctx;
    const scopes = principal.apiKeyScopes as ViewerType["apiKeyScopes"] | undefined;
    return {
      subject: principal.sub ?? "",
      credential: scopes ? CredentialKind.API_KEY : CredentialKind.TOKEN,
      roles: [...principal.roles],
      apiKeyScopes: scopes ?? null,
      organization: principal.org ? await ctx.loaders.organizationById.load(principal.org) : null,
    };
  }
}
