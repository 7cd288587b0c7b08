import { type ClassType, Arg, Authorized, Ctx, Directive, Field, Float, ID, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from "type-graphql";
import { BadUserInput, NotFound } from "./errors";
import { uuidArgument } from "./ids";
import { pageSize } from "./pagination";
import type { SubgraphContext } from "./server";

/** Where an outbox message is in its life. */
export enum OutboxMessageStatus {
  PENDING = "PENDING",
  DELIVERED = "DELIVERED",
  DEAD = "DEAD",
}
registerEnumType(OutboxMessageStatus, {
  name: "OutboxMessageStatus",
  description: "Where an outbox message is in its life.",
  valuesConfig: {
    PENDING: { description: "Not delivered yet (waiting, or retrying with backoff)." },
    DELIVERED: { description: "The consuming service received and applied it." },
    DEAD: { description: "Parked after it was refused or failed every attempt; it holds back later messages of its key until retried." },
  },
});

/** One message a service wrote for another service. */
@Directive("@shareable")
@ObjectType("OutboxMessage", { description: "A message a service wrote for another service in the same transaction as its change." })
export class OutboxMessageType {
  @Field(() => ID, { description: "The message id (the consumer's idempotency key)." })
  id!: string;

  @Field({ description: "What happened, e.g. recall.issued." })
  topic!: string;

  @Field({ description: "Messages with the same key are delivered in the order they were written." })
  key!: string;

  @Field({ description: "The payload, as JSON text." })
  payload!: string;

  @Field(() => OutboxMessageStatus, { description: "Where the message is in its life." })
  status!: OutboxMessageStatus;

  @Field(() => Int, { description: "Delivery attempts so far." })
  attempts!: number;

  @Field(() => String, { nullable: true, description: "Why the last attempt failed; null after a success." })
  lastError!: string | null;

  @Field({ description: "When it was written." })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When it was delivered; null until then." })
  deliveredAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When it was parked as dead; null otherwise." })
  deadAt!: Date | null;
}

/** A service's outbox at a glance. */
@Directive("@shareable")
@ObjectType("OutboxReport", { description: "A service's outbox: counts by status and a page of messages." })
export class OutboxReportType {
  @Field(() => Int, { description: "Messages not delivered yet." })
  pending!: number;

  @Field(() => Int, { description: "Messages delivered." })
  delivered!: number;

  @Field(() => Int, { description: "Messages parked as dead." })
  dead!: number;

  @Field(() => Float, { nullable: true, description: "Age of the oldest pending message in seconds; null when none is pending." })
  oldestPendingSeconds!: number | null;

  @Field(() => [OutboxMessageType], { description: "Messages of the asked status, oldest first." })
  messages!: OutboxMessageType[];

  @Field(() => String, { nullable: true, description: "Pass as `after` for the next page; null on the last page." })
  endCursor!: string | null;
}

/** A stored outbox message as the store returns it. */
interface StoredMessage {
  id: string;
  seq: string;
  topic: string;
  key: string;
  payload: unknown;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  deadAt: Date | null;
}

/** What the outbox queries read (`OutboxStore` of @tracehub/db). */
export interface OutboxReader {
  list(status: OutboxMessageStatus | null, afterSeq: string | null, limit: number): Promise<StoredMessage[]>;
  counts(): Promise<{ pending: number; delivered: number; dead: number; oldestPendingSeconds: number | null }>;
  retry(id: string): Promise<boolean>;
}

const toType = (m: StoredMessage): OutboxMessageType => ({
  id: m.id,
  topic: m.topic,
  key: m.key,
  payload: JSON.stringify(m.payload),
  status: m.deadAt ? OutboxMessageStatus.DEAD : m.deliveredAt ? OutboxMessageStatus.DELIVERED : OutboxMessageStatus.PENDING,
  attempts: m.attempts,
  lastError: m.lastError,
  createdAt: m.createdAt,
  deliveredAt: m.deliveredAt,
  deadAt: m.deadAt,
});

/**
 * The operators' view of one service's outbox: `<service>Outbox(status, first, after)` and
 * `retry<Service>OutboxMessage(id)`, reading the outbox the context carries as `outbox`.
 */
export function outboxResolver(service: string): ClassType {
  const title = service.charAt(0).toUpperCase() + service.slice(1);

  @Resolver()
  class OutboxResolver {
    @Authorized("operator")
    @Query(() => OutboxReportType, { name: `${service}Outbox`, description: `Operators: the ${service} service's outbox (messages to other services), to find stuck or dead ones.` })
    async outbox(
      @Ctx() ctx: SubgraphContext & { outbox: OutboxReader },
      @Arg("status", () => OutboxMessageStatus, { nullable: true, description: "Only messages with this status; all when left out." }) status: OutboxMessageStatus | null,
      @Arg("first", () => Int, { nullable: true, description: "How many messages to return (1 to 500, default 20)." }) first: number | null,
      @Arg("after", () => String, { nullable: true, description: "An `endCursor` from an earlier page." }) after: string | null,
    ): Promise<OutboxReportType> {
      const size = pageSize(first);
      if (after !== null && after !== undefined && !/^\d{1,19}$/.test(after)) {
        throw new BadUserInput("'after' is not a cursor this API issued for this list; pass an `endCursor` from an earlier page.", { argument: "after" });
      }
      const [counts, rows] = await Promise.all([ctx.outbox.counts(), ctx.outbox.list(status ?? null, after ?? null, size + 1)]);
      const page = rows.slice(0, size);
      return { ...counts, messages: page.map(toType), endCursor: rows.length > size ? (page[page.length - 1]?.seq ?? null) : null };
    }

    @Authorized("operator")
    @Mutation(() => Boolean, { name: `retry${title}OutboxMessage`, description: `Operators: puts a dead message of the ${service} outbox back in line for delivery (after fixing its cause). True when it was dead.` })
    async retry(@Ctx() ctx: SubgraphContext & { outbox: OutboxReader }, @Arg("id", () => ID, { description: "The dead message's id." }) id: string): Promise<boolean> {
      const messageId = uuidArgument(id, "id", "an outbox message id");
      if (!(await ctx.outbox.retry(messageId))) throw new NotFound(`No dead outbox message ${messageId}.`, { argument: "id" });
      return true;
    }
  }
  return OutboxResolver;
}
