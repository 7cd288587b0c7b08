import type { Principal } from "@tracehub/auth";
import { BadUserInput, assertMayWriteGtin, normalizeGtin } from "@tracehub/subgraph-kit";
import type { ProductEntity } from "./product.entity";
import type { UpsertProductInput } from "./product.input";
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
    return this.store.upsert(gtin, columns);
  }
}
