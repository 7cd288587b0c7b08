import { uuidArgument } from "@tracehub/subgraph-kit";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { ComplianceContext } from "../../context";
import { RecallType } from "../recall/recall.type";
import { CloseQuarantineInput, OpenQuarantineInput, QuarantinesArgs } from "./quarantine.input";
import { InvestigationNoteType, QuarantineConnection, QuarantineType } from "./quarantine.type";

/** Who holds and investigates units. */
const INVESTIGATORS = ["compliance", "brand_owner"] as const;

@Resolver(() => QuarantineType)
export class QuarantineResolver {
  @Authorized()
  @Query(() => QuarantineType, { nullable: true, description: "A quarantine by id; null when unknown or not yours to see." })
  quarantine(@Arg("id", () => ID, { description: "The quarantine's id." }) id: string, @Ctx() ctx: ComplianceContext) {
    return ctx.loaders.quarantineById.load(uuidArgument(id, "id", "a quarantine id"));
  }

  @Authorized()
  @Query(() => QuarantineConnection, { description: "Quarantines your organization opened (operators and regulators: all), in id order, a page at a time." })
  quarantines(@Args(() => QuarantinesArgs) args: QuarantinesArgs, @Ctx() ctx: ComplianceContext) {
    return ctx.quarantines.list(args, ctx.principal);
  }

  @Authorized(...INVESTIGATORS)
  @Mutation(() => QuarantineType, { description: "Puts suspect units of your product on hold while you investigate: moving one raises an alert (MOVED_WHILE_ON_HOLD) until it is closed." })
  openQuarantine(@Arg("input", () => OpenQuarantineInput, { description: "The units to hold, and why." }) input: OpenQuarantineInput, @Ctx() ctx: ComplianceContext) {
    return ctx.quarantines.open(input, ctx.principal);
  }

  @Authorized(...INVESTIGATORS)
  @Mutation(() => QuarantineType, { description: "Adds a note to an open quarantine's investigation." })
  addInvestigationNote(
    @Arg("id", () => ID, { description: "The quarantine's id." }) id: string,
    @Arg("text", { description: "What was found or done (1 to 4,000 characters)." }) text: string,
    @Ctx() ctx: ComplianceContext,
  ) {
    return ctx.quarantines.addNote(id, text, ctx.principal);
  }

  @Authorized(...INVESTIGATORS)
  @Mutation(() => QuarantineType, { description: "Closes an open quarantine with its outcome and findings; RECALLED also prepares a recall draft with the same scope (`recall`)." })
  closeQuarantine(@Arg("input", () => CloseQuarantineInput, { description: "The outcome." }) input: CloseQuarantineInput, @Ctx() ctx: ComplianceContext) {
    return ctx.quarantines.close(input, ctx.principal);
  }

  @FieldResolver(() => [InvestigationNoteType], { description: "The investigation's notes, oldest first." })
  notes(@Root() quarantine: QuarantineType, @Ctx() ctx: ComplianceContext) {
    return ctx.loaders.notesByQuarantine.load(quarantine.id);
  }

  @FieldResolver(() => RecallType, { nullable: true, description: "The recall draft it led to (outcome RECALLED); null otherwise." })
  recall(@Root() quarantine: QuarantineType, @Ctx() ctx: ComplianceContext) {
    return quarantine.recallId ? ctx.loaders.recallById.load(quarantine.recallId) : null;
  }
}
