import { anyUnitId } from "@tracehub/subgraph-kit";
import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { UnitsContext } from "../../context";
import { ProductType } from "../product/product.type";
import { assertInScope } from "../scope/scope";
import { UnitsArgs } from "./unit.input";
import { ContainedUnitType, UnitConnection, UnitType } from "./unit.type";

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
    return ctx.units.list(args, ctx.readScope);
  }

  @FieldResolver(() => ProductType, { nullable: true, description: "The unit's product (serialized items of a registered GTIN)." })
  async product(@Root() unit: UnitType, @Ctx() ctx: UnitsContext): Promise<ProductType | null> {
    return unit.gtin ? ctx.loaders.productByGtin.load(unit.gtin) : null;
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
    return ctx.units.contents(unit.id, ctx.readScope);
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
}

/** Resolves `Unit` references from other subgraphs through the per-request loader. */
export function resolveUnitReference(reference: { id?: unknown }, ctx: UnitsContext) {
  return ctx.loaders.unitById.load(String(reference.id));
}
