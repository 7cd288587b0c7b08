import { connectionType } from "@tracehub/subgraph-kit";
import { GraphQLJSON } from "graphql-scalars";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { EpcFormatType } from "../event/event.input";

@ObjectType("EpcisQuery", { description: "A named EPCIS query of your organization (the REST binding's /queries/{name})." })
export class EpcisQueryType {
  @Field({ description: "Its name, unique in your organization." })
  name!: string;

  @Field(() => GraphQLJSON, { description: "The query, in the EPCIS Query Language (as the REST binding's query body: EQ_bizStep, GE_eventTime, MATCH_anyEPC, ...)." })
  query!: Record<string, unknown>;

  @Field({ description: "When it was created." })
  createdAt!: Date;
}

@ObjectType("EpcisQuerySubscription", { description: "A query subscription: every new event matching the query is sent to `dest` as an EPCIS query document, signed." })
export class EpcisQuerySubscriptionType {
  @Field(() => ID, { description: "The subscription's id (the binding's subscriptionID)." })
  id!: string;

  @Field({ description: "Where the documents go." })
  dest!: string;

  @Field({ description: "The query it follows." })
  queryName!: string;

  @Field(() => EpcFormatType, { description: "How identifiers are written in the documents." })
  epcFormat!: EpcFormatType;

  @Field({ description: "When it was made: events recorded from then on are sent." })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When `dest` last accepted a document." })
  lastNotifiedAt!: Date | null;

  @Field(() => GraphQLJSON, { nullable: true, description: "For a scheduled subscription, its schedule (second, minute, hour, dayOfMonth, month, dayOfWeek; UTC); null for a stream subscription." })
  schedule!: Record<string, string> | null;

  @Field({ description: "For a scheduled subscription: whether a run that finds nothing still sends an (empty) document." })
  reportIfEmpty!: boolean;

  @Field(() => Date, { nullable: true, description: "For a scheduled subscription: its next run." })
  nextRunAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "For a scheduled subscription: the record time its next run starts from (its last run, or initialRecordTime)." })
  minRecordTime!: Date | null;
}

@InputType("EpcisScheduleInput", { description: "When a scheduled subscription runs (UTC): each field a list of numbers and [a-b] ranges, such as \"5\", \"0,30\" or \"[1-5]\". Fields left out are any value when a finer field is given, else their least value." })
export class EpcisScheduleInput {
  @Field(() => String, { nullable: true, description: "Seconds, 0 to 59." })
  second?: string | null;

  @Field(() => String, { nullable: true, description: "Minutes, 0 to 59." })
  minute?: string | null;

  @Field(() => String, { nullable: true, description: "Hours, 0 to 23." })
  hour?: string | null;

  @Field(() => String, { nullable: true, description: "Days of the month, 1 to 31." })
  dayOfMonth?: string | null;

  @Field(() => String, { nullable: true, description: "Months, 1 to 12." })
  month?: string | null;

  @Field(() => String, { nullable: true, description: "Days of the week, 1 (Monday) to 7 (Sunday)." })
  dayOfWeek?: string | null;
}

@InputType("SubscribeEpcisQueryInput", { description: "Where and how to send a named query's new events." })
export class SubscribeEpcisQueryInput {
  @Field({ description: "The callback URL (https; http and private hosts only where the hub allows them)." })
  dest!: string;

  @Field(() => String, { nullable: true, description: "The secret documents are signed with (GS1-Signature: t=<unix time>,v1=<HMAC-SHA256 of '<t>.<body>'>); one is made when absent." })
  signatureToken?: string | null;

  @Field(() => EpcFormatType, { nullable: true, description: "How identifiers are written (default Always_GS1_Digital_Link)." })
  epcFormat?: EpcFormatType | null;

  @Field(() => EpcisScheduleInput, { nullable: true, description: "Run the query on this schedule and send what was recorded since the last run; without it, every matching event is sent as it is recorded (a stream)." })
  schedule?: EpcisScheduleInput | null;

  @Field(() => Boolean, { nullable: true, description: "For a schedule: send a document even when a run finds nothing (default false)." })
  reportIfEmpty?: boolean | null;

  @Field(() => Date, { nullable: true, description: "For a schedule: the record time the first run starts from (default now)." })
  initialRecordTime?: Date | null;
}

@ObjectType("EpcisQuerySubscribed", { description: "A new query subscription, with the secret its documents are signed with (shown once)." })
export class EpcisQuerySubscribedType {
  @Field({ description: "The signing secret (the signatureToken given, or the one made)." })
  signatureToken!: string;

  @Field(() => EpcisQuerySubscriptionType, { description: "The subscription." })
  subscription!: EpcisQuerySubscriptionType;
}

export const EpcisQueryConnection = connectionType(EpcisQueryType, "EpcisQuery", "named EPCIS query");
