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

  @Field(() => String, {
    nullable: true,
    description:
      "The brand's own Digital Link host for its QR labels (an https URL, optionally with a path, e.g. https://brand.example/dl); an empty string goes back to id.gs1.org.",
  })
  digitalLinkStem?: string | null;
}

/** A link for the resolver. */
@InputType({ description: "A link for the GS1 Digital Link resolver to serve for the product (or one of its lots)." })
export class ProductLinkInput {
  @Field({ description: "A GS1 link type: gs1:instructions, the vocabulary URI, or the bare name. gs1:verificationService and gs1:recallStatus are the hub's own." })
  linkType!: string;

  @Field({ description: "The target: an https URL without credentials (up to 2,000 characters)." })
  href!: string;

  @Field({ description: "What the link is, for people (1 to 200 characters)." })
  title!: string;

  @Field(() => String, { nullable: true, description: "The target's language (en, de, de-CH); leave out when it serves any." })
  lang?: string | null;

  @Field(() => String, { nullable: true, description: "The target's media type (text/html, application/pdf)." })
  mediaType?: string | null;

  @Field(() => String, { nullable: true, description: "A lot (AI 10) the link is for; leave out for every unit of the product. A lot's links replace the product's of the same type for that lot." })
  lot?: string | null;
}
