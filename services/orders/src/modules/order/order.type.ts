import { connectionType } from "@tracehub/subgraph-kit";
import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A customer order. */
@Directive('@key(fields: "id")')
@ObjectType("Order", { description: "A customer order and the exact serials allocated to it." })
export class OrderType {
  @Field(() => ID, { description: "Opaque order id." })
  id!: string;

  @Field({ description: "The seller's order reference (e.g. the shop's order number)." })
  reference!: string;

  @Field({ description: "Who the order is for." })
  customerName!: string;

  @Field({ description: "OPEN, SHIPPED, DELIVERED, CANCELLED." })
  status!: string;

  @Field({ description: "When the order was created." })
  createdAt!: Date;

  /** The owning organization; not exposed. */
  organizationId!: string | null;
}

/** A page of orders. */
export const OrderConnection = connectionType(OrderType, "Order", "order");
