import { Arg, Authorized, Ctx, Query, Resolver } from "type-graphql";
import type { UnitsContext } from "../../context";
import { assertInScope } from "../scope/scope";
import { TraceabilityRecordType } from "./report.type";

@Resolver(() => TraceabilityRecordType)
export class ReportResolver {
  @Authorized()
  @Query(() => [TraceabilityRecordType], {
    description:
      "FSMA 204 traceability records of a lot: one per critical tracking event (the EPCIS events that named its units, or containers they were in), in event-time order, sortable as a spreadsheet (the gateway serves it as CSV at /exports/traceability.csv). Owners and grantees of the product get the whole lot, custodians the lot's units handed over to them up to the end of their custody, regulators everything; at most 10,000 records.",
  })
  traceabilityRecords(
    @Arg("gtin", { description: "The product's GTIN (8, 12, 13 or 14 digits)." }) gtin: string,
    @Arg("lot", { description: "The lot (traceability lot code, AI 10)." }) lot: string,
    @Arg("from", () => Date, { nullable: true, description: "Events at or after this time; from the beginning when left out." }) from: Date | null,
    @Arg("to", () => Date, { nullable: true, description: "Events before this time; up to now when left out." }) to: Date | null,
    @Ctx() ctx: UnitsContext,
  ): Promise<TraceabilityRecordType[]> {
    assertInScope(ctx.principal, { kind: "read" });
    return ctx.reports.traceability(gtin, lot, from, to, ctx.readScope);
  }
}
