import { ConnectionArgs } from "@tracehub/subgraph-kit";
import type { SubscribeResolverData } from "type-graphql";
import { Arg, Args, Authorized, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import type { UnitsContext } from "../../context";
import type { MovementFilter } from "../movement/movement.input";
import { encodeMovementCursor } from "../movement/movement.rules";
import type { MovementFeed } from "../movement/movement.stream";
import { assertInScope } from "../scope/scope";
import { UnitConnection } from "../unit/unit.type";
import {
  AffectedUnitsArgs,
  RecallHolderCountType,
  RecallNoticeConnection,
  RecallNoticeType,
  RecallProgressType,
  RecallProgressUpdateType,
  RecallRef,
  RecallStatusCountType,
} from "./recall.type";

/** The recall fields a scope needs: the gateway fetches them from compliance. */
const SCOPE = '@requires(fields: "gtin lots serials producedFrom producedTo expiresFrom expiresTo")';

@Resolver(() => RecallRef)
export class RecallImpactResolver {
  private affectedBy(recall: RecallRef, ctx: UnitsContext) {
    return ctx.recallImpact.affectedBy(recall, async (id) => (await ctx.loaders.issuedRecall.load(id)) !== null);
  }

  @Directive(SCOPE)
  @FieldResolver(() => Int, {
    description: "How many units the recall affects that you may read: those it marked once issued (including units commissioned later in its scope); for a draft, those it would mark.",
  })
  async affectedCount(@Root() recall: RecallRef, @Ctx() ctx: UnitsContext): Promise<number> {
    return ctx.recallImpact.count(await this.affectedBy(recall, ctx), ctx.readScope);
  }

  @Directive(SCOPE)
  @FieldResolver(() => UnitConnection, { description: "The units the recall affects that you may read, in id order, a page at a time (where each is, its order and customer through the unit)." })
  async affectedUnits(@Root() recall: RecallRef, @Args(() => AffectedUnitsArgs) args: AffectedUnitsArgs, @Ctx() ctx: UnitsContext) {
    return ctx.recallImpact.affectedUnits(await this.affectedBy(recall, ctx), args, ctx.readScope);
  }

  @FieldResolver(() => Boolean, {
    description:
      "True once every unit in the recall's scope when it was issued is marked RECALLED (units commissioned in its scope later are marked as they come); false for a draft, and while the marking goes on (it runs in batches; `affectedCount` and `progress` grow as they commit).",
  })
  async allMarked(@Root() recall: RecallRef, @Ctx() ctx: UnitsContext): Promise<boolean> {
    return (await ctx.loaders.issuedRecall.load(recall.id))?.markingDone ?? false;
  }

  @Directive(SCOPE)
  @FieldResolver(() => RecallProgressType, { description: "What became of the affected units you may read: located, returned, destroyed, unaccounted." })
  async progress(@Root() recall: RecallRef, @Ctx() ctx: UnitsContext): Promise<RecallProgressType> {
    return ctx.recallImpact.progress(await this.affectedBy(recall, ctx), ctx.readScope);
  }

  @Directive(SCOPE)
  @FieldResolver(() => [RecallStatusCountType], { description: "How many affected units you may read are in each status now." })
  async affectedByStatus(@Root() recall: RecallRef, @Ctx() ctx: UnitsContext): Promise<RecallStatusCountType[]> {
    return ctx.recallImpact.byStatus(await this.affectedBy(recall, ctx), ctx.readScope);
  }

  @Directive(SCOPE)
  @FieldResolver(() => [RecallHolderCountType], { description: "How many affected units you may read each party holds now (by the GLN they were last handed to)." })
  async affectedByHolder(@Root() recall: RecallRef, @Ctx() ctx: UnitsContext): Promise<RecallHolderCountType[]> {
    return ctx.recallImpact.byHolder(await this.affectedBy(recall, ctx), ctx.readScope);
  }
}

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** A recall reference carries what `@requires` asked the gateway to fetch from compliance. */
export function resolveRecallReference(reference: Record<string, unknown>): RecallRef {
  return {
    id: String(reference.id),
    gtin: text(reference.gtin) ?? "",
    lots: texts(reference.lots),
    serials: texts(reference.serials),
    producedFrom: text(reference.producedFrom),
    producedTo: text(reference.producedTo),
    expiresFrom: text(reference.expiresFrom),
    expiresTo: text(reference.expiresTo),
  };
}

/** The recording events of recalls (ObjectEvent OBSERVE, holding, recalled) are what live notices follow. */
const RECALL_EVENTS = { bizStep: "holding", disposition: "recalled" } as MovementFilter;

/**
 * The caller's notices as recalls mark units: one per recording event naming units it holds, skipping the rest.
 * Hand-written rather than a generator: ending it (the client left, the gateway moved it) must close the movement
 * feed at once, even while it waits for the next event, which a suspended generator would not do.
 */
function noticesOf(feed: MovementFeed, ctx: UnitsContext): AsyncIterableIterator<RecallNoticeType> {
  const done = (): IteratorResult<RecallNoticeType> => ({ value: undefined, done: true });
  const iterator: AsyncIterableIterator<RecallNoticeType> = {
    async next() {
      for (;;) {
        const row = await feed.next();
        if (row.done) return done();
        const recallId = await ctx.recallNotices.recallOfEvent(row.value.eventSeq);
        if (!recallId) continue;
        const notice = await ctx.recallNotices.one(recallId, ctx.readScope, ctx.principal, encodeMovementCursor(row.value.position));
        if (notice) return { value: notice, done: false };
      }
    },
    async return() {
      await feed.return?.();
      return done();
    },
    async throw(error?: unknown) {
      await feed.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

async function openNotices({ args, context }: SubscribeResolverData<unknown, { after?: string | null }, UnitsContext>) {
  assertInScope(context.principal, { kind: "read" });
  const feed = await context.movements.open(RECALL_EVENTS, args.after, context.principal);
  context.streamCursor = encodeMovementCursor(feed.startsAfter);
  return noticesOf(feed, context);
}

@Resolver(() => RecallNoticeType)
export class RecallNoticeResolver {
  @Authorized()
  @Query(() => RecallNoticeConnection, {
    description:
      "Recalls affecting units your organization holds now (in its custody, or never handed over from it), newest first: what each is, what to do, how many units you hold, and whether you acknowledged it.",
  })
  recallNotices(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: UnitsContext) {
    assertInScope(ctx.principal, { kind: "read" });
    return ctx.recallNotices.list(args, ctx.readScope, ctx.principal);
  }

  @Authorized()
  @Mutation(() => RecallNoticeType, { description: "Acknowledges a recall's notice for your organization (the first acknowledgement counts). NOT_FOUND unless the recall affects units you hold." })
  acknowledgeRecallNotice(@Arg("recallId", () => ID, { description: "The recall's id." }) recallId: string, @Ctx() ctx: UnitsContext) {
    return ctx.recallNotices.acknowledge(recallId, ctx.readScope, ctx.principal);
  }
}

/** The live recall notices (a class of its own: the query has the same name). */
@Resolver(() => RecallNoticeType)
export class RecallNoticeStreamResolver {
  @Subscription(() => RecallNoticeType, {
    description:
      "Live notices: one each time a recall marks units your organization holds, as it happens (when issued, and as units in its scope are commissioned). Each carries a `cursor`; pass `after` to resume without a gap.",
    subscribe: openNotices,
  })
  recallNotices(
    @Root() notice: RecallNoticeType,
    @Arg("after", () => String, { nullable: true, description: "Resume after this cursor (the `cursor` of the last notice you received)." }) _after: string | null,
    @Ctx() ctx: UnitsContext,
  ): RecallNoticeType {
    if (notice.cursor) ctx.streamCursor = notice.cursor;
    return notice;
  }
}

async function openProgress({ args, context }: SubscribeResolverData<unknown, { recallId: string }, UnitsContext>) {
  assertInScope(context.principal, { kind: "read" });
  const { recallId, gtin } = await context.recallImpact.followable(args.recallId, context.readScope);
  // The caller's movements of the recall's GTIN (with contents moved in containers) are what can change its progress.
  const feed = await context.movements.open({ gtin } as MovementFilter, null, context.principal);
  return context.recallImpact.follow(recallId, feed, context.readScope);
}

/** A recall's progress, live. */
@Resolver(() => RecallProgressUpdateType)
export class RecallProgressResolver {
  @Subscription(() => RecallProgressUpdateType, {
    description:
      "An issued recall's progress, live, over the affected units you may read: the reading now, then a new one each time events change it (units returned, destroyed, moved, or newly marked), at most two a second. NOT_FOUND unless you own or were granted its product, or read one of its units. A reconnecting client gets a fresh reading first, so nothing is missed.",
    subscribe: openProgress,
  })
  recallProgress(
    @Root() update: RecallProgressUpdateType,
    @Arg("recallId", () => ID, { description: "The recall's id." }) _recallId: string,
  ): RecallProgressUpdateType {
    return update;
  }
}
