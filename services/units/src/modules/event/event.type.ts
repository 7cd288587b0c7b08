import { connectionType } from "@tracehub/subgraph-kit";
import { GraphQLJSON } from "graphql-scalars";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { AlertKind } from "../unit/unit.rules";

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

registerEnumType(AlertKind, {
  name: "AlertKind",
  description: "Why an event does not add up with what the hub knows.",
  valuesConfig: {
    UNKNOWN_UNIT: { description: "The event names a serial that was never commissioned." },
    DUPLICATE_COMMISSIONING: { description: "A unit was commissioned twice." },
    EVENT_AFTER_TERMINAL: { description: "The unit appears after being destroyed, decommissioned or consumed." },
    RECALLED_UNIT_SOLD: { description: "A recalled unit was sold or dispensed." },
    EXPIRED_UNIT_SOLD: { description: "A unit was sold or dispensed after its expiry date." },
    ALREADY_SOLD: { description: "A unit was sold twice (a copied code is likely)." },
    STOLEN_UNIT_SEEN: { description: "A unit reported stolen was seen again." },
    IMPOSSIBLE_TRAVEL: { description: "The unit was at two business locations closer in time than possible." },
  },
});

/** An alert raised by an event against a unit. */
@ObjectType("Alert", { description: "Something an event said that contradicts what the hub knew about a unit. The event was stored anyway." })
export class AlertType {
  @Field(() => AlertKind, { description: "What does not add up." })
  kind!: AlertKind;

  @Field({ description: "A sentence an operator can act on." })
  message!: string;

  @Field(() => ID, { description: "The unit concerned (canonical id)." })
  unitId!: string;

  @Field({ description: "The event that raised it." })
  eventId!: string;

  @Field(() => Date, { nullable: true, description: "When it was raised (null in a capture result, where it is now)." })
  raisedAt!: Date | null;
}

/** An event refused at capture. */
@ObjectType("RejectedEvent", { description: "An event the capture refused, and why." })
export class RejectedEventType {
  @Field(() => Int, { description: "Position of the event in the document's event list (0-based)." })
  eventIndex!: number;

  @Field({ description: "JSONPath of the offending part, e.g. $.epcisBody.eventList[3].bizStep." })
  path!: string;

  @Field({ description: "The rule it broke." })
  message!: string;
}

/** What a capture did. */
@ObjectType("CaptureResult", { description: "What a capture stored, what it recognised as already stored, and what it refused." })
export class CaptureResultType {
  @Field(() => Int, { description: "How many new events were stored." })
  stored!: number;

  @Field(() => Int, { description: "How many events were already stored (same CBV 2.0 event hash) and not stored again." })
  duplicates!: number;

  @Field(() => [RejectedEventType], { description: "Every refused event with its index, path and reason." })
  rejected!: RejectedEventType[];

  @Field(() => [String], { description: "Ids of the accepted events (stored or duplicate), in document order." })
  eventIds!: string[];

  @Field(() => [AlertType], { description: "Alerts the new events raised." })
  alerts!: AlertType[];
}
