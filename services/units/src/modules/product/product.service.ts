import { BadUserInput } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import { normalizeGtin } from "@tracehub/subgraph-kit";
import { ProductEntity } from "./product.entity";
import type { UpsertProductInput } from "./product.input";

/** Product catalog operations. */
export class ProductService {
  constructor(private readonly ds: DataSource) {}

  /** Creates or updates a product. */
  async upsert(input: UpsertProductInput): Promise<ProductEntity> {
    const gtin = normalizeGtin(input.gtin, "gtin");
    const name = input.name.trim();
    if (name.length < 1 || name.length > 200) throw new BadUserInput("'name' must be 1 to 200 characters.", { field: "name" });
    if (input.description && input.description.length > 2000) {
      throw new BadUserInput("'description' must be at most 2,000 characters.", { field: "description" });
    }
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(ProductEntity)
      .values({ gtin, name, description: input.description ?? null })
      .orUpdate(["name", "description", "updated_at"], ["gtin"])
      .execute();
    return this.ds.getRepository(ProductEntity).findOneByOrFail({ gtin });
  }
}
