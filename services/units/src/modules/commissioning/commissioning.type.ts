import { Field, ID, Int, ObjectType } from "type-graphql";

/** What `commissionUnits` issued. */
@ObjectType("CommissionResult", { description: "The serials a commissioning call issued." })
export class CommissionResultType {
  @Field({ description: "GTIN, 14 digits." })
  gtin!: string;

  @Field(() => String, { nullable: true, description: "The lot the units were commissioned with." })
  lot!: string | null;

  @Field(() => Int, { description: "How many units were commissioned." })
  count!: number;

  @Field({ description: "The commissioning event's id." })
  eventId!: string;

  @Field(() => [String], { description: "The serials issued, in order (for printing labels)." })
  serials!: string[];

  @Field(() => [ID], { description: "The new units' ids (canonical Digital Link URIs), in the same order." })
  unitIds!: string[];
}
