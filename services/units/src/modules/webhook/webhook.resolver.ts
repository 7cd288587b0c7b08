import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { UnitsContext } from "../../context";
import { DeliveryStatus } from "./webhook.rules";
import { RegisterWebhookInput, RegisteredWebhookType, WebhookConnection, WebhookDeliveryConnection, WebhookDeliveryType, WebhookType } from "./webhook.type";

@ArgsType()
class DeliveriesArgs extends ConnectionArgs {
  @Field(() => DeliveryStatus, { nullable: true, description: "Only deliveries in this status." })
  status?: DeliveryStatus | null;
}

/** Signed webhooks for storefronts and partners. */
@Resolver(() => WebhookType)
export class WebhookResolver {
  @Authorized()
  @Mutation(() => RegisteredWebhookType, { description: "Registers a URL to be told about kinds of news from now on, each delivery signed with the secret answered (shown once), retried with backoff until delivered." })
  registerWebhook(@Arg("input", () => RegisterWebhookInput, { description: "Where, and what about." }) input: RegisterWebhookInput, @Ctx() ctx: UnitsContext): Promise<RegisteredWebhookType> {
    return ctx.webhooks.register(input, ctx.principal);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Stops a webhook of your organization: nothing more is delivered to it, pending deliveries included. True when it stopped." })
  deleteWebhook(@Arg("id", () => ID, { description: "The webhook." }) id: string, @Ctx() ctx: UnitsContext): Promise<boolean> {
    return ctx.webhooks.remove(id, ctx.principal);
  }

  @Authorized()
  @Mutation(() => WebhookDeliveryType, { description: "Sends a delivery's news again (a failed one, or one the receiver lost), as a new delivery that names it in `replayOf`." })
  replayWebhookDelivery(@Arg("id", () => ID, { description: "The delivery to replay." }) id: string, @Ctx() ctx: UnitsContext): Promise<WebhookDeliveryType> {
    return ctx.webhooks.replay(id, ctx.principal);
  }

  @Authorized()
  @Query(() => WebhookConnection, { description: "Your organization's webhooks (every one, for operators), newest first." })
  webhooks(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: UnitsContext) {
    return ctx.webhooks.list(ctx.principal, args);
  }

  @Authorized()
  @Query(() => WebhookDeliveryConnection, { description: "A webhook's deliveries, newest first, with their state and last attempt: to see why a receiver is not getting news. Empty for a webhook that is not your organization's." })
  webhookDeliveries(
    @Arg("webhookId", () => ID, { description: "The webhook." }) webhookId: string,
    @Args(() => DeliveriesArgs) args: DeliveriesArgs,
    @Ctx() ctx: UnitsContext,
  ) {
    return ctx.webhooks.deliveries(webhookId, ctx.principal, args);
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: "Its deliveries, newest first." })
  deliveries(@Root() webhook: WebhookType, @Args(() => DeliveriesArgs) args: DeliveriesArgs, @Ctx() ctx: UnitsContext) {
    return ctx.webhooks.deliveries(webhook.id, ctx.principal, args);
  }
}
