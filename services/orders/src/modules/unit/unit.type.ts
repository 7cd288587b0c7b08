import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The orders subgraph's stub of a unit: its key, to hang `order` on and to list an order's units. */
@Directive('@key(fields: "id")')
@ObjectType("Unit", { description: "One physical, serialized unit of a product." })
export class UnitRef {
  @Field(() => ID, { description: "Canonical GS1 Digital Link URI of the unit." })
  id!: string;
}
