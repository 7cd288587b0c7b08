import { Field, ID, InputType } from "type-graphql";

/** Which movements a subscriber wants. Every given condition must hold. */
@InputType({ description: "Which movements to receive; every given condition must hold." })
export class MovementFilter {
  @Field(() => String, {
    nullable: true,
    description: "Events touching this unit, or anything inside it when it is a container; any identifier form (element string, Digital Link, EPC URN, RFID hex).",
  })
  code?: string | null;

  @Field(() => String, { nullable: true, description: "Events touching a serialized unit of this GTIN (8, 12, 13 or 14 digits)." })
  gtin?: string | null;

  @Field(() => String, { nullable: true, description: "Events touching a unit of this lot (of `gtin` when both are given)." })
  lot?: string | null;

  @Field(() => String, { nullable: true, description: "Events whose read point or business location is this location (GLN, SGLN, Digital Link or URN)." })
  location?: string | null;

  @Field(() => String, { nullable: true, description: "CBV 2.0 business step, bare or URI (e.g. shipping)." })
  bizStep?: string | null;

  @Field(() => String, { nullable: true, description: "CBV 2.0 disposition, bare or URI (e.g. in_transit)." })
  disposition?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "Events captured by this organization. Your own organization's id; operators, compliance officers and regulators may name any.",
  })
  organization?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Include EPCIS error declarations (corrections); default true." })
  includeErrorDeclarations?: boolean | null;
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
