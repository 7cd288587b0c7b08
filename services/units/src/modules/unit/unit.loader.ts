import { loaderByKey, loaderOfMany } from "@tracehub/subgraph-kit";
import { type DataSource, In } from "typeorm";
import { alertsOfUnits } from "../provenance/provenance.service";
import { ProductEntity } from "../product/product.entity";
import { toProductType } from "../product/product.mapper";
import { UnitEntity } from "./unit.entity";
import { toUnitType } from "./unit.mapper";

/** The per-request loaders of the units service: one SQL statement per batch of keys. */
export function createUnitLoaders(ds: DataSource) {
  const units = ds.getRepository(UnitEntity);
  return {
    unitById: loaderByKey(async (ids: readonly string[]) => (await units.findBy({ id: In([...ids]) })).map(toUnitType), (unit) => unit.id),
    productByGtin: loaderByKey(
      async (gtins: readonly string[]) => (await ds.getRepository(ProductEntity).findBy({ gtin: In([...gtins]) })).map(toProductType),
      (product) => product.gtin,
    ),
    childrenByParent: loaderOfMany(
      async (parents: readonly string[]) => (await units.find({ where: { parentId: In([...parents]) }, order: { id: "ASC" } })).map(toUnitType),
      (unit) => unit.parentId as string,
    ),
    alertsByUnit: loaderOfMany((ids: readonly string[]) => alertsOfUnits(ds, ids), (alert) => alert.unitId),
  };
}

/** The loaders a request gets. */
export type UnitLoaders = ReturnType<typeof createUnitLoaders>;
