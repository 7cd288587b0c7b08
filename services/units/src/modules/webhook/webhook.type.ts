import { connectionType } from "@tracehub/subgraph-kit";
import { GraphQLJSON } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { MovementFilter } from "../movement/movement.input";
import { DeliveryStatus, WebhookKind } from "./webhook.rules";

registerEnumType(WebhookKind, {
  name: "WebhookKind",
  description: "What a webhook is told about.",
  valuesConfig: {
    UNIT_MOVEMENT: { description: "Movements of units your organization may see, through the webhook's filter (as the unitMovements subscription delivers them)." },
    ORDER_STATUS: { description: "An order your organization sells changed status." },
    RECALL_NOTICE: { description: "A recall now affects units your organization holds (as recallNotices delivers them)." },
    ALERT: { description: "An event raised an alert on a unit your organization may see." },
    EPCIS_QUERY: { description: "Events matching one of your named EPCIS queries, as EPCIS query documents (a query subscription, made with subscribeEpcisQuery or the REST binding; not registerWebhook)." },
  },
});
registerEnumType(DeliveryStatus, {
  name: "WebhookDeliveryStatus",
  description: "Where a delivery stands.",
  valuesConfig: {
    PENDING: { description: "Not delivered yet: its next attempt is at nextAttemptAt." },
    DELIVERED: { description: "The receiver answered 2xx." },
    FAILED: { description: "Every attempt failed; replay it once the receiver is fixed." },
  },
});

@InputType("RegisterWebhookInput", { description: "A URL to tell about kinds of news, signed." })
export class RegisterWebhookInput {
  @Field({ description: "Where deliveries are POSTed (https; http and private hosts only where the hub allows them, as in development)." })
  url!: string;

  @Field(() => [WebhookKind], { description: "What to tell it about (at least one)." })
  kinds!: WebhookKind[];

  @Field(() => MovementFilter, { nullable: true, description: "For UNIT_MOVEMENT: which movements (as unitMovements' filter); all it may see when absent." })
  filter?: MovementFilter | null;
}

@ObjectType("Webhook", { description: "A URL your organization registered for news, and what it is told about." })
export class WebhookType {
  @Field(() => ID, { description: "The webhook's id." })
  id!: string;

  @Field({ description: "Where deliveries go." })
  url!: string;

  @Field(() => [WebhookKind], { description: "What it is told about." })
  kinds!: WebhookKind[];

  @Field(() => GraphQLJSON, { nullable: true, description: "The movement filter it was registered with." })
  filter!: Record<string, unknown> | null;

  @Field({ description: "When it was registered: it is told about news from then on." })
  createdAt!: Date;

  /** Its organization (not exposed). */
  orgId!: string;
}

@ObjectType("RegisteredWebhook", { description: "A webhook just registered, with its signing secret (shown this once)." })
export class RegisteredWebhookType {
  @Field({ description: "The secret every delivery is signed with (Tracehub-Signature: t=<unix time>,v1=<HMAC-SHA256 of '<t>.<body>'>). It is shown only now." })
  secret!: string;

  @Field(() => WebhookType, { description: "The webhook." })
  webhook!: WebhookType;
}

@ObjectType("WebhookDelivery", { description: "One delivery of news to a webhook, with its attempts." })
export class WebhookDeliveryType {
  @Field(() => ID, { description: "The delivery's id (the Tracehub-Delivery header; the same on every retry)." })
  id!: string;

  @Field(() => WebhookKind, { description: "What it is about." })
  kind!: WebhookKind;

  @Field(() => DeliveryStatus, { description: "Pending, delivered or failed." })
  status!: DeliveryStatus;

  @Field(() => Int, { description: "Attempts so far." })
  attempts!: number;

  @Field(() => Date, { nullable: true, description: "When it will be tried next; null once delivered or failed." })
  nextAttemptAt!: Date | null;

  @Field(() => Int, { nullable: true, description: "The HTTP status of the last attempt; null when the receiver could not be reached." })
  lastStatus!: number | null;

  @Field(() => String, { nullable: true, description: "What went wrong in the last attempt." })
  lastError!: string | null;

  @Field(() => String, { nullable: true, description: "The delivery this one replays." })
  replayOf!: string | null;

  @Field({ description: "When the news became this delivery." })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the receiver accepted it." })
  deliveredAt!: Date | null;

  @Field(() => GraphQLJSON, { description: "The news, as the body's `data` carries it." })
  payload!: unknown;
}

export const WebhookConnection = connectionType(WebhookType, "Webhook", "webhook");
export const WebhookDeliveryConnection = connectionType(WebhookDeliveryType, "WebhookDelivery", "webhook delivery");
