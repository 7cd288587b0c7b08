import { acceptInboxMessage, backgroundTransaction } from "@tracehub/db";
import { validateEpcisDocument } from "@tracehub/epcis";
import { BadUserInput, type InternalHandler, exactlyOnceHandler } from "@tracehub/subgraph-kit";
import type { DataSource, EntityManager } from "typeorm";
import type { CaptureService } from "../capture/capture.service";
import { ORDER_EVENTS, asEpcisDocument, orderRecorder, readFactsRequest, readOrderEvents, readStockRequest } from "./fulfilment.rules";
import type { FulfilmentStore } from "./fulfilment.store";

export { ORDER_EVENTS, UNIT_FACTS, UNIT_STOCK } from "./fulfilment.rules";

/**
 * Units' side of fulfilment. Orders reads, through internal endpoints, what it needs to decide an allocation, a
 * shipment or a return (a unit's status, expiry, holds, recalls, and whether the seller holds it now) and a seller's
 * sellable stock, first expiry first; and it tells units, through its outbox, the standard EPCIS events its orders
 * caused (packing, shipping, sale at delivery, return receipt, restock, quarantine, destruction). Those are
 * validated against the EPCIS 2.0 schema and captured as the seller's organization, once per message.
 */
export class Fulfilment {
  constructor(
    private readonly ds: DataSource,
    private readonly capture: CaptureService,
    private readonly store: FulfilmentStore,
  ) {}

  /** `POST /internal/unit-facts`: `{ unitIds, holder? }` → `{ units }` (units the hub never saw are left out). */
  factsHandler(): InternalHandler {
    return async (body) => {
      const request = readFactsRequest(body);
      if (!request) throw new BadUserInput("The body is not a unit-facts request ({ unitIds: string[] (at most 1,000), holder?: { org, scope } }).");
      return { units: await this.store.facts(request.unitIds, request.holder) };
    };
  }

  /** `POST /internal/unit-stock`: `{ holder, gtins, perGtin, excluded?, location? }` → `{ units }`, first expiry first per GTIN. */
  stockHandler(): InternalHandler {
    return async (body) => {
      const request = readStockRequest(body);
      if (!request) throw new BadUserInput("The body is not a unit-stock request ({ holder, gtins: GTIN-14[], perGtin: 1 to 500, excluded?, location? }).");
      return { units: await this.store.stock(request.holder, request.gtins, request.perGtin, request.excluded, request.location) };
    };
  }

  /** `POST /internal/order.events`: records an order's events on units, exactly once. */
  eventsHandler(): InternalHandler {
    return exactlyOnceHandler<EntityManager>({
      transaction: (work) => backgroundTransaction(this.ds, work),
      accept: (em, id, topic) => acceptInboxMessage(em, "units", id, topic),
      apply: async (em, message) => {
        const order = message.topic === ORDER_EVENTS ? readOrderEvents(message.payload) : null;
        if (!order) throw new BadUserInput(`Message ${message.id} is not an order.events payload (org, actor, 1 to 10 events).`);
        const checked = validateEpcisDocument(asEpcisDocument(order.events, new Date().toISOString()));
        if (!checked.valid) throw new BadUserInput(`Message ${message.id} holds events that are not valid EPCIS 2.0: ${checked.errors.slice(0, 3).map((e) => e.message).join("; ")}`);
        const outcome = await this.capture.captureBuilt(order.events, orderRecorder(order), em);
        return { recorded: outcome.stored, duplicates: outcome.duplicates };
      },
    });
  }
}
