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
