import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The compliance subgraph's stub of a unit: its key plus the fields a recall's scope needs (owned by the units subgraph). */
@Directive('@key(fields: "id")')
@ObjectType("Unit", { description: "One physical, serialized unit of a product." })
export class UnitRef {
  @Field(() => ID, { description: "Canonical GS1 Digital Link URI of the unit." })
  id!: string;

  @Directive("@external")
  @Field(() => String, { nullable: true, description: "GTIN of the unit's product (owned by the units subgraph); null for logistic units." })
  gtin!: string | null;

  @Directive("@external")
  @Field(() => String, { nullable: true, description: "The unit's lot (owned by the units subgraph)." })
  lot!: string | null;

  @Directive("@external")
  @Field(() => String, { nullable: true, description: "The unit's serial (owned by the units subgraph)." })
  serial!: string | null;

  @Directive("@external")
  @Field(() => String, { nullable: true, description: "The unit's production date, YYYY-MM-DD (owned by the units subgraph)." })
  productionDate!: string | null;

  @Directive("@external")
  @Field(() => String, { nullable: true, description: "The unit's expiry date, YYYY-MM-DD (owned by the units subgraph)." })
  expiry!: string | null;

  @Directive("@external")
  @Field(() => Date, { nullable: true, description: "When the unit was commissioned (owned by the units subgraph)." })
  commissionedAt!: Date | null;
}
