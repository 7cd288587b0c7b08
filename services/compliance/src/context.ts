import type { OutboxReader, SubgraphContext } from "@tracehub/subgraph-kit";
import type { RecallLoaders } from "./modules/recall/recall.loader";
import type { RecallService } from "./modules/recall/recall.service";

/** Per-request context of the compliance subgraph. */
export interface ComplianceContext extends SubgraphContext {
  loaders: RecallLoaders;
  recalls: RecallService;
  /** The compliance outbox (operators' view of messages to other services). */
  outbox: OutboxReader;
}
