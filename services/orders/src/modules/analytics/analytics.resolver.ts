import type { Principal } from "@tracehub/auth";
import { BadUserInput, normalizeGtin } from "@tracehub/subgraph-kit";
import { Arg, Authorized, Ctx, Query, Resolver, registerEnumType } from "type-graphql";
import type { OrdersContext } from "../../context";
import { mean, quantile, rate, spanProblem } from "./analytics.rules";
import type { Whose } from "./analytics.store";
import { DailySalesType, FulfilmentTimesType, ReturnStatsType } from "./analytics.type";

/** Whose sales an analytics query covers. */
export enum SalesScope {
  OWN_ORDERS = "OWN_ORDERS",
  OWN_PRODUCTS = "OWN_PRODUCTS",
}
registerEnumType(SalesScope, {
  name: "SalesScope",
  description: "Whose sales analytics cover.",
  valuesConfig: {
    OWN_ORDERS: { description: "Your organization's orders (a seller's view)." },
    OWN_PRODUCTS: { description: "Every seller's sales of the products under your company prefixes, counted together (a brand owner's view; no seller, order or customer is named)." },
  },
});

/** What a caller's analytics cover; null when there is nothing to show (no organization, or no company prefix for OWN_PRODUCTS). */
function whoseOf(principal: Principal, scope: SalesScope | null): Whose | null {
  if (!principal.org) return null;
  if (scope !== SalesScope.OWN_PRODUCTS) return { seller: principal.org };
  const prefixes = principal.scope?.prefixes ?? [];
  return prefixes.length ? { brand: { prefixes, foreignPrefixes: principal.scope?.foreignPrefixes ?? [] } } : null;
}

function span(from: Date, to: Date): void {
  const problem = spanProblem(from, to);
  if (problem) throw new BadUserInput(`${problem}.`, { field: "from" });
}

/** The seller analytics are computed over: the caller's organization (null: nothing to show). */
const sellerOf = (principal: Principal): string | null => principal.org;

const SCOPE_ARG = { nullable: true, description: "Your orders (default), or every seller's sales of your products." } as const;

/** Analytics over the caller's own orders (a seller's); the dashboard draws them. */
@Resolver()
export class AnalyticsResolver {
  @Authorized()
  @Query(() => [ReturnStatsType], { description: "Return rate per product, with requests by verdict and reason, over orders delivered in [from, to): yours, or every seller's of your products." })
  async returnStats(
    @Arg("from", () => Date, { description: "Start (inclusive) of the delivery period." }) from: Date,
    @Arg("to", () => Date, { description: "End (exclusive) of the delivery period; at most 366 days after 'from'." }) to: Date,
    @Arg("scope", () => SalesScope, SCOPE_ARG) scope: SalesScope | null,
    @Ctx() ctx: OrdersContext,
  ): Promise<ReturnStatsType[]> {
    span(from, to);
    const whose = whoseOf(ctx.principal, scope);
    if (!whose) return [];
    const rows = await ctx.db.stores.analytics.returnStats(whose, from, to);
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
  @Query(() => [DailySalesType], { description: "Units delivered per UTC day in [from, to), per GTIN: on your orders, or every seller's of your products." })
  async unitsSoldPerDay(
    @Arg("from", () => Date, { description: "Start (inclusive)." }) from: Date,
    @Arg("to", () => Date, { description: "End (exclusive); at most 366 days after 'from'." }) to: Date,
    @Arg("gtin", () => String, { nullable: true, description: "Only this product (any GTIN form)." }) gtin: string | null,
    @Arg("scope", () => SalesScope, SCOPE_ARG) scope: SalesScope | null,
    @Ctx() ctx: OrdersContext,
  ): Promise<DailySalesType[]> {
    span(from, to);
    const g = gtin ? normalizeGtin(gtin, "gtin") : null;
    const whose = whoseOf(ctx.principal, scope);
    return whose ? ctx.db.stores.analytics.soldPerDay(whose, from, to, g) : [];
  }
}
