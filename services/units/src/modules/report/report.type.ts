import { Field, Int, ObjectType } from "type-graphql";

/** One FSMA 204 traceability record. */
@ObjectType("TraceabilityRecord", {
  description: "The key data elements (KDEs) of one critical tracking event (CTE) a lot went through (FSMA 204), read from the EPCIS event that recorded it.",
})
export class TraceabilityRecordType {
  @Field({ description: "The traceability lot code (the lot, AI 10)." })
  traceabilityLotCode!: string;

  @Field({ description: "The product's GTIN, 14 digits." })
  gtin!: string;

  @Field(() => String, { nullable: true, description: "The product's description (its registered name)." })
  productDescription!: string | null;

  @Field({ description: "The critical tracking event: Initial packing, Shipping, Receiving, Transformation, or Other (<business step>)." })
  criticalTrackingEvent!: string;

  @Field({ description: "When it happened." })
  eventTime!: Date;

  @Field(() => Int, { description: "How many of the lot's units it touched (named, or inside a container it named)." })
  quantity!: number;

  @Field({ description: "Unit of measure of `quantity`: `each` (serialized units)." })
  unitOfMeasure!: string;

  @Field(() => String, { nullable: true, description: "Where: the business location, else the read point (GLN-based URI)." })
  location!: string | null;

  @Field(() => String, { nullable: true, description: "Where it came from (the event's source: owning party, possessing party or location)." })
  source!: string | null;

  @Field(() => String, { nullable: true, description: "Where it went (the event's destination: owning party, possessing party or location)." })
  destination!: string | null;

  @Field(() => String, { nullable: true, description: "Reference documents: the event's business transactions, as `type:id`, joined by `; `." })
  referenceDocuments!: string | null;

  @Field(() => String, { nullable: true, description: "The CBV business step." })
  bizStep!: string | null;

  @Field(() => String, { nullable: true, description: "The CBV disposition." })
  disposition!: string | null;

  @Field({ description: "The EPCIS event it comes from (its eventID, or hash ID)." })
  eventId!: string;
}
