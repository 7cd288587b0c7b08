import { loaderByKey } from "@tracehub/subgraph-kit";
import { type DataSource, In } from "typeorm";
import { ProductEntity } from "../product/product.entity";
import { toProductType } from "../product/product.mapper";
import { UnitEntity } from "./unit.entity";
import { toUnitType } from "./unit.mapper";

/** The per-request loaders of the units service: one SQL statement per batch of keys. */
export function createUnitLoaders(ds: DataSource) {
  return {
    unitById: loaderByKey(
      async (ids: readonly string[]) => (await ds.getRepository(UnitEntity).findBy({ id: In([...ids]) })).map(toUnitType),
      (unit) => unit.id,
    ),
    productByGtin: loaderByKey(
      async (gtins: readonly string[]) => (await ds.getRepository(ProductEntity).findBy({ gtin: In([...gtins]) })).map(toProductType),
      (product) => product.gtin,
    ),
  };
}

/** The loaders a request gets. */
export type UnitLoaders = ReturnType<typeof createUnitLoaders>;
