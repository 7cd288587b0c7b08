import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { UnitsContext } from "../../context";
import { normalizeGtin } from "@tracehub/subgraph-kit";
import { ProductLinkInput, UpsertProductInput } from "./product.input";
import { toProductType } from "./product.mapper";
import { ProductType } from "./product.type";

@Resolver(() => ProductType)
export class ProductResolver {
  @Authorized()
  @Query(() => ProductType, { nullable: true, description: "A product by GTIN (8 to 14 digits); null when not registered." })
  product(@Arg("gtin", { description: "The product's GTIN." }) gtin: string, @Ctx() ctx: UnitsContext): Promise<ProductType | null> {
    return ctx.loaders.productByGtin.load(normalizeGtin(gtin));
  }

  @Authorized("brand_owner", "supplier")
  @Mutation(() => ProductType, { description: "Creates a product or updates its name and description." })
  async upsertProduct(@Arg("input", () => UpsertProductInput, { description: "The product." }) input: UpsertProductInput, @Ctx() ctx: UnitsContext): Promise<ProductType> {
    return toProductType(await ctx.products.upsert(input, ctx.principal));
  }

  @Authorized("brand_owner", "supplier")
  @Mutation(() => ProductType, {
    description:
      "Replaces the links the GS1 Digital Link resolver serves for your product (instructions, certification, support, ...), for the GTIN and for single lots; an empty list removes them. The GTIN's owner only.",
  })
  async setProductLinks(
    @Arg("gtin", { description: "The product's GTIN." }) gtin: string,
    @Arg("links", () => [ProductLinkInput], { description: "Every link the product is to have (at most 100)." }) links: ProductLinkInput[],
    @Ctx() ctx: UnitsContext,
  ): Promise<ProductType> {
    return toProductType(await ctx.products.setLinks(gtin, links, ctx.principal));
  }
}

/** Resolves `Product` references from other subgraphs through the per-request loader. */
export function resolveProductReference(reference: { gtin?: unknown }, ctx: UnitsContext) {
  return ctx.loaders.productByGtin.load(String(reference.gtin));
}
