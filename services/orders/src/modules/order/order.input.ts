import { Field, InputType } from "type-graphql";

/** A new order with the serials picked for it. */
@InputType({ description: "An order to create, with the exact units allocated to it at pick." })
export class CreateOrderInput {
  @Field({ description: "The seller's order reference (1 to 100 characters)." })
  reference!: string;

  @Field({ description: "Who the order is for (1 to 200 characters)." })
  customerName!: string;

  @Field(() => [String], { description: "Codes of the units allocated (any GS1 form; 1 to 1,000). A unit can be on one order only." })
  unitCodes!: string[];
}
