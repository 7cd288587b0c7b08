import { ConnectionArgs, decodeCursor, isUuid, pageSize, toPage } from "@tracehub/subgraph-kit";
import { Arg, Args, Authorized, Ctx, ID, Query, Resolver } from "type-graphql";
import type { OrdersContext } from "../../context";
import { toCustomerType } from "./customer.rules";
import { CustomerConnection, CustomerType } from "./customer.type";

/** A seller's customers: personal data, for the seller's own people only (operators and regulators see none). */
@Resolver(() => CustomerType)
export class CustomerResolver {
  @Authorized()
  @Query(() => CustomerConnection, { description: "Your organization's customers, by id. Nobody else's, whatever your role." })
  async customers(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: OrdersContext) {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after, ["uuid"]);
    const org = ctx.principal.org;
    if (!org) return toPage([], size, () => [], 0);
    const total = await ctx.db.stores.customers.count(org);
    const rows = await ctx.db.stores.customers.page(org, after, size);
    return toPage(rows.map(toCustomerType), size, (c) => [c.id], total);
  }

  @Authorized()
  @Query(() => CustomerType, { nullable: true, description: "One of your organization's customers; null when it is not yours." })
  async customer(@Arg("id", () => ID, { description: "The customer's id." }) id: string, @Ctx() ctx: OrdersContext): Promise<CustomerType | null> {
    if (!isUuid(id) || !ctx.principal.org) return null;
    const customer = await ctx.loaders.customerById.load(id);
    return customer && customer.organizationId === ctx.principal.org ? customer : null;
  }
}
