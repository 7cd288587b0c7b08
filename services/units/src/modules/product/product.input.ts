import { Field, InputType } from "type-graphql";

/** Creates a product or updates its name and description. */
@InputType({ description: "A trade item to create or update, by GTIN." })
export class UpsertProductInput {
  @Field({ description: "GTIN-8, -12, -13 or -14 (the check digit is verified); stored as 14 digits." })
  gtin!: string;

  @Field({ description: "Product name (1 to 200 characters)." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Optional description (up to 2,000 characters)." })
  description?: string | null;
}
