import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { OrdersContext } from "../../context";
import { SELLER_ROLES } from "../order/order.resolver";
import { OrderType } from "../order/order.type";
import { AllocationResultType, PickSuggestionType } from "./allocation.type";

/** Allocation by scan at pick, and what to pick. */
@Resolver()
export class AllocationResolver {
  @Authorized(...SELLER_ROLES)
  @Mutation(() => AllocationResultType, {
    description: "Allocates the unit a picker scanned (any GS1 form) to your order, or answers why not (the refusal changes nothing). A unit is on one order at a time, even under concurrent scans.",
  })
  allocateUnit(
    @Arg("orderId", () => ID, { description: "Your order." }) orderId: string,
    @Arg("code", { description: "The code scanned: element string, scan data, Digital Link, EPC URN or tag URI, RFID hex." }) code: string,
    @Ctx() ctx: OrdersContext,
  ): Promise<AllocationResultType> {
    return ctx.allocations.allocate(orderId, code, ctx.principal);
  }

  @Authorized(...SELLER_ROLES)
  @Mutation(() => OrderType, { description: "Takes a mis-picked unit off your order (until it is packed)." })
  deallocateUnit(
    @Arg("orderId", () => ID, { description: "Your order." }) orderId: string,
    @Arg("code", { description: "The unit's code, any GS1 form." }) code: string,
    @Ctx() ctx: OrdersContext,
  ): Promise<OrderType> {
    return ctx.allocations.release(orderId, code, ctx.principal);
  }

  @Authorized(...SELLER_ROLES)
  @Query(() => [PickSuggestionType], { description: "Which units to pick for your order's open lines: your sellable stock, first expiry first (FEFO), optionally at one location. Empty for an order that is not yours." })
  pickSuggestions(
    @Arg("orderId", () => ID, { description: "Your order." }) orderId: string,
    @Arg("location", () => String, { nullable: true, description: "Only stock at this location (GLN or SGLN, any GS1 form)." }) location: string | null,
    @Arg("perLine", () => Int, { nullable: true, description: "Most units suggested per line (1 to 100; default: what the line still needs, at most 100)." }) perLine: number | null,
    @Ctx() ctx: OrdersContext,
  ): Promise<PickSuggestionType[]> {
    return ctx.allocations.suggestions(orderId, ctx.principal, location, perLine ?? 100);
  }
}
