import { Directive, Field, ObjectType } from "type-graphql";

/** The suppliers subgraph's view of a product: only its key, to hang `brandOwner` on. */
@Directive('@key(fields: "gtin")')
@ObjectType("Product", { description: "A trade item, identified by its GTIN." })
export class ProductRef {
  @Field({ description: "The GTIN as 14 digits." })
  gtin!: string;
}
