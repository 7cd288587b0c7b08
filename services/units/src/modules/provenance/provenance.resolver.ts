import { anyUnitId } from "@tracehub/subgraph-kit";
import { Arg, Authorized, Ctx, Query, Resolver } from "type-graphql";
import type { UnitsContext } from "../../context";
import { assertInScope } from "../scope/scope";
import { storySeenBy, unitsNamedIn } from "./provenance.rules";
import { ProvenanceType } from "./provenance.type";

@Resolver(() => ProvenanceType)
export class ProvenanceResolver {
  @Authorized()
  @Query(() => ProvenanceType, {
    nullable: true,
    description: "A unit's complete story in time order, including events of the containers it was in; null when the hub does not know the unit.",
  })
  async provenance(@Arg("code", { description: "The unit's code in any GS1 form." }) code: string, @Ctx() ctx: UnitsContext): Promise<ProvenanceType | null> {
    assertInScope(ctx.principal, { kind: "read" });
    const id = anyUnitId(code);
    const unit = await ctx.loaders.unitById.load(id);
    if (!unit) return null;
    const [timeline, containers, madeFrom, alerts] = await Promise.all([
      // A past custodian follows the unit up to the end of its custody only.
      ctx.provenance.timeline(id, unit.visibleUntil ?? null),
      ctx.provenance.containers(id, unit.visibleUntil ?? null),
      ctx.provenance.lineage(id),
      ctx.loaders.alertsByUnit.load(id),
    ]);
    // Leave out what names units the caller may not see (one batched, scoped load).
    const named = unitsNamedIn({ timeline, containers, madeFrom });
    const visible = new Set((await ctx.loaders.unitById.loadMany(named)).flatMap((u) => (u && !(u instanceof Error) ? [u.id] : [])));
    const seen = storySeenBy({ timeline, containers, madeFrom }, visible);
    return { unit, timeline: seen.timeline, custody: ctx.provenance.custody(seen.timeline), containers: seen.containers, madeFrom: seen.madeFrom, alerts };
  }
}
