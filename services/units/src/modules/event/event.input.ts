import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { ArgsType, Field, InputType, registerEnumType } from "type-graphql";

/** Which events to read (the EPCIS query parameters users know). Every given condition must hold. */
@InputType({ description: "Which events to read; every given condition must hold (EPCIS SimpleEventQuery parameters)." })
export class EventFilter {
  @Field(() => String, { nullable: true, description: "Events naming this unit in any role (epc, parent, child, input, output); any identifier form (MATCH_anyEPC)." })
  code?: string | null;

  @Field(() => Boolean, { nullable: true, description: "With `code`: also events of every unit inside it now, at any depth (a shipment's whole content)." })
  includeContents?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "With `code`: also the events of every container it was in, at any level, while it was inside (the pallet's shipping is part of its units' history: the DSCSA transaction history of a unit). With `includeContents` too, both. Ignored without `code`.",
  })
  includeContainers?: boolean | null;

  @Field(() => String, { nullable: true, description: "Events naming any unit of this GTIN." })
  gtin?: string | null;

  @Field(() => [String], { nullable: true, description: "Event types (eventType)." })
  eventTypes?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Business steps, bare or URI (EQ_bizStep)." })
  bizSteps?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Dispositions, bare or URI (EQ_disposition)." })
  dispositions?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Read points, any location form (EQ_readPoint)." })
  readPoints?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Business locations, any location form (EQ_bizLocation)." })
  bizLocations?: string[] | null;

  @Field(() => Date, { nullable: true, description: "Events that happened at or after this time (GE_eventTime)." })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "Events that happened before this time (LT_eventTime)." })
  to?: Date | null;

  @Field(() => Date, { nullable: true, description: "Events stored at or after this time (GE_recordTime)." })
  recordedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: "Events stored before this time (LT_recordTime)." })
  recordedTo?: Date | null;

  @Field(() => String, { nullable: true, description: "Events of this business transaction id (EQ_bizTransaction)." })
  bizTransaction?: string | null;

  @Field(() => [String], { nullable: true, description: "Events with one of these eventIDs (EQ_eventID); events sent without one have their hash ID as id." })
  eventIds?: string[] | null;
}

/** Arguments of `events`. */
@ArgsType()
export class EventsArgs extends ConnectionArgs {
  @Field(() => EventFilter, { nullable: true, description: "Conditions on the events." })
  filter?: EventFilter | null;
}

/** How identifiers are written in an export (the REST binding's GS1-EPC-Format). */
export enum EpcFormatType {
  ALWAYS_GS1_DIGITAL_LINK = "Always_GS1_Digital_Link",
  ALWAYS_EPC_URN = "Always_EPC_URN",
  NEVER_TRANSLATES = "Never_Translates",
  NO_PREFERENCE = "No_Preference",
}
registerEnumType(EpcFormatType, {
  name: "EpcFormat",
  description: "How identifiers are written in an exported document (the EPCIS REST binding's GS1-EPC-Format).",
  valuesConfig: {
    ALWAYS_GS1_DIGITAL_LINK: { description: "GS1 Digital Link URIs on https://id.gs1.org (default)." },
    ALWAYS_EPC_URN: { description: "EPC URNs (the company prefix length comes from the identifiers as captured)." },
    NEVER_TRANSLATES: { description: "Identifiers exactly as they were captured." },
    NO_PREFERENCE: { description: "The hub's choice (Digital Link)." },
  },
});
