import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { SuppliersContext } from "../../context";
import { OrganizationType } from "../organization/organization.type";
import { AuditChainResultType, AuditEntryConnection, AuditEntryType, AuditOperationType } from "./audit.type";

/** Arguments of `auditLog`. */
@ArgsType()
class AuditLogArgs extends ConnectionArgs {
  @Field(() => [AuditOperationType], { nullable: true, description: "Only entries of these kinds; all you may read when left out." })
  operationTypes?: AuditOperationType[] | null;
}

@Resolver(() => AuditEntryType)
export class AuditResolver {
  @Authorized()
  @Query(() => AuditEntryConnection, {
    description: "The audit log, newest first: operators read all of it (regulators' reads and every state change); regulators read the state changes; FORBIDDEN otherwise.",
  })
  auditLog(@Args(() => AuditLogArgs) args: AuditLogArgs, @Ctx() ctx: SuppliersContext) {
    return ctx.audit.list(ctx.principal, args);
  }

  @Authorized()
  @Query(() => AuditChainResultType, {
    description: "Checks the audit log's hash chain from its first entry to its head: whether any entry was altered, removed or inserted. Operators and regulators.",
  })
  verifyAuditChain(@Ctx() ctx: SuppliersContext) {
    return ctx.audit.verify(ctx.principal);
  }

  @FieldResolver(() => OrganizationType, { nullable: true, description: "The caller's organization; null for a caller without one." })
  async organization(@Root() entry: AuditEntryType, @Ctx() ctx: SuppliersContext): Promise<OrganizationType | null> {
    return entry.organizationId ? ((await ctx.loaders.organizationById.load(entry.organizationId)) ?? null) : null;
  }
}
