import { connectionType } from "@tracehub/subgraph-kit";
import { GraphQLJSON } from "graphql-scalars";
import { Field, ObjectType } from "type-graphql";

/** A business transaction an event belongs to. */
@ObjectType("BizTransaction", { description: "A business transaction reference (CBV 2.0)." })
export class BizTransactionType {
  @Field(() => String, { nullable: true, description: "CBV 2.0 type (po, inv, desadv, ...), short name or URI." })
  type!: string | null;

  @Field({ description: "The transaction's identifier (URI)." })
  id!: string;
}

/** The facts every view of a stored event shares (the log's `Event`, the stream's `MovementEvent`). */
// Never referenced by a resolver, so type-graphql 2 does not emit it: only its subclasses appear in the schema.
@ObjectType()
export abstract class EventFactsType {
  @Field({ description: "The event's id: the client's eventID when it sent one, otherwise its CBV 2.0 event hash ID." })
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

  @Field({ description: "When the hub stored it." })
  recordTime!: Date;

  @Field({ description: "True when this entry is an EPCIS error declaration about an earlier event with the same hash." })
  isErrorDeclaration!: boolean;
}

/** One stored EPCIS event. */
@ObjectType("Event", { description: "An EPCIS 2.0 event stored in the hub's event log." })
export class EventType extends EventFactsType {
  @Field({ description: "CBV 2.0 event hash ID (ni:///sha-256;...?ver=CBV2.0): what duplicates are detected by." })
  hashId!: string;

  @Field({ description: "The time zone offset the event was recorded in, e.g. +01:00." })
  eventTimeZoneOffset!: string;

  @Field(() => [BizTransactionType], { description: "Business transactions it belongs to." })
  bizTransactions!: BizTransactionType[];

  @Field(() => GraphQLJSON, { description: "The event exactly as it was captured (EPCIS 2.0 JSON-LD)." })
  epcisEvent!: Record<string, unknown>;

  /** Log position. */
  seq!: string;
}

/** A page of events. */
export const EventConnection = connectionType(EventType, "Event", "event");

/** One page of events as an EPCIS query document. */
@ObjectType("EpcisEventPage", { description: "One page of matching events as an EPCIS 2.0 JSON-LD query document, and where the next page starts." })
export class EpcisEventPageType {
  @Field(() => GraphQLJSON, { description: "An EPCISQueryDocument (SimpleEventQuery) holding this page's events, valid against the official schema." })
  document!: Record<string, unknown>;

  @Field({ description: "True when more events match after this page." })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` for the next page; null on an empty page." })
  endCursor!: string | null;
}
