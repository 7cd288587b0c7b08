import type { Principal } from "@tracehub/auth";
import { BadUserInput, normalizeGtin } from "@tracehub/subgraph-kit";
import { Arg, Authorized, Ctx, Query, Resolver } from "type-graphql";
import type { OrdersContext } from "../../context";
import { mean, quantile, rate, spanProblem } from "./analytics.rules";
import { DailySalesType, FulfilmentTimesType, ReturnStatsType } from "./analytics.type";

function span(from: Date, to: Date): void {
  const problem = spanProblem(from, to);
  if (problem) throw new BadUserInput(`${problem}.`, { field: "from" });
}

/** The seller analytics are computed over: the caller's organization (null: nothing to show). */
const sellerOf = (principal: Principal): string | null => principal.org;

/** Analytics over the caller's own orders (a seller's); the dashboard draws them. */
@Resolver()
export class AnalyticsResolver {
  @Authorized()
  @Query(() => [ReturnStatsType], { description: "Return rate per product, with requests by verdict and reason, over your orders delivered in [from, to)." })
  async returnStats(
    @Arg("from", () => Date, { description: "Start (inclusive) of the delivery period." }) from: Date,
    @Arg("to", () => Date, { description: "End (exclusive) of the delivery period; at most 366 days after 'from'." }) to: Date,
    @Ctx() ctx: OrdersContext,
  ): Promise<ReturnStatsType[]> {
    span(from, to);
    const org = sellerOf(ctx.principal);
    if (!org) return [];
    const rows = await ctx.db.stores.analytics.returnStats(org, from, to);
    return rows.map((r) => {
      const requests = (r.requests.list ?? []) as { verdict: string; reason: string; count: number }[];
      const by = (key: "verdict" | "reason") => {
        const counts = new Map<string, number>();
        for (const q of requests) counts.set(q[key], (counts.get(q[key]) ?? 0) + q.count);
        return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, count]) => ({ key: k, count }));
      };
      return { gtin: r.gtin, sold: r.sold, returned: r.returned, returnRate: rate(r.returned, r.sold), byVerdict: by("verdict"), byReason: by("reason") };
    });
  }

  @Authorized()
  @Query(() => FulfilmentTimesType, { description: "How fast your orders created in [from, to) shipped and were delivered." })
  async fulfilmentTimes(
    @Arg("from", () => Date, { description: "Start (inclusive) of the creation period." }) from: Date,
    @Arg("to", () => Date, { description: "End (exclusive) of the creation period; at most 366 days after 'from'." }) to: Date,
    @Ctx() ctx: OrdersContext,
  ): Promise<FulfilmentTimesType> {
    span(from, to);
    const org = sellerOf(ctx.principal);
    const empty = { orders: 0, shipped: 0, delivered: 0, hoursToShip: { list: [] }, hoursToDeliver: { list: [] } };
    const row = org ? await ctx.db.stores.analytics.times(org, from, to) : empty;
    const ship = ((row.hoursToShip.list ?? []) as unknown[]).map(Number);
    const deliver = ((row.hoursToDeliver.list ?? []) as unknown[]).map(Number);
    return {
      orders: row.orders,
      shipped: row.shipped,
      delivered: row.delivered,
      meanHoursToShip: mean(ship),
      medianHoursToShip: quantile(ship, 0.5),
      p90HoursToShip: quantile(ship, 0.9),
      meanHoursToDeliver: mean(deliver),
      medianHoursToDeliver: quantile(deliver, 0.5),
    };
  }

  @Authorized()
  @Query(() => [DailySalesType], { description: "Units of your products delivered per UTC day in [from, to), per GTIN." })
  async unitsSoldPerDay(
    @Arg("from", () => Date, { description: "Start (inclusive)." }) from: Date,
    @Arg("to", () => Date, { description: "End (exclusive); at most 366 days after 'from'." }) to: Date,
    @Arg("gtin", () => String, { nullable: true, description: "Only this product (any GTIN form)." }) gtin: string | null,
    @Ctx() ctx: OrdersContext,
  ): Promise<DailySalesType[]> {
    span(from, to);
    const g = gtin ? normalizeGtin(gtin, "gtin") : null;
    const org = sellerOf(ctx.principal);
    return org ? ctx.db.stores.analytics.soldPerDay(org, from, to, g) : [];
  }
}
