import { ConnectionArgs, anyUnitId } from "@tracehub/subgraph-kit";
import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { UnitsContext } from "../../context";
import { AlertType, EventConnection } from "../event/event.type";
import { ProductType } from "../product/product.type";
import { assertInScope } from "../scope/scope";
import { CommissionUnitsInput, PackInput, RecordMovementInput, UnitsArgs } from "./unit.input";
import { CommissionResultType, ContainedUnitType, MovementResultType } from "./unit.type-results";
import { UnitConnection, UnitType } from "./unit.type";

const WRITERS = ["brand_owner", "supplier", "logistics", "fulfilment"] as const;

async function unitsByIds(ctx: UnitsContext, ids: string[]): Promise<UnitType[]> {
  return (await ctx.loaders.unitById.loadMany(ids)).filter((u): u is UnitType => !!u && !(u instanceof Error));
}

@Resolver(() => UnitType)
export class UnitResolver {
  @Authorized()
  @Query(() => UnitType, {
    nullable: true,
    description: "A unit by any code a user has in hand: element string, scan data, Digital Link, EPC URN, tag URI or RFID hex. Null when the hub does not know it.",
  })
  unit(@Arg("code", { description: "The unit's code in any GS1 form (SGTIN, SSCC, GRAI, GIAI)." }) code: string, @Ctx() ctx: UnitsContext): Promise<UnitType | null> {
    assertInScope(ctx.principal, { kind: "read" });
    return ctx.loaders.unitById.load(anyUnitId(code));
  }

  @Authorized()
  @Query(() => UnitConnection, { description: "Units in id order, a page at a time, filtered by GTIN, lot, status, location or container." })
  units(@Args(() => UnitsArgs) args: UnitsArgs, @Ctx() ctx: UnitsContext) {
    assertInScope(ctx.principal, { kind: "read" });
    return ctx.units.list(args);
  }

  @FieldResolver(() => ProductType, { nullable: true, description: "The unit's product (serialized items of a registered GTIN)." })
  async product(@Root() unit: UnitType, @Ctx() ctx: UnitsContext): Promise<ProductType | null> {
    return unit.gtin ? ctx.loaders.productByGtin.load(unit.gtin) : null;
  }

  @FieldResolver(() => EventConnection, { description: "The events that named this unit (in any role), in event-time order." })
  events(@Root() unit: UnitType, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: UnitsContext) {
    return ctx.events.unitEvents(unit.id, args);
  }

  @FieldResolver(() => UnitType, { nullable: true, description: "The container it is in now (a case, a pallet); null when loose." })
  async parent(@Root() unit: UnitType, @Ctx() ctx: UnitsContext): Promise<UnitType | null> {
    return unit.parentId ? ctx.loaders.unitById.load(unit.parentId) : null;
  }

  @FieldResolver(() => [UnitType], { description: "The units directly inside it now." })
  children(@Root() unit: UnitType, @Ctx() ctx: UnitsContext): Promise<UnitType[]> {
    return ctx.loaders.childrenByParent.load(unit.id);
  }

  @FieldResolver(() => [ContainedUnitType], { description: "Everything inside it now, at every level (a pallet's cases and their packs)." })
  contents(@Root() unit: UnitType, @Ctx() ctx: UnitsContext) {
    return ctx.units.contents(unit.id);
  }

  @FieldResolver(() => [UnitType], { description: "The containers it was in at a moment, innermost first (from the containment history)." })
  async containersAt(@Root() unit: UnitType, @Arg("time", () => Date, { description: "The moment (ISO date-time)." }) time: Date, @Ctx() ctx: UnitsContext) {
    return unitsByIds(ctx, await ctx.units.containersAt(unit.id, time));
  }

  @FieldResolver(() => [UnitType], { description: "The units it was made from (direct inputs of the transformations that produced it)." })
  async madeFrom(@Root() unit: UnitType, @Ctx() ctx: UnitsContext) {
    return unitsByIds(ctx, (await ctx.units.madeFrom([unit.id])).map((l) => l.inputId));
  }

  @FieldResolver(() => [UnitType], { description: "The units it went into (direct outputs of the transformations that consumed it)." })
  async usedIn(@Root() unit: UnitType, @Ctx() ctx: UnitsContext) {
    return unitsByIds(ctx, (await ctx.units.usedIn([unit.id])).map((l) => l.outputId));
  }

  @FieldResolver(() => [AlertType], { description: "Alerts raised on it: events that contradicted what the hub knew." })
  alerts(@Root() unit: UnitType, @Ctx() ctx: UnitsContext): Promise<AlertType[]> {
    return ctx.loaders.alertsByUnit.load(unit.id);
  }

  @Authorized("brand_owner", "supplier")
  @Mutation(() => CommissionResultType, {
    description: "Issues serials for a GTIN and lot (given, or generated SEQUENTIAL or RANDOM) and records the commissioning event. All or nothing.",
  })
  async commissionUnits(
    @Arg("input", () => CommissionUnitsInput, { description: "What to commission." }) input: CommissionUnitsInput,
    @Ctx() ctx: UnitsContext,
  ): Promise<CommissionResultType> {
    assertInScope(ctx.principal, { kind: "write", readPoints: [input.readPoint ?? null] });
    const outcome = await ctx.units.commission(input, ctx.principal);
    return { ...outcome, count: outcome.serials.length };
  }

  @Authorized(...WRITERS)
  @Mutation(() => MovementResultType, { description: "Records a simple scan of units (an ObjectEvent OBSERVE) and updates their state. Unknown serials are stored and raise alerts." })
  recordMovement(@Arg("input", () => RecordMovementInput, { description: "The scan." }) input: RecordMovementInput, @Ctx() ctx: UnitsContext) {
    assertInScope(ctx.principal, { kind: "write", readPoints: [input.readPoint ?? null] });
    return ctx.units.recordMovement(input, ctx.principal);
  }

  @Authorized(...WRITERS)
  @Mutation(() => MovementResultType, { description: "Packs units into a container (AggregationEvent ADD, packing)." })
  pack(@Arg("input", () => PackInput, { description: "The container and the units packed." }) input: PackInput, @Ctx() ctx: UnitsContext) {
    assertInScope(ctx.principal, { kind: "write", readPoints: [input.readPoint ?? null] });
    return ctx.units.aggregate(input, "ADD", ctx.principal);
  }

  @Authorized(...WRITERS)
  @Mutation(() => MovementResultType, { description: "Takes units out of a container (AggregationEvent DELETE, unpacking); with no children it empties the container." })
  unpack(@Arg("input", () => PackInput, { description: "The container and the units taken out." }) input: PackInput, @Ctx() ctx: UnitsContext) {
    assertInScope(ctx.principal, { kind: "write", readPoints: [input.readPoint ?? null] });
    return ctx.units.aggregate(input, "DELETE", ctx.principal);
  }
}

/** Resolves `Unit` references from other subgraphs through the per-request loader. */
export function resolveUnitReference(reference: { id?: unknown }, ctx: UnitsContext) {
  return ctx.loaders.unitById.load(String(reference.id));
}
