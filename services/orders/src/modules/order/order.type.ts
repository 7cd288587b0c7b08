import { connectionType } from "@tracehub/subgraph-kit";
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { OrderStatus } from "./order.rules";

registerEnumType(OrderStatus, {
  name: "OrderStatus",
  description: "Where an order is in its life: OPEN → ALLOCATED → PACKED → SHIPPED → DELIVERED; CANCELLED; RETURN_REQUESTED while a return is awaited, RETURNED when every unit came back.",
  valuesConfig: {
    OPEN: { description: "Created; its lines are not all allocated yet." },
    ALLOCATED: { description: "Every line has its exact serials." },
    PACKED: { description: "Packed into its shipment (SSCC)." },
    SHIPPED: { description: "Handed to the carrier." },
    DELIVERED: { description: "Delivered to the customer: the sale is complete and warranties start." },
    CANCELLED: { description: "Cancelled before shipping; its units were released." },
    RETURN_REQUESTED: { description: "A verified return is awaited." },
    RETURNED: { description: "Every unit of the order came back." },
  },
});

/** A line of an order. */
@ObjectType("OrderLine", { description: "A product an order asks for, and how many of its units are allocated." })
export class OrderLineType {
  @Field({ description: "GTIN-14 of the product." })
  gtin!: string;

  @Field(() => Int, { description: "How many units the customer ordered." })
  quantity!: number;

  @Field(() => Int, { description: "How many units are allocated to this line (scanned at pick)." })
  allocated!: number;

  @Field(() => Int, { description: "How many units are still to pick." })
  remaining!: number;
}

/** A customer order. */
@Directive('@key(fields: "id")')
@ObjectType("Order", { description: "A customer order: its lines, the exact serials allocated to it, its shipment and its returns." })
export class OrderType {
  @Field(() => ID, { description: "Opaque order id." })
  id!: string;

  @Field({ description: "The seller's order reference (e.g. the shop's order number); unique per seller." })
  reference!: string;

  @Field(() => OrderStatus, { description: "Where the order is in its life." })
  status!: OrderStatus;

  @Field({ description: "When the order was created." })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When its last line was filled." })
  allocatedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When it was packed." })
  packedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When it was shipped." })
  shippedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When it was delivered (the carrier's proof of delivery)." })
  deliveredAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When it was cancelled." })
  cancelledAt!: Date | null;

  @Field(() => String, { nullable: true, description: "The SSCC (18 digits) of the shipment it is packed in." })
  sscc!: string | null;

  @Field(() => String, { nullable: true, description: "Canonical id of the location it ships from (and takes returns at)." })
  shipFrom!: string | null;

  @Field(() => String, { nullable: true, description: "Canonical id of a business customer's receiving location; null for consumers." })
  shipTo!: string | null;

  @Field(() => Int, { description: "Days after delivery during which a return is accepted." })
  returnWindowDays!: number;

  /** The seller; not exposed. */
  organizationId!: string | null;
  /** The customer; exposed as `customer` to the seller only. */
  customerId!: string;
}

/** A page of orders. */
export const OrderConnection = connectionType(OrderType, "Order", "order");
