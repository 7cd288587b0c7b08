import { Directive, Field, ObjectType } from "type-graphql";

/** A trade item (GS1 GTIN). Other subgraphs extend it (`brandOwner` from suppliers). */
@Directive('@key(fields: "gtin")')
@ObjectType("Product", { description: "A trade item, identified by its GTIN." })
export class ProductType {
  @Field({ description: "The GTIN as 14 digits (GTIN-8/12/13 padded with leading zeros)." })
  gtin!: string;

  @Field({ description: "Product name as the brand owner registered it." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Free-text description." })
  description!: string | null;
}
