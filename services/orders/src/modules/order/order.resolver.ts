import { ConnectionArgs, uuidArgument } from "@tracehub/subgraph-kit";
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { OrdersContext } from "../../context";
import { CustomerType } from "../customer/customer.type";
import { CreateOrderInput } from "./order.input";
import { OrderStatus, canSeeCustomer, canSeeOrder } from "./order.rules";
import { OrderConnection, OrderLineType, OrderType } from "./order.type";

/** The roles that sell: they create and fulfil their organization's orders. */
export const SELLER_ROLES = ["fulfilment", "brand_owner", "supplier"] as const;

@ArgsType()
class OrdersArgs extends ConnectionArgs {
  @Field(() => OrderStatus, { nullable: true, description: "Only orders in this status." })
  status?: OrderStatus | null;
}

@Resolver(() => OrderType)
export class OrderResolver {
  @Authorized()
  @Query(() => OrderType, { nullable: true, description: "An order by id; null when it does not exist or is not yours to see." })
  async order(@Arg("id", () => ID, { description: "The order's id." }) id: string, @Ctx() ctx: OrdersContext): Promise<OrderType | null> {
    const order = await ctx.loaders.orderById.load(uuidArgument(id, "id", "an order id"));
    return order && canSeeOrder(ctx.principal, order.organizationId) ? order : null;
  }

  @Authorized()
  @Query(() => OrderConnection, { description: "The orders you may see (operators and regulators: all; others: their organization's), by id." })
  orders(@Args(() => OrdersArgs) args: OrdersArgs, @Ctx() ctx: OrdersContext) {
    return ctx.orders.list(ctx.principal, args);
  }

  @Authorized(...SELLER_ROLES)
  @Mutation(() => OrderType, { description: "Creates an order for your organization: its customer, its lines, and optionally the exact units picked already. All or nothing." })
  createOrder(@Arg("input", () => CreateOrderInput, { description: "The order." }) input: CreateOrderInput, @Ctx() ctx: OrdersContext) {
    return ctx.orders.create(input, ctx.principal);
  }

  @FieldResolver(() => [OrderLineType], { description: "The products ordered, with how many units of each are allocated." })
  async lines(@Root() order: OrderType, @Ctx() ctx: OrdersContext): Promise<OrderLineType[]> {
    return (await ctx.loaders.linesByOrderId.load(order.id)).map((r) => r.line);
  }

  @FieldResolver(() => CustomerType, { nullable: true, description: "Who the order is for. Personal data: the seller's own people only; null for anyone else, operators and regulators included." })
  async customer(@Root() order: OrderType, @Ctx() ctx: OrdersContext): Promise<CustomerType | null> {
    if (!canSeeCustomer(ctx.principal, order.organizationId)) return null;
    return ctx.loaders.customerById.load(order.customerId);
  }

  @FieldResolver(() => String, { nullable: true, description: "The customer's name (the seller's own people only; null for anyone else). Same as `customer.name`." })
  async customerName(@Root() order: OrderType, @Ctx() ctx: OrdersContext): Promise<string | null> {
    if (!canSeeCustomer(ctx.principal, order.organizationId)) return null;
    return (await ctx.loaders.customerById.load(order.customerId))?.name ?? null;
  }
}

/** Resolves `Order` references, hiding orders the caller may not see. */
export async function resolveOrderReference(reference: { id?: unknown }, ctx: OrdersContext) {
  const order = await ctx.loaders.orderById.load(String(reference.id));
  return order && canSeeOrder(ctx.principal, order.organizationId) ? order : null;
}
