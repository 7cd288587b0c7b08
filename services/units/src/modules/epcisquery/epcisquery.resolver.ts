import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { GraphQLJSON } from "graphql-scalars";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { UnitsContext } from "../../context";
import { EpcFormatType } from "../event/event.input";
import { EpcisEventPageType } from "../event/event.type";
import { assertInScope } from "../scope/scope";
import { EpcisQueryConnection, EpcisQuerySubscribedType, EpcisQuerySubscriptionType, EpcisQueryType, SubscribeEpcisQueryInput } from "./epcisquery.type";

/** Named EPCIS queries and their subscriptions (the REST binding's /queries). */
@Resolver(() => EpcisQueryType)
export class EpcisQueryResolver {
  @Authorized()
  @Mutation(() => EpcisQueryType, { description: "Stores a named EPCIS query of your organization (the REST binding's POST /queries). The hub answers eventType, EQ_bizStep, EQ_disposition, EQ_readPoint, EQ_bizLocation, EQ_eventID, GE/LT_eventTime, GE/LT_recordTime and MATCH_anyEPC; it refuses any other parameter by name." })
  createEpcisQuery(
    @Arg("name", { description: "Its name (1 to 100 letters, digits, '.', '_', '-')." }) name: string,
    @Arg("query", () => GraphQLJSON, { description: "The query, as the REST binding's query body." }) query: unknown,
    @Ctx() ctx: UnitsContext,
  ): Promise<EpcisQueryType> {
    return ctx.epcisQueries.create(name, query, ctx.principal);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Deletes a named query of your organization and stops its subscriptions." })
  deleteEpcisQuery(@Arg("name", { description: "The query." }) name: string, @Ctx() ctx: UnitsContext): Promise<boolean> {
    return ctx.epcisQueries.remove(name, ctx.principal);
  }

  @Authorized()
  @Query(() => EpcisQueryType, { nullable: true, description: "A named query of your organization; null when it has none of that name." })
  epcisQuery(@Arg("name", { description: "The query's name." }) name: string, @Ctx() ctx: UnitsContext): Promise<EpcisQueryType | null> {
    return ctx.epcisQueries.one(name, ctx.principal);
  }

  @Authorized()
  @Query(() => EpcisQueryConnection, { description: "Your organization's named queries, by name." })
  epcisQueries(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: UnitsContext) {
    return ctx.epcisQueries.list(ctx.principal, args);
  }

  @Authorized()
  @Mutation(() => EpcisQuerySubscribedType, { description: "Subscribes a callback URL to a named query: every event recorded from now on that matches it (and that your organization may see) is sent there in EPCIS query documents, signed, retried until accepted (the REST binding's stream subscriptions)." })
  subscribeEpcisQuery(
    @Arg("name", { description: "The query." }) name: string,
    @Arg("input", () => SubscribeEpcisQueryInput, { description: "Where and how." }) input: SubscribeEpcisQueryInput,
    @Ctx() ctx: UnitsContext,
  ): Promise<EpcisQuerySubscribedType> {
    assertInScope(ctx.principal, { kind: "read" });
    return ctx.epcisQueries.subscribe(name, input, ctx.principal);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Stops a query subscription." })
  unsubscribeEpcisQuery(
    @Arg("name", { description: "The query." }) name: string,
    @Arg("subscriptionId", () => ID, { description: "The subscription." }) subscriptionId: string,
    @Ctx() ctx: UnitsContext,
  ): Promise<boolean> {
    return ctx.epcisQueries.unsubscribe(name, subscriptionId, ctx.principal);
  }

  @FieldResolver(() => EpcisEventPageType, { description: "A page of its results (events your organization may see), as an EPCIS query document named after it." })
  results(
    @Root() query: EpcisQueryType,
    @Arg("first", () => Int, { nullable: true, description: "How many events (1 to 500, default 20)." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Continue after this cursor (an earlier page's `endCursor`)." }) after: string | null,
    @Arg("epcFormat", () => EpcFormatType, { nullable: true, description: "How identifiers are written (default Always_GS1_Digital_Link)." }) epcFormat: EpcFormatType | null,
    @Ctx() ctx: UnitsContext,
  ) {
    assertInScope(ctx.principal, { kind: "read" });
    return ctx.epcisQueries.results(query.name, { first, after }, epcFormat ?? EpcFormatType.ALWAYS_GS1_DIGITAL_LINK, ctx.readScope, ctx.principal);
  }

  @FieldResolver(() => [EpcisQuerySubscriptionType], { description: "Its subscriptions in force." })
  subscriptions(@Root() query: EpcisQueryType, @Ctx() ctx: UnitsContext): Promise<EpcisQuerySubscriptionType[]> {
    return ctx.epcisQueries.subscriptions(query.name, ctx.principal);
  }
}
