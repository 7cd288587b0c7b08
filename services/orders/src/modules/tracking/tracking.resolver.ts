import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { OrdersContext } from "../../context";
import { SELLER_ROLES } from "../order/order.resolver";
import { OrderTrackingType, TrackingLinkType } from "./tracking.type";

/** Customer tracking links. */
@Resolver()
export class TrackingResolver {
  @Authorized(...SELLER_ROLES)
  @Mutation(() => TrackingLinkType, { description: "Issues a tracking token for your order's customer (shown once; a new one revokes the old)." })
  issueTrackingLink(@Arg("orderId", () => ID, { description: "Your order." }) orderId: string, @Ctx() ctx: OrdersContext): Promise<TrackingLinkType> {
    return ctx.tracking.issue(orderId, ctx.principal);
  }

  @Query(() => OrderTrackingType, { nullable: true, description: "Public, no login: the status and parcel milestones of the order a tracking token names; null for any other token. No personal data." })
  trackOrder(@Arg("token", { description: "The token from the customer's tracking link." }) token: string, @Ctx() ctx: OrdersContext): Promise<OrderTrackingType | null> {
    return ctx.tracking.track(token);
  }
}
