import { uuidArgument } from "@tracehub/subgraph-kit";
import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { ComplianceContext } from "../../context";
import { CreateRecallInput, RecallsArgs } from "./recall.input";
import { RecallConnection, RecallType } from "./recall.type";

/** Who prepares and runs recalls. */
const RECALLERS = ["compliance", "brand_owner"] as const;

@Resolver(() => RecallType)
export class RecallResolver {
  @Authorized()
  @Query(() => RecallType, { nullable: true, description: "A recall by id; null when unknown or not yours to see (another organization's draft)." })
  recall(@Arg("id", () => ID, { description: "The recall's id." }) id: string, @Ctx() ctx: ComplianceContext) {
    return ctx.loaders.recallById.load(uuidArgument(id, "id", "a recall id"));
  }

  @Authorized()
  @Query(() => RecallConnection, { description: "Recalls you may read, a page at a time, in id order: your organization's (drafts included) and those issued on products you may read." })
  recalls(@Args(() => RecallsArgs) args: RecallsArgs, @Ctx() ctx: ComplianceContext) {
    return ctx.recalls.list(args, ctx.principal);
  }

  @Authorized(...RECALLERS)
  @Mutation(() => RecallType, {
    description: "Prepares a recall of your product's units (a DRAFT): nothing is marked until it is issued. Its `affectedCount` and `affectedUnits` show what it would cover.",
  })
  createRecall(@Arg("input", () => CreateRecallInput, { description: "The recall's scope, class and reason." }) input: CreateRecallInput, @Ctx() ctx: ComplianceContext) {
    return ctx.recalls.create(input, ctx.principal);
  }

  @Authorized(...RECALLERS)
  @Mutation(() => RecallType, {
    description:
      "Issues a draft recall: every unit in its scope is marked RECALLED (a CBV event with disposition `recalled` naming the recall), exactly once, and units commissioned later in its scope too.",
  })
  issueRecall(@Arg("id", () => ID, { description: "The draft's id." }) id: string, @Ctx() ctx: ComplianceContext) {
    return ctx.recalls.issue(id, ctx.principal);
  }

  @Authorized(...RECALLERS)
  @Mutation(() => RecallType, { description: "Closes an issued recall: its units stay recalled; units commissioned from now on are not marked." })
  closeRecall(@Arg("id", () => ID, { description: "The recall's id." }) id: string, @Ctx() ctx: ComplianceContext) {
    return ctx.recalls.close(id, ctx.principal);
  }

  @Authorized(...RECALLERS)
  @Mutation(() => RecallType, { description: "Cancels a draft recall before it is issued." })
  cancelRecall(@Arg("id", () => ID, { description: "The draft's id." }) id: string, @Ctx() ctx: ComplianceContext) {
    return ctx.recalls.cancel(id, ctx.principal);
  }
}

/** Resolves `Recall` references through the per-request loader. */
export function resolveRecallReference(reference: { id?: unknown }, ctx: ComplianceContext) {
  return ctx.loaders.recallById.load(String(reference.id));
}
