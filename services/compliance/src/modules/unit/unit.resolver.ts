import { Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import type { ComplianceContext } from "../../context";
import { recallCovers } from "../recall/recall.rules";
import { RecallType } from "../recall/recall.type";
import { UnitRef } from "./unit.type";

@Resolver(() => UnitRef)
export class UnitRecallsResolver {
  @Directive('@requires(fields: "gtin lot")')
  @FieldResolver(() => [RecallType], { description: "Open recalls that cover this unit (its GTIN, and its lot when the recall names lots)." })
  async recalls(@Root() unit: UnitRef, @Ctx() ctx: ComplianceContext): Promise<RecallType[]> {
    if (!unit.gtin) return [];
    const gtin = unit.gtin;
    const recalls = await ctx.loaders.recallsByGtin.load(gtin);
    return recalls.filter((r) => recallCovers(r, { gtin, lot: unit.lot }));
  }
}

/** A unit reference carries what `@requires` asked the gateway to fetch. */
export function resolveUnitReference(reference: { id?: unknown; gtin?: unknown; lot?: unknown }): UnitRef {
  return { id: String(reference.id), gtin: typeof reference.gtin === "string" ? reference.gtin : null, lot: typeof reference.lot === "string" ? reference.lot : null };
}
