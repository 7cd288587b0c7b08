import type { ProductEntity } from "./product.entity";
import type { ProductType } from "./product.type";

/** Maps a stored product to its API shape. */
export function toProductType(row: ProductEntity): ProductType {
  return { gtin: row.gtin, name: row.name, description: row.description };
}
