import { Field, Float, Int, ObjectType } from "type-graphql";

/** A count of return requests. */
@ObjectType("ReturnCount", { description: "How many return requests had a verdict, or a reason." })
export class ReturnCountType {
  @Field({ description: "The verdict (ReturnVerdictCode), or the customer's reason (lower case; empty when none was given)." })
  key!: string;

  @Field(() => Int, { description: "How many requests." })
  count!: number;
}

/** Returns of one product. */
@ObjectType("ReturnStats", { description: "Returns of one product over the seller's orders delivered in a period." })
export class ReturnStatsType {
  @Field({ description: "GTIN-14 of the product." })
  gtin!: string;

  @Field(() => Int, { description: "Units of it delivered." })
  sold!: number;

  @Field(() => Int, { description: "Units of it taken back (returns received)." })
  returned!: number;

  @Field(() => Float, { description: "returned / sold (0 when nothing sold)." })
  returnRate!: number;

  @Field(() => [ReturnCountType], { description: "Return requests by verdict (refused ones included)." })
  byVerdict!: ReturnCountType[];

  @Field(() => [ReturnCountType], { description: "Return requests by the customer's reason." })
  byReason!: ReturnCountType[];
}

/** How fast the seller ships and delivers. */
@ObjectType("FulfilmentTimes", { description: "How fast the seller's orders created in a period shipped and were delivered, in hours from creation." })
export class FulfilmentTimesType {
  @Field(() => Int, { description: "Orders created." })
  orders!: number;

  @Field(() => Int, { description: "Of those, shipped." })
  shipped!: number;

  @Field(() => Int, { description: "Of those, delivered." })
  delivered!: number;

  @Field(() => Float, { nullable: true, description: "Mean hours from order to shipping." })
  meanHoursToShip!: number | null;

  @Field(() => Float, { nullable: true, description: "Median hours from order to shipping." })
  medianHoursToShip!: number | null;

  @Field(() => Float, { nullable: true, description: "90th percentile of hours from order to shipping." })
  p90HoursToShip!: number | null;

  @Field(() => Float, { nullable: true, description: "Mean hours from order to delivery." })
  meanHoursToDeliver!: number | null;

  @Field(() => Float, { nullable: true, description: "Median hours from order to delivery." })
  medianHoursToDeliver!: number | null;
}

/** Units sold of one product on one day. */
@ObjectType("DailySales", { description: "Units of one product delivered on one UTC day." })
export class DailySalesType {
  @Field({ description: "The UTC day (ISO date)." })
  day!: string;

  @Field({ description: "GTIN-14 of the product." })
  gtin!: string;

  @Field(() => Int, { description: "Units delivered." })
  units!: number;
}
