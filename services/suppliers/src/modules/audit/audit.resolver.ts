import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { SuppliersContext } from "../../context";
import { OrganizationType } from "../organization/organization.type";
import { AuditEntryConnection, AuditEntryType } from "./audit.type";

@Resolver(() => AuditEntryType)
export class AuditResolver {
  @Authorized()
  @Query(() => AuditEntryConnection, { description: "Every read by a regulator, newest first (operators only; FORBIDDEN otherwise)." })
  auditLog(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: SuppliersContext) {
    return ctx.audit.list(ctx.principal, args);
  }

  @FieldResolver(() => OrganizationType, { nullable: true, description: "The caller's organization; null for a caller without one." })
  async organization(@Root() entry: AuditEntryType, @Ctx() ctx: SuppliersContext): Promise<OrganizationType | null> {
    return entry.organizationId ? ((await ctx.loaders.organizationById.load(entry.organizationId)) ?? null) : null;
  }
}
