import { Field, Int, ObjectType } from "type-graphql";
import { OrderStatus } from "../order/order.rules";

/** A public milestone of an order. */
@ObjectType("OrderMilestone", { description: "A public milestone of an order's parcel." })
export class OrderMilestoneType {
  @Field({ description: "ORDERED, PICKED, PACKED, SHIPPED, DELIVERED or CANCELLED." })
  milestone!: string;

  @Field({ description: "When it happened." })
  at!: Date;
}

/** What a customer's tracking link shows. */
@ObjectType("OrderTracking", { description: "What a customer's tracking link shows: the order's status and its parcel's milestones. No personal data, no references, no locations." })
export class OrderTrackingType {
  @Field(() => OrderStatus, { description: "Where the order is." })
  status!: OrderStatus;

  @Field(() => Int, { description: "How many items the order holds." })
  items!: number;

  @Field(() => [OrderMilestoneType], { description: "Milestones so far, oldest first." })
  milestones!: OrderMilestoneType[];
}

/** A tracking link just issued. */
@ObjectType("TrackingLink", { description: "A tracking link for the customer. The token is shown once; the hub keeps only its hash." })
export class TrackingLinkType {
  @Field({ description: "The token to pass to `trackOrder` (43 characters); issuing a new one revokes the old." })
  token!: string;
}
