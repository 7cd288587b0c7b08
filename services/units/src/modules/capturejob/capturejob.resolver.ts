import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { GraphQLJSON } from "graphql-scalars";
import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { UnitsContext } from "../../context";
import { CaptureErrorBehavior } from "../capture/capture.service";
import { assertInScope } from "../scope/scope";
import { CaptureJobConnection, CaptureJobType } from "./capturejob.type";

/** Capture in the background, as the EPCIS REST binding's `/capture` does it. */
@Resolver(() => CaptureJobType)
export class CaptureJobResolver {
  @Authorized("brand_owner", "supplier", "logistics", "fulfilment")
  @Mutation(() => CaptureJobType, {
    description: "Accepts an EPCIS 2.0 document for capture in the background and answers its job at once; follow it with captureJob. The same limits and rules as captureEvents.",
  })
  submitCapture(
    @Arg("document", () => GraphQLJSON, { description: "An EPCIS 2.0 JSON-LD EPCISDocument or EPCISQueryDocument (at most 10,000 events, 16 MB)." }) document: unknown,
    @Arg("errorBehavior", () => CaptureErrorBehavior, { defaultValue: CaptureErrorBehavior.ROLLBACK, description: "ROLLBACK (all or nothing) or PROCEED (store the valid events)." })
    errorBehavior: CaptureErrorBehavior,
    @Ctx() ctx: UnitsContext,
  ): Promise<CaptureJobType> {
    assertInScope(ctx.principal, { kind: "write" });
    return ctx.captureJobs.submit(document, errorBehavior, ctx.principal);
  }

  @Authorized()
  @Query(() => CaptureJobType, { nullable: true, description: "A capture job your organization submitted (any, for operators); null for anyone else's." })
  captureJob(@Arg("id", () => ID, { description: "The job's id." }) id: string, @Ctx() ctx: UnitsContext): Promise<CaptureJobType | null> {
    return ctx.captureJobs.get(id, ctx.principal);
  }

  @Authorized()
  @Query(() => CaptureJobConnection, { description: "The capture jobs your organization submitted (every job, for operators), newest first." })
  captureJobs(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: UnitsContext) {
    return ctx.captureJobs.list(ctx.principal, args);
  }
}
