import type { Principal } from "@tracehub/auth";
import { createServiceDataSource, migrate } from "@tracehub/db";
import { type RunningSubgraph, startSubgraphServer } from "@tracehub/subgraph-kit";
import type { DataSource, Logger } from "typeorm";
import type { UnitsContext } from "./context";
import { migrations } from "./migrations";
import { AuthenticityService } from "./modules/authenticity/authenticity.service";
import { ProductEntity } from "./modules/product/product.entity";
import { ProductService } from "./modules/product/product.service";
import { UnitEntity } from "./modules/unit/unit.entity";
import { createUnitLoaders } from "./modules/unit/unit.loader";
import { UnitService } from "./modules/unit/unit.service";
import { CaptureService, DEFAULT_CAPTURE_LIMITS, type CaptureLimits } from "./modules/capture/capture.service";
import { EventService } from "./modules/event/event.service";
import { ProvenanceService } from "./modules/provenance/provenance.service";
import { MovementService } from "./modules/movement/movement.service";
import { MovementStream, type MovementStreamOptions } from "./modules/movement/movement.stream";
import { RECALL_ISSUED, RecallMarking } from "./modules/recall/recall.consumer";
import { RecallStore } from "./modules/recall/recall.store";
import { buildUnitsSchema } from "./schema";

export { buildUnitsSchema } from "./schema";
export { loadEnv, ENV_KEYS } from "./env";

/** The PostgreSQL schema this service owns. */
export const SCHEMA = "units";

/** Opens (does not initialize) the units database. */
export function createUnitsDataSource(url: string, logger?: Logger): DataSource {
  return createServiceDataSource({
    url,
    schema: SCHEMA,
    entities: [ProductEntity, UnitEntity],
    migrations,
    ...(logger ? { logger } : {}),
  });
}

/** Runs the units migrations on `ds`. */
export function migrateUnits(ds: DataSource): Promise<string[]> {
  return migrate(ds, SCHEMA);
}

/** The connection URL of a data source made by {@link createUnitsDataSource} (the stream tailer LISTENs on its own connection). */
function databaseUrlOf(ds: DataSource): string {
  const url = (ds.options as { url?: string }).url;
  if (!url) throw new Error("The units data source has no URL; the movement stream needs one to LISTEN.");
  return url;
}

/** What the units subgraph needs to run. */
export interface UnitsDeps {
  ds: DataSource;
  principalKey: string;
  port: number;
  host?: string;
  /** Capture limits (default 10,000 events and 16 MB per document, event times at most 300 s ahead); each one given overrides its default. */
  captureLimits?: Partial<CaptureLimits>;
  /** Movement stream tuning (poll interval, page size, per-subscription queue bound). */
  movementStream?: Omit<MovementStreamOptions, "databaseUrl">;
}

/** Starts the units subgraph on an initialized, migrated data source. No side effects on import. */
export async function createSubgraph(deps: UnitsDeps): Promise<RunningSubgraph> {
  const schema = await buildUnitsSchema();
  const capture = new CaptureService(deps.ds, { ...DEFAULT_CAPTURE_LIMITS, ...deps.captureLimits });
  const units = new UnitService(deps.ds, capture);
  const products = new ProductService(deps.ds);
  const events = new EventService(deps.ds);
  const provenance = new ProvenanceService(deps.ds);
  const stream = new MovementStream(deps.ds, { ...deps.movementStream, databaseUrl: databaseUrlOf(deps.ds) });
  await stream.start();
  const movements = new MovementService(deps.ds, stream);
  return startSubgraphServer<UnitsContext>({
    name: "units",
    schema,
    principalKey: deps.principalKey,
    port: deps.port,
    ...(deps.host ? { host: deps.host } : {}),
    bodyLimit: "20mb",
    subscriptions: true,
    onStop: () => stream.stop(),
    internal: { [RECALL_ISSUED]: new RecallMarking(deps.ds, capture, new RecallStore()).handler() },
    context: (principal: Principal) => {
      const loaders = createUnitLoaders(deps.ds);
      return { principal, loaders, units, products, events, capture, provenance, movements, authenticity: new AuthenticityService(loaders) };
    },
  });
}
