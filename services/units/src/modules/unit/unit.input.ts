import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { ArgsType, Field, InputType, Int, registerEnumType } from "type-graphql";
import { UnitStatus } from "./unit.type";

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

/** A scan recorded by a scanner app. */
@InputType({ description: "A simple scan: some units seen at a place, in one business step." })
export class RecordMovementInput {
  @Field(() => [String], { description: "The units scanned, in any identifier form (1 to 1,000 codes)." })
  codes!: string[];

  @Field({ description: "CBV 2.0 business step (e.g. shipping, receiving), bare or as a URI." })
  bizStep!: string;

  @Field(() => String, { nullable: true, description: "CBV 2.0 disposition; by default the one the business step implies." })
  disposition?: string | null;

  @Field(() => String, { nullable: true, description: "Where the scan happened: a location code (GLN/SGLN in any GS1 form) or a URI." })
  readPoint?: string | null;

  @Field(() => String, { nullable: true, description: "The business location the units are at afterwards (GLN/SGLN in any GS1 form, or a URI)." })
  bizLocation?: string | null;

  @Field(() => Date, { nullable: true, description: "When it happened (default: now). Not in the future." })
  eventTime?: Date | null;

  @Field(() => [BizTransactionInput], { nullable: true, description: "Business transactions (purchase order, invoice, despatch advice) the scan belongs to." })
  bizTransactions?: BizTransactionInput[] | null;
}

/** A business transaction reference. */
@InputType({ description: "A business transaction reference (CBV 2.0)." })
export class BizTransactionInput {
  @Field(() => String, { nullable: true, description: "CBV 2.0 business transaction type (po, inv, desadv, ...)." })
  type?: string | null;

  @Field({ description: "The transaction's identifier, a URI (e.g. urn:epcglobal:cbv:bt:0614141000005:PO-123)." })
  id!: string;
}

/** Packing or unpacking. */
@InputType({ description: "Units put into, or taken out of, a container (an AggregationEvent)." })
export class PackInput {
  @Field({ description: "The container: an SSCC (pallet, case) or any unit code." })
  parent!: string;

  @Field(() => [String], { nullable: true, description: "The units packed or unpacked (any GS1 form). Unpacking with none empties the container." })
  children?: string[] | null;

  @Field(() => String, { nullable: true, description: "Where it happened (location code or URI)." })
  readPoint?: string | null;

  @Field(() => String, { nullable: true, description: "Business location (location code or URI)." })
  bizLocation?: string | null;

  @Field(() => Date, { nullable: true, description: "When it happened (default: now)." })
  eventTime?: Date | null;
}

/** Which units to list. */
@InputType({ description: "Which units to list; every given condition must hold." })
export class UnitFilter {
  @Field(() => String, { nullable: true, description: "Only units of this GTIN." })
  gtin?: string | null;

  @Field(() => String, { nullable: true, description: "Only units of this lot." })
  lot?: string | null;

  @Field(() => UnitStatus, { nullable: true, description: "Only units in this status." })
  status?: UnitStatus | null;

  @Field(() => String, { nullable: true, description: "Only units last at this location (business location or read point; any GS1 location form or URI)." })
  location?: string | null;

  @Field(() => String, { nullable: true, description: "Only units directly inside this container now (any code)." })
  container?: string | null;
}

/** Arguments of `units`. */
@ArgsType()
export class UnitsArgs extends ConnectionArgs {
  @Field(() => UnitFilter, { nullable: true, description: "Conditions on the units." })
  filter?: UnitFilter | null;
}
