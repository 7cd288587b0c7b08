import "reflect-metadata";
import { runSubgraphProcess } from "@tracehub/subgraph-kit";
import { createSubgraph, createUnitsDataSource, loadEnv, migrateUnits } from "./index";

void runSubgraphProcess({
  name: "units",
  loadEnv,
  openDataSource: (url) => createUnitsDataSource(url),
  migrate: migrateUnits,
  start: ({ env, ...deps }) =>
    createSubgraph({
      ...deps,
      captureLimits: { futureToleranceSeconds: env.EVENT_FUTURE_TOLERANCE_SECONDS },
      suppliersUrl: env.SUPPLIERS_URL,
      webhookPrivateTargets: (env.WEBHOOK_PRIVATE_TARGETS ?? (env.NODE_ENV === "production" ? "false" : "true")) === "true",
      recallMarking: { batchSize: env.RECALL_MARKING_BATCH_SIZE },
    }),
});
