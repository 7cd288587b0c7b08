import type { Principal } from "@tracehub/auth";
import { BadUserInput, NotFound, assertMayWriteGtin, normalizeGtin } from "@tracehub/subgraph-kit";
import type { ProductEntity } from "./product.entity";
import { ProductReason } from "./product.errors";
import type { ProductLinkInput, UpsertProductInput } from "./product.input";
import { checkProductLinks, digitalLinkStem } from "./product.rules";
import type { ProductColumns, ProductStore } from "./product.store";

function text(value: string | null | undefined, field: string, max: number): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  if (trimmed.length > max) throw new BadUserInput(`'${field}' must be at most ${max.toLocaleString("en")} characters.`, { field });
  return trimmed || null;
}

/** Product catalog operations. */
export class ProductService {
  constructor(private readonly store: ProductStore) {}

  /**
   * Creates or updates a product; fields left out keep their value. Only the holder of the GTIN's company prefix
   * (or an operator) may: the name and image are what consumers see when they verify a unit.
   */
  async upsert(input: UpsertProductInput, principal: Principal): Promise<ProductEntity> {
    const gtin = normalizeGtin(input.gtin, "gtin");
    assertMayWriteGtin(principal, gtin, "OWNER");
    const name = input.name.trim();
    if (name.length < 1 || name.length > 200) throw new BadUserInput("'name' must be 1 to 200 characters.", { field: "name" });
    const brand = text(input.brand, "brand", 200);
    const description = text(input.description, "description", 2000);
    const imageUrl = text(input.imageUrl, "imageUrl", 2000);
    if (imageUrl && !/^https:\/\/\S+$/.test(imageUrl)) throw new BadUserInput("'imageUrl' must be an https URL.", { field: "imageUrl" });
    const columns: ProductColumns = { name };
    if (brand !== undefined) columns.brand = brand;
    if (description !== undefined) columns.description = description;
    if (imageUrl !== undefined) columns.imageUrl = imageUrl;
    if (input.identifierScheme) columns.identifierScheme = input.identifierScheme;
    if (input.digitalLinkStem !== undefined && input.digitalLinkStem !== null) {
      const stem = digitalLinkStem(input.digitalLinkStem);
      if (stem === undefined) throw new BadUserInput("'digitalLinkStem' must be an https URL with a host and optionally a path, without query, fragment, credentials or trailing slash.", { field: "digitalLinkStem" });
      columns.digitalLinkStem = stem;
    }
    return this.store.upsert(gtin, columns);
  }

  /**
   * Replaces the links the resolver serves for the product (an empty list removes them all). Only the holder of the
   * GTIN's company prefix (or an operator) may. Every link is checked before anything changes.
   */
  async setLinks(gtinInput: string, input: readonly ProductLinkInput[], principal: Principal): Promise<ProductEntity> {
    const gtin = normalizeGtin(gtinInput, "gtin");
    assertMayWriteGtin(principal, gtin, "OWNER");
    const checked = checkProductLinks(input);
    if ("problem" in checked) throw new BadUserInput(checked.problem.message, { field: checked.problem.field }, ProductReason.PRODUCT_LINK_INVALID);
    const product = await this.store.setLinks(gtin, checked.links);
    if (!product) throw new NotFound(`No product ${gtin} is registered; register it with upsertProduct first.`, { field: "gtin" }, ProductReason.PRODUCT_NOT_FOUND);
    return product;
  }
}
