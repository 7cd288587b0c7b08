import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { GraphQLJSON } from "graphql-scalars";
import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { UnitsContext } from "../../context";
import { assertInScope } from "../scope/scope";
import { UnitType } from "../unit/unit.type";
import { EpcFormatType, EventFilter, EventsArgs } from "./event.input";
import { EpcisEventPageType, EventConnection, EventType } from "./event.type";

@Resolver(() => EventType)
export class EventResolver {
  @Authorized()
  @Query(() => EventConnection, { description: "Events in event-time order, filtered with the EPCIS query parameters." })
  events(@Args(() => EventsArgs) args: EventsArgs, @Ctx() ctx: UnitsContext) {
    assertInScope(ctx.principal, { kind: "read" });
    return ctx.events.list(args, ctx.readScope);
  }

  @Authorized()
  @Query(() => GraphQLJSON, { description: "The matching events as an EPCIS 2.0 JSON-LD document (at most 10,000 events), valid against the official schema." })
  exportEpcis(
    @Arg("filter", () => EventFilter, { description: "Which events." }) filter: EventFilter,
    @Arg("epcFormat", () => EpcFormatType, { nullable: true, description: "How identifiers are written (default Always_GS1_Digital_Link)." }) epcFormat: EpcFormatType | null,
    @Arg("companyPrefixLength", () => Int, {
      nullable: true,
      description: "GS1 company prefix length (6 to 12) for writing identifiers captured as Digital Links as EPC URNs (Always_EPC_URN).",
    })
    companyPrefixLength: number | null,
    @Ctx() ctx: UnitsContext,
  ) {
    assertInScope(ctx.principal, { kind: "read" });
    return ctx.events.export(filter, epcFormat ?? EpcFormatType.ALWAYS_GS1_DIGITAL_LINK, companyPrefixLength ?? null, ctx.readScope);
  }

  @Authorized()
  @Query(() => EpcisEventPageType, { description: "One page of the matching events as an EPCIS 2.0 query document, in event-time order (the EPCIS REST binding's /events)." })
  epcisEventPage(
    @Arg("filter", () => EventFilter, { description: "Which events." }) filter: EventFilter,
    @Arg("first", () => Int, { nullable: true, description: "How many events to return (1 to 500, default 20)." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Return the events after this cursor (an `endCursor` from an earlier page)." }) after: string | null,
    @Arg("epcFormat", () => EpcFormatType, { nullable: true, description: "How identifiers are written (default Always_GS1_Digital_Link)." }) epcFormat: EpcFormatType | null,
    @Arg("companyPrefixLength", () => Int, {
      nullable: true,
      description: "GS1 company prefix length (6 to 12) for writing identifiers captured as Digital Links as EPC URNs (Always_EPC_URN); without it, identifiers under your organization's own company prefixes are written with those.",
    })
    companyPrefixLength: number | null,
    @Ctx() ctx: UnitsContext,
  ) {
    assertInScope(ctx.principal, { kind: "read" });
    return ctx.events.exportPage({ filter, first, after }, epcFormat ?? EpcFormatType.ALWAYS_GS1_DIGITAL_LINK, companyPrefixLength ?? null, ctx.readScope, ctx.principal.scope?.prefixes ?? []);
  }
}

/** A unit's events, as a field of `Unit`. */
@Resolver(() => UnitType)
export class UnitEventsResolver {
  @FieldResolver(() => EventConnection, { description: "The events that named this unit (in any role), in event-time order." })
  events(@Root() unit: UnitType, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: UnitsContext) {
    return ctx.events.unitEvents(unit.id, args, ctx.readScope);
  }
}
