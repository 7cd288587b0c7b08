import { type DataSource, type EntityManager, In } from "typeorm";
import { ProductEntity } from "./product.entity";
import type { ProductLink } from "./product.rules";

/** The columns of a product a caller may set (the rest keep their value). */
export type ProductColumns = Partial<Pick<ProductEntity, "name" | "brand" | "description" | "imageUrl" | "identifierScheme" | "digitalLinkStem">> & { name: string };

/** Every statement on `units.product`, through its TypeORM entity. */
export class ProductStore {
  constructor(private readonly ds: DataSource) {}

  /** The products of these GTINs that are registered (one statement). */
  byGtins(gtins: readonly string[]): Promise<ProductEntity[]> {
    return this.ds.getRepository(ProductEntity).findBy({ gtin: In([...gtins]) });
  }

  /** True when a product with this GTIN is registered, read inside `em`'s transaction. */
  async exists(em: EntityManager, gtin: string): Promise<boolean> {
    return (await em.getRepository(ProductEntity).countBy({ gtin })) > 0;
  }

  /** Replaces the product's configured links; null when the product is not registered. */
  async setLinks(gtin: string, links: readonly ProductLink[]): Promise<ProductEntity | null> {
    const result = await this.ds.getRepository(ProductEntity).update({ gtin }, { links: [...links], updatedAt: new Date() });
    return result.affected ? this.ds.getRepository(ProductEntity).findOneByOrFail({ gtin }) : null;
  }

  /** Creates the product, or updates the given columns of an existing one (row-locked), in one transaction; returns it. */
  async upsert(gtin: string, columns: ProductColumns): Promise<ProductEntity> {
    await this.ds.transaction(async (em) => {
      const products = em.getRepository(ProductEntity);
      const existing = await products.findOne({ where: { gtin }, lock: { mode: "pessimistic_write" } });
      if (existing) await products.update({ gtin }, { ...columns, updatedAt: new Date() });
      else await products.insert({ gtin, identifierScheme: "GS1_DATAMATRIX", ...columns });
    });
    return this.ds.getRepository(ProductEntity).findOneByOrFail({ gtin });
  }
}
