import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { OrdersContext } from "../../context";
import { SELLER_ROLES } from "../order/order.resolver";
import { OrderType } from "../order/order.type";

/** Packing, shipping, delivery and cancellation: each records its standard events on the units through the outbox. */
@Resolver()
export class FulfilmentResolver {
  @Authorized(...SELLER_ROLES)
  @Mutation(() => OrderType, { description: "Packs your fully allocated order into its shipment (AggregationEvent `packing` into the SSCC)." })
  packOrder(
    @Arg("orderId", () => ID, { description: "Your order." }) orderId: string,
    @Arg("sscc", () => String, { nullable: true, description: "The shipment's SSCC (any GS1 form, under a prefix you may write); default: one the hub assigns under your company prefix." }) sscc: string | null,
    @Ctx() ctx: OrdersContext,
  ): Promise<OrderType> {
    return ctx.fulfilment.pack(orderId, sscc, ctx.principal);
  }

  @Authorized(...SELLER_ROLES)
  @Mutation(() => OrderType, { description: "Ships your packed order (ObjectEvent `shipping` of the SSCC, the order as purchase order, source and destination). Refused when a unit became recalled, held or expired since the pick." })
  shipOrder(@Arg("orderId", () => ID, { description: "Your order." }) orderId: string, @Ctx() ctx: OrdersContext): Promise<OrderType> {
    return ctx.fulfilment.ship(orderId, ctx.principal);
  }

  @Authorized(...SELLER_ROLES)
  @Mutation(() => OrderType, { description: "Confirms delivery of your shipped order: its units are sold (`retail_selling`), and warranties start." })
  confirmDelivery(
    @Arg("orderId", () => ID, { description: "Your order." }) orderId: string,
    @Arg("deliveredAt", () => Date, { nullable: true, description: "The carrier's proof-of-delivery time (not in the future, not before shipping); default now." }) deliveredAt: Date | null,
    @Ctx() ctx: OrdersContext,
  ): Promise<OrderType> {
    return ctx.fulfilment.deliver(orderId, deliveredAt, ctx.principal);
  }

  @Authorized(...SELLER_ROLES)
  @Mutation(() => OrderType, { description: "Cancels your order before it ships: its units are released (and unpacked when it was packed)." })
  cancelOrder(@Arg("orderId", () => ID, { description: "Your order." }) orderId: string, @Ctx() ctx: OrdersContext): Promise<OrderType> {
    return ctx.fulfilment.cancel(orderId, ctx.principal);
  }
}
