import type { Principal } from "@tracehub/auth";
import { BadUserInput, assertMayWriteGtin, normalizeGtin } from "@tracehub/subgraph-kit";
import type { DataSource } from "typeorm";
import { ProductEntity } from "./product.entity";
import type { UpsertProductInput } from "./product.input";

function text(value: string | null | undefined, field: string, max: number): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  if (trimmed.length > max) throw new BadUserInput(`'${field}' must be at most ${max.toLocaleString("en")} characters.`, { field });
  return trimmed || null;
}

/** Product catalog operations. */
export class ProductService {
  constructor(private readonly ds: DataSource) {}

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
    const columns: Record<string, unknown> = { name };
    if (brand !== undefined) columns.brand = brand;
    if (description !== undefined) columns.description = description;
    if (imageUrl !== undefined) columns.imageUrl = imageUrl;
    if (input.identifierScheme) columns.identifierScheme = input.identifierScheme;
    const repo = this.ds.getRepository(ProductEntity);
    await this.ds.transaction(async (em) => {
      const existing = await em.getRepository(ProductEntity).findOne({ where: { gtin }, lock: { mode: "pessimistic_write" } });
      if (existing) await em.getRepository(ProductEntity).update({ gtin }, { ...columns, updatedAt: new Date() });
      else await em.getRepository(ProductEntity).insert({ gtin, identifierScheme: "GS1_DATAMATRIX", ...columns } as ProductEntity);
    });
    return repo.findOneByOrFail({ gtin });
  }
}
