import { identifierReader, readScopeOf } from "@tracehub/subgraph-kit";
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { OrdersContext } from "../../context";
import { canSeeOrder } from "../order/order.rules";
import { OrderType } from "../order/order.type";
import { WarrantyType } from "../warranty/warranty.type";
import { UnitRef } from "./unit.type";

@Resolver(() => UnitRef)
export class UnitOrderResolver {
  @FieldResolver(() => OrderType, { nullable: true, description: "The order this unit is allocated to; null when none, or when the order is not yours to see." })
  async order(@Root() unit: UnitRef, @Ctx() ctx: OrdersContext): Promise<OrderType | null> {
    const hit = await ctx.loaders.orderByUnitId.load(unit.id);
    return hit && canSeeOrder(ctx.principal, hit.order.organizationId) ? hit.order : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: "When the order that sold this unit was delivered; null when not sold, or when the order is not yours to see." })
  async soldAt(@Root() unit: UnitRef, @Ctx() ctx: OrdersContext): Promise<Date | null> {
    const hit = await ctx.loaders.orderByUnitId.load(unit.id);
    return hit && canSeeOrder(ctx.principal, hit.order.organizationId) ? hit.order.deliveredAt : null;
  }

  @FieldResolver(() => WarrantyType, { nullable: true, description: "This unit's warranty (see `warranty(code)`); null when no order sold it, or it is not yours to see." })
  warranty(@Root() unit: UnitRef, @Ctx() ctx: OrdersContext): Promise<WarrantyType | null> {
    return ctx.warranties.of(unit.id, ctx.principal);
  }
}

/** `Order.units` lives here: the order module knows allocations by unit id, this module owns the `Unit` stub they point to. */
@Resolver(() => OrderType)
export class OrderUnitsResolver {
  @FieldResolver(() => [UnitRef], { description: "The units allocated to this order that you may see (units an organization was granted CAPTURE on but not READ are left out)." })
  async units(@Root() order: OrderType, @Ctx() ctx: OrdersContext): Promise<UnitRef[]> {
    // Allocation needs CAPTURE on a unit (ownership or a grant); reading it needs READ. The units subgraph would answer
    // a unit the caller may not read as null, which a list of non-null units cannot hold: leave it out here.
    const mayRead = identifierReader(readScopeOf(ctx.principal));
    return (await ctx.loaders.unitIdsByOrderId.load(order.id)).filter((row) => mayRead(row.unitId)).map((row) => ({ id: row.unitId }));
  }
}

/** A unit reference needs no lookup here: the key is all this subgraph keeps. */
export function resolveUnitReference(reference: { id?: unknown }): UnitRef {
  return { id: String(reference.id) };
}
