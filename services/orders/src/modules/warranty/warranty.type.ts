import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { OrderType } from "../order/order.type";
import { WarrantyStatus } from "./warranty.rules";

registerEnumType(WarrantyStatus, {
  name: "WarrantyStatus",
  description: "Where a unit's warranty stands.",
  valuesConfig: {
    COVERED: { description: "Covered now." },
    EXPIRED: { description: "The warranty ended." },
    NOT_STARTED: { description: "Sold, not delivered yet: it starts at delivery." },
    NO_POLICY: { description: "The seller has no warranty policy for the product." },
    RETURNED: { description: "The unit came back to the seller: that sale's warranty is void." },
  },
});

/** A unit's warranty. */
@ObjectType("Warranty", { description: "A unit's warranty: the seller's policy for its product, from the delivery of the order that sold it." })
export class WarrantyType {
  @Field(() => ID, { description: "Canonical id of the unit." })
  unitId!: string;

  @Field({ description: "GTIN-14 of its product." })
  gtin!: string;

  @Field(() => WarrantyStatus, { description: "Where the warranty stands." })
  status!: WarrantyStatus;

  @Field({ description: "True when the unit is covered now." })
  covered!: boolean;

  @Field(() => Int, { nullable: true, description: "The policy's length in months; null without a policy." })
  months!: number | null;

  @Field(() => Date, { nullable: true, description: "When it started (the delivery)." })
  startsAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When it ends (or ended)." })
  endsAt!: Date | null;

  @Field(() => OrderType, { nullable: true, description: "The order that sold the unit; null when none, or when the order is not yours to see (a service centre sees the cover, not the sale)." })
  order!: OrderType | null;
}

/** A seller's warranty policy for a product. */
@ObjectType("WarrantyPolicy", { description: "A seller's warranty policy for a product." })
export class WarrantyPolicyType {
  @Field({ description: "GTIN-14 of the product." })
  gtin!: string;

  @Field(() => Int, { description: "Months of cover from delivery (0 to 240)." })
  months!: number;

  @Field({ description: "When it was last set." })
  updatedAt!: Date;
}
