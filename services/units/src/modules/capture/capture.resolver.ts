import { GraphQLJSON } from "graphql-scalars";
import { Arg, Authorized, Ctx, Mutation, Resolver, registerEnumType } from "type-graphql";
import type { UnitsContext } from "../../context";
import { assertInScope } from "../scope/scope";
import { CaptureErrorBehavior } from "./capture.service";
import { CaptureResultType } from "./capture.type";

registerEnumType(CaptureErrorBehavior, {
  name: "CaptureErrorBehavior",
  description: "What happens to a document with invalid events (EPCIS capture errorDeclaration behaviour).",
  valuesConfig: {
    ROLLBACK: { description: "All or nothing: one invalid event stores none (default)." },
    PROCEED: { description: "Store the valid events and report the invalid ones." },
  },
});

/** EPCIS capture of documents clients send. */
@Resolver(() => CaptureResultType)
export class CaptureResolver {
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
