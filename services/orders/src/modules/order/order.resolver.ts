import { ConnectionArgs, uuidArgument } from "@tracehub/subgraph-kit";
import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { OrdersContext } from "../../context";
import { CreateOrderInput } from "./order.input";
import { canSeeOrder } from "./order.rules";
import { OrderConnection, OrderType } from "./order.type";

@Resolver(() => OrderType)
export class OrderResolver {
  @Authorized()
  @Query(() => OrderType, { nullable: true, description: "An order by id; null when it does not exist or is not yours to see." })
  async order(@Arg("id", () => ID, { description: "The order's id." }) id: string, @Ctx() ctx: OrdersContext): Promise<OrderType | null> {
    const order = await ctx.loaders.orderById.load(uuidArgument(id, "id", "an order id"));
    return order && canSeeOrder(ctx.principal, order.organizationId) ? order : null;
  }

  @Authorized()
  @Query(() => OrderConnection, { description: "The orders you may see (operators and regulators: all; others: their organization's)." })
  orders(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: OrdersContext) {
    return ctx.orders.list(ctx.principal, args);
  }

  @Authorized("fulfilment", "brand_owner", "supplier")
  @Mutation(() => OrderType, { description: "Creates an order for your organization with the exact units picked for it. All or nothing." })
  createOrder(@Arg("input", () => CreateOrderInput, { description: "The order." }) input: CreateOrderInput, @Ctx() ctx: OrdersContext) {
    return ctx.orders.create(input, ctx.principal);
  }
}

/** Resolves `Order` references, hiding orders the caller may not see. */
export async function resolveOrderReference(reference: { id?: unknown }, ctx: OrdersContext) {
  const order = await ctx.loaders.orderById.load(String(reference.id));
  return order && canSeeOrder(ctx.principal, order.organizationId) ? order : null;
}
