import { ConnectionArgs, readScopeOf, uuidArgument } from "@tracehub/subgraph-kit";
import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { ComplianceContext } from "../../context";
import { IssueRecallInput } from "./recall.input";
import { RecallConnection, RecallType } from "./recall.type";

@Resolver(() => RecallType)
export class RecallResolver {
  @Authorized()
  @Query(() => RecallType, { nullable: true, description: "A recall by id; null when unknown." })
  recall(@Arg("id", () => ID, { description: "The recall's id." }) id: string, @Ctx() ctx: ComplianceContext) {
    return ctx.loaders.recallById.load(uuidArgument(id, "id", "a recall id"));
  }

  @Authorized()
  @Query(() => RecallConnection, { description: "Recalls, a page at a time." })
  recalls(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: ComplianceContext) {
    return ctx.recalls.list(args, readScopeOf(ctx.principal));
  }

  @Authorized("compliance", "brand_owner")
  @Mutation(() => RecallType, { description: "Issues a recall of a product, or of some of its lots." })
  issueRecall(@Arg("input", () => IssueRecallInput, { description: "The recall." }) input: IssueRecallInput, @Ctx() ctx: ComplianceContext) {
    return ctx.recalls.issue(input, ctx.principal);
  }
}

/** Resolves `Recall` references through the per-request loader. */
export function resolveRecallReference(reference: { id?: unknown }, ctx: ComplianceContext) {
  return ctx.loaders.recallById.load(String(reference.id));
}
