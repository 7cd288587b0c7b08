import { GraphQLJSON } from "graphql-scalars";
import { Arg, Args, Authorized, Ctx, Int, Mutation, Query, Resolver, registerEnumType } from "type-graphql";
import type { UnitsContext } from "../../context";
import { CaptureErrorBehavior } from "../capture/capture.service";
import { assertInScope } from "../scope/scope";
import { EpcFormatType, EventFilter, EventsArgs } from "./event.input";
import { CaptureResultType, EventConnection, EventType } from "./event.type";

registerEnumType(CaptureErrorBehavior, {
  name: "CaptureErrorBehavior",
  description: "What happens to a document with invalid events (EPCIS capture errorDeclaration behaviour).",
  valuesConfig: {
    ROLLBACK: { description: "All or nothing: one invalid event stores none (default)." },
    PROCEED: { description: "Store the valid events and report the invalid ones." },
  },
});

@Resolver(() => EventType)
export class EventResolver {
  @Authorized()
  @Query(() => EventConnection, { description: "Events in event-time order, filtered with the EPCIS query parameters." })
  events(@Args(() => EventsArgs) args: EventsArgs, @Ctx() ctx: UnitsContext) {
    assertInScope(ctx.principal, { kind: "read" });
    return ctx.events.list(args);
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
    return ctx.events.export(filter, epcFormat ?? EpcFormatType.ALWAYS_GS1_DIGITAL_LINK, companyPrefixLength);
  }

  @Authorized("brand_owner", "supplier", "logistics", "fulfilment")
  @Mutation(() => CaptureResultType, {
    description: "Captures an EPCIS 2.0 document (any of the five event types). Each event is stored once (by CBV 2.0 event hash); invalid events are reported with their index, path and reason.",
  })
  captureEvents(
    @Arg("document", () => GraphQLJSON, { description: "An EPCIS 2.0 JSON-LD EPCISDocument (at most 10,000 events, 16 MB)." }) document: unknown,
    @Arg("errorBehavior", () => CaptureErrorBehavior, { defaultValue: CaptureErrorBehavior.ROLLBACK, description: "ROLLBACK (all or nothing) or PROCEED (store the valid events)." })
    errorBehavior: CaptureErrorBehavior,
    @Ctx() ctx: UnitsContext,
  ): Promise<CaptureResultType> {
    assertInScope(ctx.principal, { kind: "write" });
    return ctx.capture.captureDocument(document, errorBehavior, ctx.principal).then((r) => ({ ...r, alerts: r.alerts.map((a) => ({ ...a, raisedAt: null })) })) as Promise<CaptureResultType>;
  }
}
