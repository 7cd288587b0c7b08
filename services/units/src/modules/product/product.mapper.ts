import type { ProductEntity } from "./product.entity";
import type { ProductLink } from "./product.rules";
import type { IdentifierScheme, ProductLinkType, ProductType } from "./product.type";

/** A stored link in its API shape (the link type as `gs1:name`). */
export function toProductLinkType(link: ProductLink): ProductLinkType {
  return { ...link, linkType: `gs1:${link.linkType}` };
}

/** Maps a stored product to its API shape. */
export function toProductType(row: ProductEntity): ProductType {
  return {
    gtin: row.gtin,
    name: row.name,
    brand: row.brand,
    description: row.description,
    imageUrl: row.imageUrl,
    identifierScheme: row.identifierScheme as IdentifierScheme,
    digitalLinkStem: row.digitalLinkStem ?? null,
    links: (row.links ?? []).map(toProductLinkType),
  };
}
