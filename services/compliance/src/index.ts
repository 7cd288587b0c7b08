import type { Principal } from "@tracehub/auth";
import { OutboxStore, createServiceDataSource, migrate } from "@tracehub/db";
import { OutboxRelay, type RunningSubgraph, observability, outboxGauges, startSubgraphServer } from "@tracehub/subgraph-kit";
import type { DataSource, Logger } from "typeorm";
import type { ComplianceContext } from "./context";
import { migrations } from "./migrations";
import { RecallEntity } from "./modules/recall/recall.entity";
import { createRecallLoaders } from "./modules/recall/recall.loader";
import { RECALL_CLOSED, RECALL_ISSUED, RecallService, recallReaderOf } from "./modules/recall/recall.service";
import { RecallStore } from "./modules/recall/recall.store";
import { createQuarantineLoaders } from "./modules/quarantine/quarantine.loader";
import { QUARANTINE_CLOSED, QUARANTINE_OPENED, QuarantineService, quarantineReaderOf } from "./modules/quarantine/quarantine.service";
import { QuarantineStore } from "./modules/quarantine/quarantine.store";
import { buildComplianceSchema } from "./schema";

export { buildComplianceSchema } from "./schema";
export { loadEnv, ENV_KEYS } from "./env";

/** The PostgreSQL schema this service owns. */
export const SCHEMA = "compliance";

/** Opens (does not initialize) the compliance database. */
export function createComplianceDataSource(url: string, logger?: Logger): DataSource {
  return createServiceDataSource({ url, schema: SCHEMA, entities: [RecallEntity], migrations, ...(logger ? { logger } : {}) });
}

/** Runs the compliance migrations on `ds`. */
export function migrateCompliance(ds: DataSource): Promise<string[]> {
  return migrate(ds, SCHEMA);
}

export { RECALL_CLOSED, RECALL_ISSUED } from "./modules/recall/recall.service";

/** What the compliance subgraph needs to run. */
export interface ComplianceDeps {
  ds: DataSource;
  principalKey: string;
  /** When set, `/metrics` answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string | null;
  port: number;
  host?: string;
  /** The units subgraph's URL, where issued recalls are delivered (default `http://127.0.0.1:4001/graphql`). */
  unitsUrl?: string;
  /** Outbox relay tuning (tests). */
  outbox?: { pollMs?: number };
}

/** Starts the compliance subgraph on an initialized, migrated data source, with its outbox relay. */
export async function createSubgraph(deps: ComplianceDeps): Promise<RunningSubgraph> {
  const schema = await buildComplianceSchema();
  const outbox = new OutboxStore(deps.ds, SCHEMA);
  const relay = new OutboxRelay({
    name: "compliance",
    source: outbox,
    destinations: Object.fromEntries([RECALL_ISSUED, RECALL_CLOSED, QUARANTINE_OPENED, QUARANTINE_CLOSED].map((topic) => [topic, deps.unitsUrl ?? "http://127.0.0.1:4001/graphql"])),
    principalKey: deps.principalKey,
    ...(deps.outbox?.pollMs !== undefined ? { pollMs: deps.outbox.pollMs } : {}),
  });
  const store = new RecallStore(deps.ds.manager);
  const recalls = new RecallService(store, () => relay.kick());
  const quarantineStore = new QuarantineStore(deps.ds.manager);
  const quarantines = new QuarantineService(quarantineStore, () => relay.kick());
  relay.start();
  const operations = observability("compliance", deps.ds, deps.metricsToken);
  outboxGauges(operations.metrics, () => outbox.counts());
  return startSubgraphServer<ComplianceContext>({
    ...operations,
    name: "compliance",
    schema,
    principalKey: deps.principalKey,
    port: deps.port,
    ...(deps.host ? { host: deps.host } : {}),
    onStop: () => relay.stop(),
    health: async () => ({ outbox: await outbox.counts() }),
    context: (principal: Principal) => ({
      principal,
      loaders: { ...createRecallLoaders(store, recallReaderOf(principal)), ...createQuarantineLoaders(quarantineStore, quarantineReaderOf(principal)) },
      recalls,
      quarantines,
      outbox,
    }),
  });
}
