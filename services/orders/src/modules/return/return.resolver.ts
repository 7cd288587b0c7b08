import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { OrdersContext } from "../../context";
import { SELLER_ROLES } from "../order/order.resolver";
import { OrderType } from "../order/order.type";
import { ReturnDecision } from "./return.rules";
import { toReturnType } from "./return.service";
import { ReturnVerdictType, UnitReturnType } from "./return.type";

/** Returns verified against the sale. */
@Resolver()
export class ReturnResolver {
  @Authorized(...SELLER_ROLES)
  @Mutation(() => ReturnVerdictType, { description: "Checks a return of one unit of your delivered order against the sale, and stores the request with its verdict." })
  requestReturn(
    @Arg("orderId", () => ID, { description: "Your order." }) orderId: string,
    @Arg("code", { description: "The code on the item returned (any GS1 form)." }) code: string,
    @Arg("reason", () => String, { nullable: true, description: "The customer's reason (at most 500 characters)." }) reason: string | null,
    @Ctx() ctx: OrdersContext,
  ): Promise<ReturnVerdictType> {
    return ctx.returns.request(orderId, code, reason, ctx.principal);
  }

  @Authorized(...SELLER_ROLES)
  @Mutation(() => UnitReturnType, { description: "Receives the item of an accepted return: the code scanned must be the unit verified (event `receiving`, `returned`)." })
  receiveReturn(
    @Arg("returnId", () => ID, { description: "The return." }) returnId: string,
    @Arg("code", { description: "The code scanned on the item received." }) code: string,
    @Ctx() ctx: OrdersContext,
  ): Promise<UnitReturnType> {
    return ctx.returns.receive(returnId, code, ctx.principal);
  }

  @Authorized(...SELLER_ROLES)
  @Mutation(() => UnitReturnType, { description: "Decides what becomes of a received return: restock, quarantine or destroy, recorded as the standard event." })
  decideReturn(
    @Arg("returnId", () => ID, { description: "The return." }) returnId: string,
    @Arg("decision", () => ReturnDecision, { description: "What to do with the item." }) decision: ReturnDecision,
    @Ctx() ctx: OrdersContext,
  ): Promise<UnitReturnType> {
    return ctx.returns.decide(returnId, decision, ctx.principal);
  }
}

/** `Order.returns` and `Return.order`. */
@Resolver(() => OrderType)
export class OrderReturnsResolver {
  @FieldResolver(() => [UnitReturnType], { description: "Return requests of this order, oldest first (refused ones too)." })
  async returns(@Root() order: OrderType, @Ctx() ctx: OrdersContext): Promise<UnitReturnType[]> {
    return (await ctx.loaders.returnsByOrderId.load(order.id)).map(toReturnType);
  }
}

@Resolver(() => UnitReturnType)
export class ReturnOrderResolver {
  @FieldResolver(() => OrderType, { nullable: true, description: "The order the unit was sold on." })
  order(@Root() ret: UnitReturnType, @Ctx() ctx: OrdersContext): Promise<OrderType | null> {
    return ctx.loaders.orderById.load(ret.orderId);
  }
}
