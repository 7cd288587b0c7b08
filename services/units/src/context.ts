import type { CloneAlertFeed } from "./modules/alert/alert.service";
import type { ReadScope, SubgraphContext } from "@tracehub/subgraph-kit";
import type { HubLoaders } from "./loaders";
import type { AuthenticityService } from "./modules/authenticity/authenticity.service";
import type { VerificationStore } from "./modules/authenticity/verification.store";
import type { CaptureService } from "./modules/capture/capture.service";
import type { CaptureJobService } from "./modules/capturejob/capturejob.service";
import type { CommissioningService } from "./modules/commissioning/commissioning.service";
import type { EpcisQueryService } from "./modules/epcisquery/epcisquery.service";
import type { EventService } from "./modules/event/event.service";
import type { MovementService } from "./modules/movement/movement.service";
import type { ProductService } from "./modules/product/product.service";
import type { ProvenanceService } from "./modules/provenance/provenance.service";
import type { RecallImpactService, RecallNoticeService } from "./modules/recall/recall.service";
import type { LabelService } from "./modules/label/label.service";
import type { ReceiptService } from "./modules/receipt/receipt.service";
import type { ReportService } from "./modules/report/report.service";
import type { UnitService } from "./modules/unit/unit.service";
import type { WebhookService } from "./modules/webhook/webhook.service";

/** Per-request context of the units subgraph. */
export interface UnitsContext extends SubgraphContext {
  /** What the caller may read (derived from its principal). */
  readScope: ReadScope;
  /** Loaders limited to `readScope`. */
  loaders: HubLoaders;
  units: UnitService;
  products: ProductService;
  events: EventService;
  capture: CaptureService;
  captureJobs: CaptureJobService;
  commissioning: CommissioningService;
  provenance: ProvenanceService;
  authenticity: AuthenticityService;
  movements: MovementService<HubLoaders>;
  recallImpact: RecallImpactService;
  recallNotices: RecallNoticeService;
  reports: ReportService;
  receipts: ReceiptService;
  verificationLog: VerificationStore;
  labels: LabelService;
  webhooks: WebhookService;
  epcisQueries: EpcisQueryService;
  cloneAlerts: CloneAlertFeed;
}
