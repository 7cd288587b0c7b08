import type { ProductEntity } from "./product.entity";
import type { IdentifierScheme, ProductType } from "./product.type";

/** Maps a stored product to its API shape. */
export function toProductType(row: ProductEntity): ProductType {
  return {
    gtin: row.gtin,
    name: row.name,
    brand: row.brand,
    description: row.description,
    imageUrl: row.imageUrl,
    identifierScheme: row.identifierScheme as IdentifierScheme,
  };
}
