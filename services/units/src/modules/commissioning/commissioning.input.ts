import { Field, InputType, Int, registerEnumType } from "type-graphql";

/** How `commissionUnits` picks serials when none are given. */
export enum SerialType {
  SEQUENTIAL = "SEQUENTIAL",
  RANDOM = "RANDOM",
}
registerEnumType(SerialType, {
  name: "SerialType",
  description: "How generated serial numbers are chosen.",
  valuesConfig: {
    SEQUENTIAL: { description: "Numbers counting up per GTIN (1, 2, 3, ...); easy to read, easy to guess." },
    RANDOM: { description: "12 random characters from a cryptographic source: guessing one is far less likely than EU FMD's 1 in 10,000." },
  },
});

/** Serials to issue for one GTIN and lot. */
@InputType({ description: "Serials to issue for one GTIN and lot: either a given list or a count to generate." })
export class CommissionUnitsInput {
  @Field({ description: "The product's GTIN (8, 12, 13 or 14 digits; the product must be registered)." })
  gtin!: string;

  @Field(() => String, { nullable: true, description: "Batch or lot number (AI 10): 1 to 20 characters of GS1 character set 82." })
  lot?: string | null;

  @Field(() => String, { nullable: true, description: "Expiry date (AI 17), ISO YYYY-MM-DD." })
  expiry?: string | null;

  @Field(() => String, { nullable: true, description: "Production date (AI 11), ISO YYYY-MM-DD." })
  productionDate?: string | null;

  @Field(() => [String], { nullable: true, description: "Serials to issue, exactly as given (a supplier's list). Excludes `count`." })
  serials?: string[] | null;

  @Field(() => Int, { nullable: true, description: "How many serials to generate (1 to 100,000). Excludes `serials`." })
  count?: number | null;

  @Field(() => SerialType, { nullable: true, description: "How generated serials are chosen (default RANDOM)." })
  serialType?: SerialType | null;

  @Field(() => String, { nullable: true, description: "Where the units were commissioned (location code in any GS1 form, or a URI)." })
  readPoint?: string | null;

  @Field(() => Date, { nullable: true, description: "When they were commissioned (default: now; not in the future). Set it when recording past production." })
  eventTime?: Date | null;
}
