import { isUuid, loaderByKey, loaderOfMany } from "@tracehub/subgraph-kit";
import { type DataSource, In } from "typeorm";
import { RecallEntity } from "./recall.entity";
import { toRecallType } from "./recall.mapper";

/** The per-request loaders of the compliance service: one statement per batch. */
export function createRecallLoaders(ds: DataSource) {
  const repo = ds.getRepository(RecallEntity);
  return {
    recallById: loaderByKey(
      async (ids: readonly string[]) => (await repo.findBy({ id: In(ids.filter(isUuid)) })).map(toRecallType),
      (r) => r.id,
    ),
    /** Every recall of each GTIN, oldest first; scope by lot is applied by the caller. */
    recallsByGtin: loaderOfMany(
      async (gtins: readonly string[]) => (await repo.find({ where: { gtin: In([...gtins]) }, order: { issuedAt: "ASC" } })).map(toRecallType),
      (r) => r.gtin,
    ),
  };
}

/** The loaders a request gets. */
export type RecallLoaders = ReturnType<typeof createRecallLoaders>;
