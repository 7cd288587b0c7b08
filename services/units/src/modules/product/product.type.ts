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
}
