import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { ArgsType, Field, InputType, Int, registerEnumType } from "type-graphql";

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

  @Field(() => [String], { nullable: true, description: "Serials to issue, exactly as given (a supplier's list). Excludes `count`." })
  serials?: string[] | null;

  @Field(() => Int, { nullable: true, description: "How many serials to generate (1 to 100,000). Excludes `serials`." })
  count?: number | null;

  @Field(() => SerialType, { nullable: true, description: "How generated serials are chosen (default RANDOM)." })
  serialType?: SerialType | null;
}

/** A scan recorded by a scanner app. */
@InputType({ description: "A simple scan: some units seen at a place, in one business step." })
export class RecordMovementInput {
  @Field(() => [String], { description: "The units scanned, in any identifier form (1 to 1,000 codes)." })
  codes!: string[];

  @Field({ description: "CBV 2.0 business step (e.g. shipping, receiving), bare or as a URI." })
  bizStep!: string;

  @Field(() => String, { nullable: true, description: "CBV 2.0 disposition; by default the one the business step implies." })
  disposition?: string | null;

  @Field(() => String, { nullable: true, description: "Where the scan happened: a location URI (SGLN URN or GLN Digital Link)." })
  readPoint?: string | null;

  @Field(() => String, { nullable: true, description: "The business location the units are at afterwards (URI)." })
  bizLocation?: string | null;

  @Field(() => Date, { nullable: true, description: "When it happened (default: now). Not in the future." })
  eventTime?: Date | null;
}

/** Arguments of `units`. */
@ArgsType()
export class UnitsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: "Only units of this GTIN." })
  gtin?: string | null;
}
