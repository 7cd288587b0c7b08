import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { UnitsContext } from "../../context";
import { assertInScope } from "../scope/scope";
import { CommissionUnitsInput } from "./commissioning.input";
import { CommissionResultType } from "./commissioning.type";

/** Issuing serials. */
@Resolver(() => CommissionResultType)
export class CommissioningResolver {
  @Authorized("brand_owner", "supplier")
  @Mutation(() => CommissionResultType, {
    description: "Issues serials for a GTIN and lot (given, or generated SEQUENTIAL or RANDOM) and records the commissioning event. All or nothing.",
  })
  async commissionUnits(
    @Arg("input", () => CommissionUnitsInput, { description: "What to commission." }) input: CommissionUnitsInput,
    @Ctx() ctx: UnitsContext,
  ): Promise<CommissionResultType> {
    assertInScope(ctx.principal, { kind: "write", readPoints: [input.readPoint ?? null] });
    const outcome = await ctx.commissioning.commission(input, ctx.principal);
    return { ...outcome, count: outcome.serials.length };
  }
}
