import type { SubscribeResolverData } from "type-graphql";
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import type { UnitsContext } from "../../context";
import { assertInScope } from "../scope/scope";
import { UnitType } from "../unit/unit.type";
import { MovementFilter, PackInput, RecordMovementInput } from "./movement.input";
import { type StreamRow, encodeMovementCursor } from "./movement.rules";
import { toMovementEvent } from "./movement.service";
import { MovementEventType, MovementResultType } from "./movement.type";

/** Who records movements. */
const WRITERS = ["brand_owner", "supplier", "logistics", "fulfilment"] as const;

async function openMovements({ args, context }: SubscribeResolverData<unknown, { filter?: MovementFilter | null; after?: string | null }, UnitsContext>) {
  assertInScope(context.principal, { kind: "read" });
  const feed = await context.movements.open(args.filter, args.after, context.principal);
  context.streamCursor = encodeMovementCursor(feed.startsAfter);
  return feed;
}

@Resolver(() => MovementEventType)
export class MovementResolver {
  @Authorized()
  @Query(() => String, {
    description:
      "The cursor of the latest stored movement. Subscribe to unitMovements with `after` set to it to receive every movement stored from now on (no race between reading a page and subscribing).",
  })
  movementCursor(@Ctx() ctx: UnitsContext): Promise<string> {
    assertInScope(ctx.principal, { kind: "read" });
    return ctx.movements.headCursor();
  }

  @Subscription(() => MovementEventType, {
    description:
      "Unit movements as they are stored, filtered, in commit order; each carries a `cursor`. Pass `after` to first receive every matching event after that cursor, then live ones, with no gap and no duplicate.",
    subscribe: openMovements,
  })
  unitMovements(
    @Root() row: StreamRow,
    @Arg("filter", () => MovementFilter, { nullable: true, description: "Which movements; every given condition must hold. All movements when absent." }) _filter: MovementFilter | null,
    @Arg("after", () => String, { nullable: true, description: "Resume after this cursor (the `cursor` of the last event you received)." }) _after: string | null,
    @Ctx() ctx: UnitsContext,
  ): MovementEventType {
    ctx.loaders = ctx.movements.loaders(ctx.readScope);
    const event = toMovementEvent(row);
    ctx.streamCursor = event.cursor;
    ctx.streamTraceParent = row.traceParent;
    return event;
  }

  @Authorized(...WRITERS)
  @Mutation(() => MovementResultType, { description: "Records a simple scan of units (an ObjectEvent OBSERVE) and updates their state. Unknown serials are stored and raise alerts." })
  recordMovement(@Arg("input", () => RecordMovementInput, { description: "The scan." }) input: RecordMovementInput, @Ctx() ctx: UnitsContext) {
    assertInScope(ctx.principal, { kind: "write", readPoints: [input.readPoint ?? null] });
    return ctx.movements.recordMovement(input, ctx.principal);
  }

  @Authorized(...WRITERS)
  @Mutation(() => MovementResultType, { description: "Packs units into a container (AggregationEvent ADD, packing)." })
  pack(@Arg("input", () => PackInput, { description: "The container and the units packed." }) input: PackInput, @Ctx() ctx: UnitsContext) {
    assertInScope(ctx.principal, { kind: "write", readPoints: [input.readPoint ?? null] });
    return ctx.movements.aggregate(input, "ADD", ctx.principal);
  }

  @Authorized(...WRITERS)
  @Mutation(() => MovementResultType, { description: "Takes units out of a container (AggregationEvent DELETE, unpacking); with no children it empties the container." })
  unpack(@Arg("input", () => PackInput, { description: "The container and the units taken out." }) input: PackInput, @Ctx() ctx: UnitsContext) {
    assertInScope(ctx.principal, { kind: "write", readPoints: [input.readPoint ?? null] });
    return ctx.movements.aggregate(input, "DELETE", ctx.principal);
  }

  @FieldResolver(() => [UnitType])
  async units(@Root() event: MovementEventType, @Ctx() ctx: UnitsContext): Promise<UnitType[]> {
    const units = await ctx.loaders.unitById.loadMany(event.unitIds);
    return units.filter((u): u is UnitType => !!u && !(u instanceof Error));
  }
}
