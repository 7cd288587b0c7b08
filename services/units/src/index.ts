import type { Principal } from "@tracehub/auth";
import { backgroundSql, createServiceDataSource, migrate } from "@tracehub/db";
import { MAX_PAGE_SIZE, type RunningSubgraph, readScopeOf, observability, startSubgraphServer } from "@tracehub/subgraph-kit";
import type { DataSource, Logger } from "typeorm";
import type { UnitsContext } from "./context";
import { migrations } from "./migrations";
import { createHubLoaders } from "./loaders";
import { CloneAlertFeed, type CloneAlertFeedOptions } from "./modules/alert/alert.service";
import { AlertStore } from "./modules/alert/alert.store";
import { AuthenticityService } from "./modules/authenticity/authenticity.service";
import { VerificationStore } from "./modules/authenticity/verification.store";
import { CaptureService, DEFAULT_CAPTURE_LIMITS, type CaptureLimits } from "./modules/capture/capture.service";
import { CaptureStore } from "./modules/capture/capture.store";
import { CaptureJobService } from "./modules/capturejob/capturejob.service";
import { CaptureJobStore } from "./modules/capturejob/capturejob.store";
import { CommissioningService } from "./modules/commissioning/commissioning.service";
import { CustodyStore } from "./modules/custody/custody.store";
import { CommissioningStore } from "./modules/commissioning/commissioning.store";
import { EventService } from "./modules/event/event.service";
import { EventStore } from "./modules/event/event.store";
import { MovementService } from "./modules/movement/movement.service";
import { MovementStore } from "./modules/movement/movement.store";
import { MovementStream, type MovementStreamOptions } from "./modules/movement/movement.stream";
import { ProductEntity } from "./modules/product/product.entity";
import { ProductService } from "./modules/product/product.service";
import { ProductStore } from "./modules/product/product.store";
import { ProvenanceService } from "./modules/provenance/provenance.service";
import { ProvenanceStore } from "./modules/provenance/provenance.store";
import { RECALL_CLOSED, RECALL_ISSUED, RecallMarking, type RecallMarkingOptions } from "./modules/recall/recall.consumer";
import { type RecallImpactOptions, RecallImpactService, RecallNoticeService } from "./modules/recall/recall.service";
import { ReportService } from "./modules/report/report.service";
import { Fulfilment, ORDER_EVENTS, UNIT_FACTS, UNIT_STOCK } from "./modules/fulfilment/fulfilment.service";
import { FulfilmentStore } from "./modules/fulfilment/fulfilment.store";
import { Holds, QUARANTINE_CLOSED, QUARANTINE_OPENED } from "./modules/hold/hold.consumer";
import { HoldStore } from "./modules/hold/hold.store";
import { LabelService } from "./modules/label/label.service";
import { ReceiptService } from "./modules/receipt/receipt.service";
import { ReceiptStore } from "./modules/receipt/receipt.store";
import { ReportStore } from "./modules/report/report.store";
import { RecallStore } from "./modules/recall/recall.store";
import { UnitEntity } from "./modules/unit/unit.entity";
import { UnitService } from "./modules/unit/unit.service";
import { UnitStore } from "./modules/unit/unit.store";
import { type CriteriaOf, DeliveryWorker, type DeliveryOptions, type QueryResults } from "./modules/webhook/delivery.service";
import { EpcisQueryService, queryFilterOf } from "./modules/epcisquery/epcisquery.service";
import { EpcisQueryStore } from "./modules/epcisquery/epcisquery.store";
import { ScheduleRunner } from "./modules/epcisquery/schedule.service";
import { EpcFormatType, type EventFilter } from "./modules/event/event.input";
import { ScopeClient } from "./modules/webhook/scope.client";
import { ORDER_STATUS, WebhookService } from "./modules/webhook/webhook.service";
import { WebhookStore } from "./modules/webhook/webhook.store";
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
  /** When set, `/metrics` answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string | null;
  port: number;
  host?: string;
  /** Capture limits (default 10,000 events and 16 MB per document, event times at most 300 s ahead); each one given overrides its default. */
  captureLimits?: Partial<CaptureLimits>;
  /** Movement stream tuning (poll interval, page size, per-subscription queue bound). */
  movementStream?: Omit<MovementStreamOptions, "databaseUrl">;
  /** The suppliers subgraph's GraphQL URL (default http://127.0.0.1:4003/graphql): webhooks look up their organization's scope there. */
  suppliersUrl?: string;
  /** Whether webhooks may be http and point at loopback or private hosts (development and tests; default false). */
  webhookPrivateTargets?: boolean;
  /** Webhook worker tuning. */
  webhookDelivery?: DeliveryOptions;
  /** The live clone-alert feed's tuning (poll interval, grace). */
  cloneAlerts?: CloneAlertFeedOptions;
  /** Recall marking worker tuning (batch size, poll interval). */
  recallMarking?: RecallMarkingOptions;
  /** Recall progress tuning (how often a live progress subscription may read). */
  recallImpact?: RecallImpactOptions;
}

