import { Field, InputType } from "type-graphql";
import { IdentifierScheme } from "./product.type";

/** Creates a product or updates it. */
@InputType({ description: "A trade item to create or update, by GTIN. Fields left out keep their value on update." })
export class UpsertProductInput {
  @Field({ description: "GTIN-8, -12, -13 or -14 (the check digit is verified); stored as 14 digits." })
  gtin!: string;

  @Field({ description: "Product name (1 to 200 characters)." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Brand name (up to 200 characters)." })
  brand?: string | null;

  @Field(() => String, { nullable: true, description: "Description (up to 2,000 characters)." })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "Image URL (https, up to 2,000 characters)." })
  imageUrl?: string | null;

  @Field(() => IdentifierScheme, { nullable: true, description: "The data carrier its units are marked with (default GS1_DATAMATRIX)." })
  identifierScheme?: IdentifierScheme | null;
}
