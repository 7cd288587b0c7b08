import { Args, Ctx, Directive, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { UnitsContext } from "../../context";
import { UnitConnection } from "../unit/unit.type";
import { AffectedUnitsArgs, RecallHolderCountType, RecallProgressType, RecallRef, RecallStatusCountType } from "./recall.type";

/** The recall fields a scope needs: the gateway fetches them from compliance. */
const SCOPE = '@requires(fields: "gtin lots serials producedFrom producedTo expiresFrom expiresTo")';

@Resolver(() => RecallRef)
export class RecallImpactResolver {
  private affectedBy(recall: RecallRef, ctx: UnitsContext) {
    return ctx.recallImpact.affectedBy(recall, async (id) => (await ctx.loaders.issuedRecall.load(id)) !== null);
  }

  @Directive(SCOPE)
  @FieldResolver(() => Int, {
    description: "How many units the recall affects that you may read: those it marked once issued (including units commissioned later in its scope); for a draft, those it would mark.",
  })
  async affectedCount(@Root() recall: RecallRef, @Ctx() ctx: UnitsContext): Promise<number> {
    return (await ctx.recallImpact.progress(await this.affectedBy(recall, ctx), ctx.readScope)).affected;
  }

  @Directive(SCOPE)
  @FieldResolver(() => UnitConnection, { description: "The units the recall affects that you may read, in id order, a page at a time (where each is, its order and customer through the unit)." })
  async affectedUnits(@Root() recall: RecallRef, @Args(() => AffectedUnitsArgs) args: AffectedUnitsArgs, @Ctx() ctx: UnitsContext) {
    return ctx.recallImpact.affectedUnits(await this.affectedBy(recall, ctx), args, ctx.readScope);
  }

  @Directive(SCOPE)
  @FieldResolver(() => RecallProgressType, { description: "What became of the affected units you may read: located, returned, destroyed, unaccounted." })
  async progress(@Root() recall: RecallRef, @Ctx() ctx: UnitsContext): Promise<RecallProgressType> {
    return ctx.recallImpact.progress(await this.affectedBy(recall, ctx), ctx.readScope);
  }

  @Directive(SCOPE)
  @FieldResolver(() => [RecallStatusCountType], { description: "How many affected units you may read are in each status now." })
  async affectedByStatus(@Root() recall: RecallRef, @Ctx() ctx: UnitsContext): Promise<RecallStatusCountType[]> {
    return ctx.recallImpact.byStatus(await this.affectedBy(recall, ctx), ctx.readScope);
  }

  @Directive(SCOPE)
  @FieldResolver(() => [RecallHolderCountType], { description: "How many affected units you may read each party holds now (by the GLN they were last handed to)." })
  async affectedByHolder(@Root() recall: RecallRef, @Ctx() ctx: UnitsContext): Promise<RecallHolderCountType[]> {
    return ctx.recallImpact.byHolder(await this.affectedBy(recall, ctx), ctx.readScope);
  }
}

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** A recall reference carries what `@requires` asked the gateway to fetch from compliance. */
export function resolveRecallReference(reference: Record<string, unknown>): RecallRef {
  return {
    id: String(reference.id),
    gtin: text(reference.gtin) ?? "",
    lots: texts(reference.lots),
    serials: texts(reference.serials),
    producedFrom: text(reference.producedFrom),
    producedTo: text(reference.producedTo),
    expiresFrom: text(reference.expiresFrom),
    expiresTo: text(reference.expiresTo),
  };
}