/** Starts the units subgraph on an initialized, migrated data source. No side effects on import. */
export async function createSubgraph(deps: UnitsDeps): Promise<RunningSubgraph> {
  const schema = await buildUnitsSchema();
  const movementStore = new MovementStore(deps.ds);
  const capture = new CaptureService(deps.ds, new CaptureStore(), (em, entries) => movementStore.append(em, entries), new CustodyStore(), { ...DEFAULT_CAPTURE_LIMITS, ...deps.captureLimits });
  const stores = { units: new UnitStore(deps.ds), products: new ProductStore(deps.ds), alerts: new AlertStore(deps.ds), recalls: new RecallStore(deps.ds), holds: new HoldStore(deps.ds) };
  const recallMarking = new RecallMarking(deps.ds, capture, stores.recalls, deps.recallMarking);
  capture.onCommissioned((em, ids) => recallMarking.markCommissioned(em, ids));
  const holds = new Holds(deps.ds, stores.holds);
  capture.onTouched((em, touched) => holds.alertMoves(em, touched));
  const fulfilment = new Fulfilment(deps.ds, capture, new FulfilmentStore(deps.ds));
  const cloneAlerts = new CloneAlertFeed(stores.alerts, deps.cloneAlerts);
  const recallImpact = new RecallImpactService(stores.recalls, stores.units, deps.recallImpact);
  const recallNotices = new RecallNoticeService(stores.recalls);
  const reports = new ReportService(new ReportStore(deps.ds));
  const verifications = new VerificationStore(deps.ds);
  const labels = new LabelService();
  const receipts = new ReceiptService(deps.ds, new ReceiptStore(deps.ds), capture);
  const units = new UnitService(stores.units);
  const products = new ProductService(stores.products);
  const commissioning = new CommissioningService(deps.ds, new CommissioningStore(), stores.products, capture);
  const events = new EventService(new EventStore(deps.ds));
  const provenance = new ProvenanceService(new ProvenanceStore(deps.ds));
  const captureJobs = new CaptureJobService(new CaptureJobStore(deps.ds), capture, new CaptureJobStore(backgroundSql(deps.ds)));
  const stream = new MovementStream(deps.ds, movementStore, { ...deps.movementStream, databaseUrl: databaseUrlOf(deps.ds) });
  await stream.start();
  captureJobs.start();
  const movements = new MovementService(capture, stream, (scope) => createHubLoaders(stores, scope));
  const webhookStore = new WebhookStore(deps.ds);
  const criteriaOf: CriteriaOf = (filter, principal) => movements.criteria(filter, principal);
  const webhooks = new WebhookService(deps.ds, webhookStore, criteriaOf, deps.webhookPrivateTargets ?? false);
  const scopes = new ScopeClient(deps.suppliersUrl ?? "http://127.0.0.1:4003/graphql", deps.principalKey);
  const epcisQueries = new EpcisQueryService(new EpcisQueryStore(deps.ds), events, deps.webhookPrivateTargets ?? false);
  const queryStore = new EpcisQueryStore(backgroundSql(deps.ds));
  // A query subscription's news: the batch's events matching its query, as its organization sees them now.
  const queryResults: QueryResults = async (webhook, principal, seqs) => {
    const query = webhook.queryName ? await queryStore.byName(webhook.orgId, webhook.queryName) : null;
    if (!query) return null;
    const format = (webhook.epcFormat ?? EpcFormatType.ALWAYS_GS1_DIGITAL_LINK) as EpcFormatType;
    const page = await events.exportPage({ filter: queryFilterOf(query.query) as EventFilter, first: MAX_PAGE_SIZE, seqs, queryName: query.name, subscriptionId: webhook.id }, format, null, readScopeOf(principal), principal.scope?.prefixes ?? []);
    return page.count > 0 ? page.document : null;
  };
  const deliveries = new DeliveryWorker(deps.ds, new WebhookStore(backgroundSql(deps.ds)), movementStore, criteriaOf, recallNotices, stores.alerts, scopes, queryResults, deps.webhookDelivery);
  deliveries.start();
  const schedules = new ScheduleRunner(deps.ds, queryStore, new WebhookStore(backgroundSql(deps.ds)), events, scopes);
  schedules.start();
  recallMarking.start();
  const operations = observability("units", deps.ds, deps.metricsToken);
  // Written by capture, counted as written (a transaction that rolls back afterwards still counted: rare).
  operations.metrics.gauge(
    "tracehub_movement_stream_lag_positions",
    "Movement stream positions committed that this process has not yet delivered to its subscribers.",
    async () => Number((await movementStore.committedHead()) - stream.position),
  );
  capture.onStored(operations.metrics.counter("tracehub_capture_events_total", "EPCIS events capture wrote (new events, not duplicates): its rate is capture events/s."));
  return startSubgraphServer<UnitsContext>({
    ...operations,
    name: "units",
    schema,
    principalKey: deps.principalKey,
    port: deps.port,
    ...(deps.host ? { host: deps.host } : {}),
    bodyLimit: "20mb",
    subscriptions: true,
    onStop: async () => {
      await captureJobs.stop();
      await deliveries.stop();
      await schedules.stop();
      await recallMarking.stop();
      await stream.stop();
    },
    internal: {
      [RECALL_ISSUED]: recallMarking.issuedHandler(),
      [RECALL_CLOSED]: recallMarking.closedHandler(),
      [QUARANTINE_OPENED]: holds.openedHandler(),
      [QUARANTINE_CLOSED]: holds.closedHandler(),
      [ORDER_EVENTS]: fulfilment.eventsHandler(),
      [UNIT_FACTS]: fulfilment.factsHandler(),
      [UNIT_STOCK]: fulfilment.stockHandler(),
      [ORDER_STATUS]: webhooks.orderStatusHandler(),
    },
    context: (principal: Principal) => {
      const readScope = readScopeOf(principal);
      // The public authenticity verdict judges every unit (and discloses only the verdict), with loaders of its own.
      const authenticity = new AuthenticityService(createHubLoaders(stores, { all: true }), verifications);
      return { principal, readScope, loaders: createHubLoaders(stores, readScope), units, products, commissioning, events, capture, captureJobs, provenance, movements, authenticity, recallImpact, recallNotices, reports, receipts, verificationLog: verifications, labels, webhooks, epcisQueries, cloneAlerts };
    },
  });
}
