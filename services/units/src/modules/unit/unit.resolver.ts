import { ConnectionArgs, parseUnitCode } from "@tracehub/subgraph-kit";
import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { UnitsContext } from "../../context";
import { EventConnection } from "../event/event.type";
import { ProductType } from "../product/product.type";
import { CommissionUnitsInput, RecordMovementInput, UnitsArgs } from "./unit.input";
import { CommissionResultType, MovementResultType } from "./unit.type-results";
import { UnitConnection, UnitType } from "./unit.type";

@Resolver(() => UnitType)
export class UnitResolver {
  @Authorized()
  @Query(() => UnitType, {
    nullable: true,
    description: "A unit by any code a user has in hand: element string, scan data, Digital Link, EPC URN, tag URI or RFID hex. Null when the hub does not know it.",
  })
  unit(@Arg("code", { description: "The unit's code in any GS1 form." }) code: string, @Ctx() ctx: UnitsContext): Promise<UnitType | null> {
    return ctx.loaders.unitById.load(parseUnitCode(code).id);
  }

  @Authorized()
  @Query(() => UnitConnection, { description: "Units in id order, a page at a time." })
  units(@Args(() => UnitsArgs) args: UnitsArgs, @Ctx() ctx: UnitsContext) {
    return ctx.units.list(args);
  }

  @FieldResolver(() => ProductType, { description: "The unit's product." })
  async product(@Root() unit: UnitType, @Ctx() ctx: UnitsContext): Promise<ProductType> {
    return (await ctx.loaders.productByGtin.load(unit.gtin)) as ProductType;
  }

  @FieldResolver(() => EventConnection, { description: "The events that named this unit, in the order they were stored." })
  events(@Root() unit: UnitType, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: UnitsContext) {
    return ctx.units.events(unit.id, args);
  }

  @Authorized("brand_owner", "supplier")
  @Mutation(() => CommissionResultType, {
    description: "Issues serials for a GTIN and lot (given, or generated SEQUENTIAL or RANDOM) and records the commissioning event. All or nothing.",
  })
  async commissionUnits(
    @Arg("input", () => CommissionUnitsInput, { description: "What to commission." }) input: CommissionUnitsInput,
    @Ctx() ctx: UnitsContext,
  ): Promise<CommissionResultType> {
    const outcome = await ctx.units.commission(input, ctx.principal);
    return { ...outcome, count: outcome.serials.length };
  }

  @Authorized("brand_owner", "supplier", "logistics", "fulfilment")
  @Mutation(() => MovementResultType, { description: "Records a simple scan of known units (an ObjectEvent OBSERVE) and updates their state." })
  recordMovement(
    @Arg("input", () => RecordMovementInput, { description: "The scan." }) input: RecordMovementInput,
    @Ctx() ctx: UnitsContext,
  ): Promise<MovementResultType> {
    return ctx.units.recordMovement(input, ctx.principal);
  }
}

/** Resolves `Unit` references from other subgraphs through the per-request loader. */
export function resolveUnitReference(reference: { id?: unknown }, ctx: UnitsContext) {
  return ctx.loaders.unitById.load(String(reference.id));
}
