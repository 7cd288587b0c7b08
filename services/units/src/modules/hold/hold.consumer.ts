import { acceptInboxMessage, backgroundTransaction } from "@tracehub/db";
import { BadUserInput, type InternalHandler, type RelayedMessage, exactlyOnceHandler } from "@tracehub/subgraph-kit";
import type { DataSource, EntityManager } from "typeorm";
import { type TouchedUnits, movesOf, readHoldClosed, readHoldOpened } from "./hold.rules";
import type { HoldStore } from "./hold.store";

export { QUARANTINE_CLOSED, QUARANTINE_OPENED } from "./hold.rules";

/**
 * Compliance's quarantines applied to units: an open one puts the units in its scope on hold, and from then every
 * event that moves one of them (a moving business step, the unit named or inside a moved container) raises
 * MOVED_WHILE_ON_HOLD, inside the capture's transaction; a closed one lifts the hold. Messages are applied once.
 */
export class Holds {
  constructor(
    private readonly ds: DataSource,
    private readonly store: HoldStore,
  ) {}

  /** `POST /internal/quarantine.opened`. */
  openedHandler(): InternalHandler {
    return this.handler(async (em, message) => {
      const hold = readHoldOpened(message.payload);
      if (!hold) throw new BadUserInput(`Message ${message.id} is not a quarantine.opened payload (quarantineId, gtin, scope).`);
      await this.store.open(em, hold);
      return { held: hold.quarantineId };
    });
  }

  /** `POST /internal/quarantine.closed`. */
  closedHandler(): InternalHandler {
    return this.handler(async (em, message) => {
      const id = readHoldClosed(message.payload);
      if (!id) throw new BadUserInput(`Message ${message.id} is not a quarantine.closed payload (quarantineId).`);
      await this.store.close(em, id);
      return { released: id };
    });
  }

  /** Raises the alerts of a capture's moves of units on hold (capture calls it in its transaction). */
  alertMoves(em: EntityManager, touched: readonly TouchedUnits[]): Promise<void> {
    return this.store.alertMoves(em, movesOf(touched));
  }

  private handler(apply: (em: EntityManager, message: RelayedMessage) => Promise<unknown>): InternalHandler {
    return exactlyOnceHandler<EntityManager>({
      transaction: (work) => backgroundTransaction(this.ds, work),
      accept: (em, id, topic) => acceptInboxMessage(em, "units", id, topic),
      apply,
    });
  }
}
