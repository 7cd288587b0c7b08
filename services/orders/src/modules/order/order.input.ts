import { Field, InputType, Int } from "type-graphql";
import { CustomerInput } from "../customer/customer.type";

/** A line of a new order. */
@InputType({ description: "A product and how many of its units the customer ordered." })
export class OrderLineInput {
  @Field({ description: "The product's GTIN (8, 12, 13 or 14 digits, check digit included)." })
  gtin!: string;

  @Field(() => Int, { description: "How many units (1 to 10,000)." })
  quantity!: number;
}

/** A new order. */
@InputType({ description: "An order to create: the seller's reference, the customer, and either lines to pick or the exact units picked already." })
export class CreateOrderInput {
  @Field({ description: "The seller's order reference (1 to 100 characters), unique per seller: the same reference twice is a CONFLICT." })
  reference!: string;

  @Field(() => CustomerInput, { description: "Who the order is for." })
  customer!: CustomerInput;

  @Field(() => [OrderLineInput], { nullable: true, description: "The products and quantities ordered (1 to 200 lines, one per GTIN)." })
  lines?: OrderLineInput[] | null;

  @Field(() => [String], {
    nullable: true,
    description: "Convenience: the exact units picked already (any GS1 form; 1 to 1,000). Each is checked as `allocateUnit` checks a scan; the lines are derived from them (added to `lines`). All or nothing.",
  })
  unitCodes?: string[] | null;

  @Field(() => String, { nullable: true, description: "The location it ships from (GLN or SGLN in any GS1 form); default: the seller's first registered location." })
  shipFrom?: string | null;

  @Field(() => String, { nullable: true, description: "A business customer's receiving location (GLN or SGLN); leave out for consumers." })
  shipTo?: string | null;

  @Field(() => Int, { nullable: true, description: "Days after delivery during which returns are accepted (0 to 365, default 30)." })
  returnWindowDays?: number | null;
}
