import { ownedKeyOfIdentifier, scopeOwns } from "@tracehub/subgraph-kit";
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { UnitsContext } from "../../context";
import { UnitType } from "../unit/unit.type";
import type { AuthenticityVerdict } from "./authenticity.rules";
import { VerificationType } from "./verification.type";

/** `Unit.verifications`: the public checks of a unit, for its brand owner (and operators) alone. */
@Resolver(() => UnitType)
export class UnitVerificationsResolver {
  @FieldResolver(() => [VerificationType], { description: "The public authenticity checks of this unit, newest first: its brand owner's (and operators') alone; empty for anyone else." })
  async verifications(
    @Root() unit: UnitType,
    @Arg("first", () => Int, { nullable: true, description: "How many (1 to 500, default 50)." }) first: number | null,
    @Ctx() ctx: UnitsContext,
  ): Promise<VerificationType[]> {
    const principal = ctx.principal;
    const key = ownedKeyOfIdentifier(unit.id);
    const owner = principal.roles.includes("operator") || (key !== null && !!principal.scope && scopeOwns(principal.scope, key));
    if (!owner) return [];
    const limit = Math.min(500, Math.max(1, first ?? 50));
    return (await ctx.verificationLog.logOf([unit.id], limit)).map((r) => ({ checkedAt: r.checkedAt, country: r.country, verdict: r.verdict as AuthenticityVerdict, reasons: r.reasons }));
  }
}
