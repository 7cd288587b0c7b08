import { ConnectionArgs } from "@tracehub/subgraph-kit";
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { UnitsContext } from "../../context";
import { CreateNoticeInput, NoticeAlertType, NoticeConnection, NoticeStatus, NoticeType, ReceiveShipmentInput, ReconciliationType } from "./receipt.type";

@ArgsType()
class NoticesArgs extends ConnectionArgs {
  @Field(() => NoticeStatus, { nullable: true, description: "Only notices in this status." })
  status?: NoticeStatus | null;
}

/** Inbound receipt against advance ship notices. */
@Resolver(() => NoticeType)
export class ReceiptResolver {
  @Authorized()
  @Query(() => NoticeType, { nullable: true, description: "An advance ship notice: its shipper's, its receiver's (the organization at its receiving location), operators' and regulators'; null for anyone else." })
  async advanceShipNotice(@Arg("id", () => ID, { description: "The notice's id." }) id: string, @Ctx() ctx: UnitsContext): Promise<NoticeType | null> {
    const row = await ctx.receipts.visible(id, ctx.principal);
    return row ? { ...row, status: row.status as NoticeStatus } : null;
  }

  @Authorized()
  @Query(() => NoticeConnection, { description: "The advance ship notices you sent or that come to your locations, by id." })
  advanceShipNotices(@Args(() => NoticesArgs) args: NoticesArgs, @Ctx() ctx: UnitsContext) {
    return ctx.receipts.list(ctx.principal, args);
  }

  @Authorized("brand_owner", "supplier", "logistics", "fulfilment")
  @Mutation(() => NoticeType, { description: "Sends an advance ship notice for units you own or may capture, to a receiver's location." })
  createAdvanceShipNotice(@Arg("input", () => CreateNoticeInput, { description: "The notice." }) input: CreateNoticeInput, @Ctx() ctx: UnitsContext): Promise<NoticeType> {
    return ctx.receipts.create(input, ctx.principal);
  }

  @Authorized("brand_owner", "supplier", "logistics", "fulfilment")
  @Mutation(() => ReconciliationType, {
    description: "Records units received at the notice's location against it (ObjectEvent `receiving` naming its despatch advice), raises an alert for each unit it did not announce, and answers the reconciliation.",
  })
  receiveShipment(@Arg("input", () => ReceiveShipmentInput, { description: "The receipt scan." }) input: ReceiveShipmentInput, @Ctx() ctx: UnitsContext): Promise<ReconciliationType> {
    return ctx.receipts.receive(input, ctx.principal);
  }

  @Authorized("brand_owner", "supplier", "logistics", "fulfilment")
  @Mutation(() => NoticeType, { description: "Closes a notice (its shipper or receiver): units still missing, and unexpected ones, are raised as alerts." })
  closeAdvanceShipNotice(@Arg("id", () => ID, { description: "The notice." }) id: string, @Ctx() ctx: UnitsContext): Promise<NoticeType> {
    return ctx.receipts.close(id, ctx.principal);
  }

  @FieldResolver(() => ReconciliationType, { description: "How what was received so far compares with what the notice announced." })
  async reconciliation(@Root() notice: NoticeType, @Ctx() ctx: UnitsContext): Promise<ReconciliationType> {
    return ctx.receipts.reconciliation(notice);
  }

  @FieldResolver(() => [NoticeAlertType], { description: "Discrepancies raised: unexpected units at receipt, missing ones at the close." })
  alerts(@Root() notice: NoticeType, @Ctx() ctx: UnitsContext) {
    return ctx.receipts.alerts(notice);
  }
}
