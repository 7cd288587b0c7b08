import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import type { OrdersContext } from "../../context";
import { SELLER_ROLES } from "../order/order.resolver";
import { WarrantyPolicyType, WarrantyType } from "./warranty.type";

/** Warranty by serial. */
@Resolver()
export class WarrantyResolver {
  @Authorized()
  @Query(() => WarrantyType, {
    nullable: true,
    description: "A sold unit's warranty: covered or not, until when, and (to its seller) which order sold it. For the seller, operators, regulators and whoever may read the unit (its brand, a service centre it granted); null for anyone else, for a unit no order sold, and for a logistic unit (SSCC).",
  })
  warranty(@Arg("code", { description: "The unit's code, any GS1 form." }) code: string, @Ctx() ctx: OrdersContext): Promise<WarrantyType | null> {
    return ctx.warranties.of(code, ctx.principal);
  }

  @Authorized()
  @Query(() => [WarrantyPolicyType], { description: "Your organization's warranty policies, by GTIN." })
  warrantyPolicies(@Ctx() ctx: OrdersContext): Promise<WarrantyPolicyType[]> {
    return ctx.warranties.policies(ctx.principal);
  }

  @Authorized(...SELLER_ROLES)
  @Mutation(() => WarrantyPolicyType, { description: "Sets your warranty for a product: months of cover from delivery." })
  setWarrantyPolicy(
    @Arg("gtin", { description: "The product's GTIN (any length, check digit included)." }) gtin: string,
    @Arg("months", () => Int, { description: "Months of cover (0 to 240)." }) months: number,
    @Ctx() ctx: OrdersContext,
  ): Promise<WarrantyPolicyType> {
    return ctx.warranties.setPolicy(gtin, months, ctx.principal);
  }
}
