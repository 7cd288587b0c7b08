import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";

/** How a product's units carry their identity. */
export enum IdentifierScheme {
  GS1_DATAMATRIX = "GS1_DATAMATRIX",
  GS1_DIGITAL_LINK_QR = "GS1_DIGITAL_LINK_QR",
  GS1_128 = "GS1_128",
  RFID_SGTIN_96 = "RFID_SGTIN_96",
  RFID_SGTIN_198 = "RFID_SGTIN_198",
}
registerEnumType(IdentifierScheme, {
  name: "IdentifierScheme",
  description: "The data carrier a product's units are marked with.",
  valuesConfig: {
    GS1_DATAMATRIX: { description: "GS1 DataMatrix with element strings (pharma packs, EU FMD)." },
    GS1_DIGITAL_LINK_QR: { description: "QR code carrying a GS1 Digital Link URI." },
    GS1_128: { description: "GS1-128 linear barcode." },
    RFID_SGTIN_96: { description: "RFID tag, SGTIN-96 (numeric serials up to 274,877,906,943, no leading zeros)." },
    RFID_SGTIN_198: { description: "RFID tag, SGTIN-198 (alphanumeric serials up to 20 characters)." },
  },
});

/** A link its brand owner configured for a product, served by the GS1 Digital Link resolver. */
@ObjectType("ProductLink", { description: "A link its brand owner configured for the product: the GS1 Digital Link resolver serves it to anyone (public by design)." })
export class ProductLinkType {
  @Field({ description: "The GS1 link type, as `gs1:` and its name (gs1:instructions, gs1:certificationInfo, ...)." })
  linkType!: string;

  @Field({ description: "The target, an https URL." })
  href!: string;

  @Field({ description: "What the link is, for people." })
  title!: string;

  @Field(() => String, { nullable: true, description: "The language of the target (en, de-CH); null when it serves any." })
  lang!: string | null;

  @Field(() => String, { nullable: true, description: "The target's media type (text/html, application/pdf); null when not said." })
  mediaType!: string | null;

  @Field(() => String, { nullable: true, description: "The lot (AI 10) it is for; null for every unit of the product." })
  lot!: string | null;
}

/** A trade item (GS1 GTIN). Other subgraphs extend it (`brandOwner` from suppliers). */
@Directive('@key(fields: "gtin")')
@ObjectType("Product", { description: "A trade item, identified by its GTIN." })
export class ProductType {
  @Field({ description: "The GTIN as 14 digits (GTIN-8/12/13 padded with leading zeros)." })
  gtin!: string;

  @Field({ description: "Product name as the brand owner registered it." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Brand name shown to consumers." })
  brand!: string | null;

  @Field(() => String, { nullable: true, description: "Free-text description." })
  description!: string | null;

  @Field(() => String, { nullable: true, description: "Image URL (https)." })
  imageUrl!: string | null;

  @Field(() => IdentifierScheme, { description: "The data carrier its units are marked with." })
  identifierScheme!: IdentifierScheme;

  @Field(() => String, { nullable: true, description: "The brand's own Digital Link host its QR labels carry; null for id.gs1.org." })
  digitalLinkStem!: string | null;

  @Field(() => [ProductLinkType], { description: "The links its brand owner configured for the resolver (`setProductLinks`), for the GTIN and for single lots." })
  links!: ProductLinkType[];
}
