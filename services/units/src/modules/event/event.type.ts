import { connectionType } from "@tracehub/subgraph-kit";
import { Field, ObjectType } from "type-graphql";

/** One stored EPCIS event, in summary. */
@ObjectType("Event", { description: "An EPCIS 2.0 event stored in the hub's event log." })
export class EventType {
  @Field({ description: "The event's id: the client's eventID when it sent one, otherwise one the hub assigned." })
  eventId!: string;

  @Field({ description: "EPCIS event type: ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent or AssociationEvent." })
  type!: string;

  @Field(() => String, { nullable: true, description: "ADD, OBSERVE or DELETE (absent on TransformationEvent)." })
  action!: string | null;

  @Field(() => String, { nullable: true, description: "CBV 2.0 business step, short name." })
  bizStep!: string | null;

  @Field(() => String, { nullable: true, description: "CBV 2.0 disposition, short name." })
  disposition!: string | null;

  @Field(() => String, { nullable: true, description: "Read point URI." })
  readPoint!: string | null;

  @Field(() => String, { nullable: true, description: "Business location URI." })
  bizLocation!: string | null;

  @Field({ description: "When the event happened (UTC)." })
  eventTime!: Date;

  @Field({ description: "The time zone offset the event was recorded in, e.g. +01:00." })
  eventTimeZoneOffset!: string;

  @Field({ description: "When the hub stored it." })
  recordTime!: Date;
}

/** A page of events. */
export const EventConnection = connectionType(EventType, "Event", "event");
