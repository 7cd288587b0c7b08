import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { UnitsContext } from "../../context";
import { UnitType } from "../unit/unit.type";

/** Whether a unit is on hold, as a field of `Unit`. */
@Resolver(() => UnitType)
export class UnitHoldResolver {
  @FieldResolver(() => Boolean, {
    description: "True while an open quarantine covers it: moving it (shipping, receiving, selling, ...) raises MOVED_WHILE_ON_HOLD until the quarantine is closed.",
  })
  async onHold(@Root() unit: UnitType, @Ctx() ctx: UnitsContext): Promise<boolean> {
    return (await ctx.loaders.heldUnit.load(unit.id)) !== null;
  }
}
