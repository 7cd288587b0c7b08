import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { SuppliersContext } from "../../context";
import { canSeeOrganization } from "../organization/organization.rules";
import { OrganizationType } from "../organization/organization.type";
import { ProductRef } from "./product.type";

@Resolver(() => ProductRef)
export class ProductBrandOwnerResolver {
  @FieldResolver(() => OrganizationType, {
    nullable: true,
    description:
      "The organization that owns the GTIN: the holder of the longest registered GS1 company prefix it starts with. Null unless you may see that organization (your own; operators and regulators: any).",
  })
  async brandOwner(@Root() product: ProductRef, @Ctx() ctx: SuppliersContext): Promise<OrganizationType | null> {
    const owner = (await ctx.loaders.brandOwnerByGtin.load(product.gtin))?.organization ?? null;
    // Organizations are visible to themselves, operators and regulators only (docs/tenancy.md), here too.
    return owner && canSeeOrganization(ctx.principal, owner.id) ? owner : null;
  }
}

/** A product reference needs no lookup here: the key is all this subgraph knows. */
export function resolveProductReference(reference: { gtin?: unknown }): ProductRef {
  return { gtin: String(reference.gtin) };
}
