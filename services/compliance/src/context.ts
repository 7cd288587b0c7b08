import type { OutboxReader, SubgraphContext } from "@tracehub/subgraph-kit";
import type { QuarantineLoaders } from "./modules/quarantine/quarantine.loader";
import type { QuarantineService } from "./modules/quarantine/quarantine.service";
import type { RecallLoaders } from "./modules/recall/recall.loader";
import type { RecallService } from "./modules/recall/recall.service";

/** Per-request context of the compliance subgraph. */
export interface ComplianceContext extends SubgraphContext {
  loaders: RecallLoaders & QuarantineLoaders;
  recalls: RecallService;
  quarantines: QuarantineService;
  /** The compliance outbox (operators' view of messages to other services). */
  outbox: OutboxReader;
}
