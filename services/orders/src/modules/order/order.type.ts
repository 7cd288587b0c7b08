import { connectionType } from "@tracehub/subgraph-kit";
import { Directive, Field, ID, ObjectType } from "type-graphql";
import { UnitRef } from "../unit/unit.type";

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

/** An order with its units. */
export type OrderWithUnits = OrderType & { unitIds?: string[] };

/** A page of orders. */
export const OrderConnection = connectionType(OrderType, "Order", "order");

export { UnitRef };
